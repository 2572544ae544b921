"""The end-to-end fixtures: the stand-in Bot API (tg) and the real bot against it (running_bot)."""

from tests.e2e.conftest import running_bot, tg

__all__ = ["running_bot", "tg"]
