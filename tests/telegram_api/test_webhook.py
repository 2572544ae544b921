"""Webhook delivery: the secret header, retries after a failure, order within a chat, conflicts."""

from __future__ import annotations

import asyncio

import pytest
from aiohttp import web
from telegram import Bot
from telegram.error import BadRequest, Conflict

from tests.support.telegram_api import SimulatedUser, TelegramStandIn

from .expect import said
from .receivers import RecordingReceiver, serve

SECRET = "s3cret_token-1"


async def test_updates_are_posted_with_the_secret_header(
    tg: TelegramStandIn, bot: Bot, alice: SimulatedUser
) -> None:
    receiver = RecordingReceiver()
    async with serve(receiver) as url:
        assert await bot.set_webhook(url, secret_token=SECRET)
        await alice.send("hello")
        await tg.wait_until(lambda: len(receiver.received) == 2)
    assert [secret for secret, _ in receiver.received] == [SECRET, SECRET]
    assert [update["message"]["text"] for _, update in receiver.received] == ["/start", "hello"]
    info = await bot.get_webhook_info()
    assert (info.url, info.pending_update_count) == (url, 0)


async def test_a_failed_delivery_is_retried(tg: TelegramStandIn, bot: Bot, alice: SimulatedUser) -> None:
    receiver = RecordingReceiver(statuses=[500])
    async with serve(receiver) as url:
        await bot.set_webhook(url, secret_token=SECRET)
        await tg.wait_until(lambda: len(receiver.received) == 2)
    assert receiver.update_ids == [tg.updates[0]["update_id"]] * 2
    assert [(a.attempt, a.status) for a in tg.webhook_attempts] == [(1, 500), (2, 200)]
    info = await bot.get_webhook_info()
    assert info.last_error_message == "Wrong response from the webhook: 500"


async def test_delivery_gives_up_after_the_last_attempt() -> None:
    async with TelegramStandIn.start(webhook_max_attempts=3, webhook_retry_delay=0.01) as tg:
        alice = tg.user(1001, "Alice")
        receiver = RecordingReceiver(statuses=[503] * 10)
        async with serve(receiver) as url, Bot(tg.token, base_url=tg.base_url) as bot:
            await bot.set_webhook(url)
            await alice.send("/start")
            await tg.wait_until(lambda: len(tg.webhook_given_up) == 1)
        assert len(receiver.received) == 3
        assert tg.pending_updates == []


async def test_an_unreachable_webhook_is_a_connection_error(tg: TelegramStandIn, bot: Bot) -> None:
    async with serve(RecordingReceiver()) as url:
        pass  # the port is closed again
    await bot.set_webhook(url)
    await tg.user(1001, "Alice").send("/start")
    await tg.wait_until(lambda: len(tg.webhook_attempts) >= 1)
    assert tg.webhook_attempts[0].status is None
    await bot.delete_webhook()


async def test_one_chats_updates_arrive_in_order_while_chats_run_in_parallel(
    tg: TelegramStandIn, bot: Bot
) -> None:
    in_flight: set[int] = set()
    overlapped = False
    seen: dict[int, list[str]] = {}

    async def slow(request: web.Request) -> web.Response:
        nonlocal overlapped
        message = (await request.json())["message"]
        chat_id = message["chat"]["id"]
        assert chat_id not in in_flight, "two updates of one chat delivered at once"
        in_flight.add(chat_id)
        overlapped = overlapped or len(in_flight) > 1
        await asyncio.sleep(0.02)
        seen.setdefault(chat_id, []).append(message["text"])
        in_flight.discard(chat_id)
        return web.Response(status=500 if message["text"] == "2" and seen[chat_id].count("2") == 1 else 200)

    users = [tg.user(1000 + n, f"User {n}") for n in range(3)]
    async with serve(slow) as url:
        await bot.set_webhook(url)
        for text in ("1", "2", "3"):
            for user in users:
                await user.send(text)
        await tg.wait_until(lambda: sum(len(texts) for texts in seen.values()) == 12)
    assert all(seen[user.id] == ["1", "2", "2", "3"] for user in users)
    assert overlapped


async def test_set_webhook_options_are_kept_and_pending_updates_can_be_dropped(
    tg: TelegramStandIn, bot: Bot, alice: SimulatedUser
) -> None:
    receiver = RecordingReceiver()
    async with serve(receiver) as url:
        await bot.set_webhook(
            url, max_connections=5, allowed_updates=["callback_query"], drop_pending_updates=True
        )
        info = await bot.get_webhook_info()
        await alice.send("not allowed")
        await alice.expect_no_message(within=0.05)
    assert (info.max_connections, info.allowed_updates, info.pending_update_count) == (
        5,
        ("callback_query",),
        0,
    )
    assert tg.webhook is not None
    assert receiver.received == []
    assert tg.pending_updates == []


async def test_get_updates_while_a_webhook_is_set_is_a_conflict(
    tg: TelegramStandIn, bot: Bot, alice: SimulatedUser
) -> None:
    await bot.set_webhook("https://bot.example.org/telegram", drop_pending_updates=False)
    with pytest.raises(Conflict, match=said("can't use getUpdates method while webhook is active")):
        await bot.get_updates()
    await bot.delete_webhook()
    assert [u.message.text for u in await bot.get_updates() if u.message] == ["/start"]


@pytest.mark.parametrize(
    ("url", "secret", "description"),
    [
        ("http://bot.example.org/hook", None, "An https url must be provided"),
        ("not a url", None, "Invalid webhook url"),
        ("https://bot.example.org/hook", "no spaces allowed", "Secret token contains unallowed characters"),
    ],
)
async def test_bad_webhook_settings_are_refused(
    bot: Bot, url: str, secret: str | None, description: str
) -> None:
    with pytest.raises(BadRequest, match=said(description)):
        await bot.set_webhook(url, secret_token=secret)
