"""Storage knows nothing of Telegram, and the engine knows nothing of storage."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

BOT = Path(__file__).resolve().parents[2] / "bot"


def _imports(package: str) -> dict[str, set[str]]:
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
    [("storage", ("telegram", "bot.transport", "bot.console")), ("engine", ("bot.storage",))],
)
def test_package_does_not_import(package: str, forbidden: tuple[str, ...]) -> None:
    offenders = {
        path: sorted(n for n in names if any(n == f or n.startswith(f + ".") for f in forbidden))
        for path, names in _imports(package).items()
    }
    assert {path: names for path, names in offenders.items() if names} == {}
