"""Fixtures: a running stand-in, a raw PTB Bot pointed at it, a user who has started the bot."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from telegram import Bot

from tests.support.telegram_api import SimulatedUser, TelegramStandIn

TOKEN = "123456789:AAH-stand-in-test-token"


@pytest.fixture
async def tg() -> AsyncIterator[TelegramStandIn]:
    async with TelegramStandIn.start(token=TOKEN) as stand_in:
        yield stand_in


@pytest.fixture
async def bot(tg: TelegramStandIn) -> AsyncIterator[Bot]:
    async with Bot(tg.token, base_url=tg.base_url, base_file_url=tg.base_file_url) as raw_bot:
        yield raw_bot


@pytest.fixture
async def alice(tg: TelegramStandIn) -> SimulatedUser:
    """A user whose id needs more than 32 bits, and who has pressed Start."""
    user = tg.user(7_000_000_001, "Alice", language_code="en")
    await user.send("/start")
    return user
