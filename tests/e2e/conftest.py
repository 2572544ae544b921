"""Fixtures: the stand-in Bot API and the real bot running against it on a SQLite file."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from tests.e2e.harness import TOKEN, RunningBot
from tests.support.telegram_api import TelegramStandIn

# python-telegram-bot 22 warns when RetryAfter.retry_after is read as a number; opt in to timedeltas.
os.environ.setdefault("PTB_TIMEDELTA", "1")


@pytest.fixture
async def tg() -> AsyncIterator[TelegramStandIn]:
    async with TelegramStandIn.start(token=TOKEN) as stand_in:
        yield stand_in


@pytest.fixture
async def running_bot(tg: TelegramStandIn, tmp_path: Path) -> AsyncIterator[RunningBot]:
    bot = RunningBot(tg, tmp_path / "bot.sqlite3", speed=200.0)
    await bot.start()
    try:
        yield bot
    finally:
        await bot.stop()


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Where the dashboard's browser tests saved their screenshots, for a person to look at."""
    from tests.e2e.test_dashboard_browser import screenshots_dir

    folder = screenshots_dir()
    if folder.is_dir() and any(folder.glob("*.png")):
        terminalreporter.write_line(f"dashboard screenshots (phone and desktop width): {folder}")
