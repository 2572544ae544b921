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
        # The dashboard is a front end over the same services: no Telegram, no SQL of its own.
        ("web", ("telegram", "sqlalchemy", "bot.transport", "bot.storage.repositories", "bot.storage.schema")),
        # The engine and every front end use the catalogs; reading them needs only the standard library.
        ("i18n", ("telegram", "sqlalchemy", "babel", "bot.engine", "bot.conversation", "bot.transport",
                  "bot.storage", "bot.flowspec", "bot.console")),
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


def test_the_running_bot_loads_charts_and_pdfs_only_when_asked() -> None:
    """matplotlib, numpy, fpdf and their fonts are most of the bot's memory; a bot nobody asks for a chart or a
    PDF should not carry them."""
    import subprocess
    import sys

    heavy = ("matplotlib", "numpy", "fpdf", "fontTools", "PIL")
    script = ("import sys, bot.transport.app, bot.cli; "
              f"print(','.join(sorted({{m.split('.')[0] for m in sys.modules}} & set({heavy!r}))))")
    loaded = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True,
                            cwd=Path(__file__).resolve().parent.parent).stdout.strip()
    assert loaded == ""


def test_no_module_holds_translations() -> None:
    """The bot's own words are English in the code and translated in bot/i18n/locale (docs/translations.md);
    a Russian string in a module is a translation that the catalogs and their tests do not see. The crisis
    phrase normaliser and the place reader (bot/geo.py, whose place names are in bot/places.yaml) map letters,
    which is not a translation."""
    import re

    cyrillic = re.compile(r"[А-Яа-яЁё]")
    allowed = {"bot/safety/normalise.py", "bot/geo.py"}
    offenders: dict[str, list[int]] = {}
    for path in sorted(BOT.rglob("*.py")):
        name = str(path.relative_to(BOT.parent))
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docstrings = {id(node.body[0].value) for node in ast.walk(tree)
                      if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
                      and node.body and isinstance(node.body[0], ast.Expr)}
        lines = [node.lineno for node in ast.walk(tree) if isinstance(node, ast.Constant)
                 and isinstance(node.value, str) and id(node) not in docstrings and cyrillic.search(node.value)]
        if lines and name not in allowed:
            offenders[name] = lines
    assert offenders == {}


CONVERSATION = BOT / "conversation"
AUDIENCES = ("client", "therapist", "safety", "privacy")
# Shared modules that use a feature, and why; the router (it dispatches to them all) and the service (the
# crisis trigger comes before anything else) are the entry points and use whatever they need.
SHARED_USES_FEATURE = {
    # a finished homework exercise tells the therapist
    "bot/conversation/practice.py": {"bot.conversation.therapist.homework"},
}


def _imports_of(path: Path) -> set[str]:
    """Every module a file imports, at run time or for type checking; `from a import b` counts as a.b too."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def _conversation_imports() -> dict[str, set[str]]:
    return {str(path.relative_to(BOT.parent)): {n for n in _imports_of(path) if n.startswith("bot.conversation.")}
            for path in sorted(CONVERSATION.rglob("*.py"))}


def test_the_conversation_is_found_by_audience() -> None:
    for audience in AUDIENCES:
        assert (CONVERSATION / audience / "__init__.py").is_file(), audience
    assert not (CONVERSATION / "menus.py").exists()


def test_no_feature_imports_the_service_or_the_router() -> None:
    """Features take a Turn (bot.conversation.turn) and return replies; only the service knows the router, so
    the service -> feature -> service circle cannot come back."""
    entry_points = {"bot.conversation.service", "bot.conversation.router"}
    offenders = {path: sorted(n for n in names if ".".join(n.split(".")[:3]) in entry_points)
                 for path, names in _conversation_imports().items()
                 if path != "bot/conversation/service.py"}
    assert {p: n for p, n in offenders.items() if n} == {}


def test_audiences_meet_only_in_shared_modules() -> None:
    """client/, therapist/, safety/ and privacy/ use the shared modules directly in bot/conversation, never
    each other; a shared module other than the entry points uses no audience's package but as documented."""
    offenders: dict[str, list[str]] = {}
    for path, names in _conversation_imports().items():
        parts = path.split("/")
        own = parts[2] if len(parts) == 4 else None
        used = {n.split(".")[2] for n in names if n.split(".")[2] in AUDIENCES}
        if own is not None:
            crossing = sorted(used - {own})
        elif path in ("bot/conversation/service.py", "bot/conversation/router.py"):
            crossing = []
        else:
            allowed = SHARED_USES_FEATURE.get(path, set())
            crossing = sorted(n for n in names if n.split(".")[2] in AUDIENCES
                              and not any(n == a or n.startswith(a + ".") for a in allowed))
        if crossing:
            offenders[path] = crossing
    assert offenders == {}
