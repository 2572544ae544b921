"""Imports point one way: front ends -> engine -> flowspec. The core never sees Telegram or SQL."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

BOT = Path(__file__).resolve().parent.parent / "bot"


def imported_modules(package: str) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for path in sorted((BOT / package).rglob("*.py")):
        names: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names.add(node.module)
        found[str(path.relative_to(BOT.parent))] = names
    return found


@pytest.mark.parametrize(
    ("package", "forbidden"),
    [
        ("flowspec", ("telegram", "sqlalchemy", "bot.engine", "bot.console", "transitions")),
        ("engine", ("telegram", "sqlalchemy", "bot.console", "bot.cli")),
        ("console", ("telegram", "sqlalchemy")),
    ],
)
def test_package_does_not_import(package: str, forbidden: tuple[str, ...]) -> None:
    modules = imported_modules(package)
    assert modules, f"no modules found in bot/{package}"
    offenders = {
        path: sorted(n for n in names if any(n == f or n.startswith(f + ".") for f in forbidden))
        for path, names in modules.items()
    }
    assert {p: n for p, n in offenders.items() if n} == {}
