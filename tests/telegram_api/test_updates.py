"""getUpdates: numbering, offsets, long polling, allowed_updates, replayed duplicates."""

from __future__ import annotations

import asyncio
import time

import pytest
from telegram import Bot
from telegram.error import Conflict

from tests.support.telegram_api import SimulatedUser, TelegramStandIn

from .expect import said


async def test_update_ids_increase_by_one_from_a_settable_counter(tg: TelegramStandIn, bot: Bot) -> None:
    tg.next_update_id = 900_000_000
    alice = tg.user(1001, "Alice")
    await alice.send("/start")
    await alice.send("hello")
    updates = await bot.get_updates()
    assert [u.update_id for u in updates] == [900_000_000, 900_000_001]
    assert [u.message.text for u in updates if u.message] == ["/start", "hello"]


async def test_an_offset_confirms_older_updates(bot: Bot, alice: SimulatedUser) -> None:
    await alice.send("one")
    first = await bot.get_updates()
    assert len(first) == 2  # /start and "one"
    assert await bot.get_updates() == first  # not confirmed yet: delivered again
    await alice.send("two")
    rest = await bot.get_updates(offset=first[-1].update_id + 1)
    assert [u.message.text for u in rest if u.message] == ["two"]
    assert await bot.get_updates(offset=first[0].update_id) == rest  # confirmed ones do not come back


async def test_limit_and_negative_offset(tg: TelegramStandIn, bot: Bot, alice: SimulatedUser) -> None:
    for text in ("a", "b", "c"):
        await alice.send(text)
    assert len(await bot.get_updates(limit=2)) == 2
    last = await bot.get_updates(offset=-1)
    assert [u.message.text for u in last if u.message] == ["c"]
    assert len(tg.pending_updates) == 1


async def test_long_polling_answers_as_soon_as_an_update_arrives(tg: TelegramStandIn, bot: Bot) -> None:
    alice = tg.user(1001, "Alice")

    async def write_later() -> None:
        await asyncio.sleep(0.2)
        await alice.send("/start")

    started = time.monotonic()
    writer = asyncio.create_task(write_later())
    updates = await bot.get_updates(timeout=5)
    await writer
    assert len(updates) == 1
    assert time.monotonic() - started < 2


async def test_long_polling_returns_nothing_after_the_timeout(bot: Bot) -> None:
    started = time.monotonic()
    assert await bot.get_updates(timeout=1) == ()
    assert 0.9 < time.monotonic() - started < 3


async def test_a_second_poller_terminates_the_first(tg: TelegramStandIn, bot: Bot) -> None:
    first = asyncio.create_task(bot.get_updates(timeout=5))
    await asyncio.sleep(0.2)
    async with Bot(tg.token, base_url=tg.base_url) as second_instance:
        assert await second_instance.get_updates(timeout=0) == ()
    with pytest.raises(Conflict, match=said("terminated by other getUpdates request")):
        await first


async def test_allowed_updates_filters_updates_created_afterwards(tg: TelegramStandIn, bot: Bot) -> None:
    alice = tg.user(1001, "Alice")
    await bot.get_updates(allowed_updates=["callback_query"])
    await alice.send("/start")
    assert await bot.get_updates() == ()
    await bot.get_updates(allowed_updates=[])  # back to the default: all but a few kinds
    await alice.send("/start")
    assert len(await bot.get_updates()) == 1


async def test_an_injected_duplicate_is_delivered_again(
    tg: TelegramStandIn, bot: Bot, alice: SimulatedUser
) -> None:
    [original] = await bot.get_updates()
    await bot.get_updates(offset=original.update_id + 1)  # confirmed
    assert tg.inject_update(tg.updates[0]) == original.update_id
    [replayed] = await bot.get_updates(offset=original.update_id + 1)
    assert replayed == original
    await alice.send("next")
    [following] = await bot.get_updates(offset=replayed.update_id + 1)
    assert following.update_id == original.update_id + 1
