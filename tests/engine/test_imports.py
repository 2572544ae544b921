"""The engine is pure: no Telegram, no database."""

from __future__ import annotations

import ast
from pathlib import Path

ENGINE = Path(__file__).resolve().parents[2] / "bot" / "engine"
FORBIDDEN = ("telegram", "sqlalchemy")


def imports_of(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def test_the_engine_imports_nothing_from_telegram_or_sqlalchemy() -> None:
    modules = sorted(ENGINE.rglob("*.py"))
    assert len(modules) > 10
    offenders = {
        str(path.relative_to(ENGINE)): sorted(n for n in imports_of(path) if n.split(".")[0] in FORBIDDEN)
        for path in modules
    }
    assert {p: n for p, n in offenders.items() if n} == {}


def test_the_engine_does_no_io_and_reads_no_clock() -> None:
    banned = {"time", "datetime", "os", "socket", "asyncio", "pathlib", "random"}
    for path in ENGINE.rglob("*.py"):
        assert not imports_of(path) & banned, path
