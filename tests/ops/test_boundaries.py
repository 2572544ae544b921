"""Operating the bot stays at the edges: the engine, the flow loader and the conversation know nothing of
probes, metrics or request ids, and bot/ops knows nothing of the conversation or the engine."""

from __future__ import annotations

import pytest

from tests.test_architecture import imported_modules


@pytest.mark.parametrize("package", ["engine", "flowspec", "conversation", "i18n"])
def test_the_core_does_not_import_ops(package: str) -> None:
    offenders = {path: sorted(n for n in names if n == "bot.ops" or n.startswith("bot.ops."))
                 for path, names in imported_modules(package).items()}
    assert {p: n for p, n in offenders.items() if n} == {}


def test_ops_does_not_import_the_core() -> None:
    forbidden = ("bot.engine", "bot.conversation", "bot.flowspec", "bot.transport")
    offenders = {path: sorted(n for n in names if any(n == f or n.startswith(f + ".") for f in forbidden))
                 for path, names in imported_modules("ops").items()}
    assert {p: n for p, n in offenders.items() if n} == {}
