"""The real PTB Application against the stand-in: polling, webhook delivery, and many users at once."""

from __future__ import annotations

import asyncio

from tests.support.telegram_api import SimulatedUser, TelegramStandIn

from .echo_bot import polling, webhook


async def test_polling_echo_round_trip(tg: TelegramStandIn) -> None:
    alice = tg.user(7_000_000_001, "Alice")
    async with polling(tg):
        await alice.send("Hello, bot")
        reply = await alice.next_message()
    assert reply.text == "Hello, bot"
    assert reply.from_bot
    assert [call.method for call in tg.calls][:2] == ["getMe", "deleteWebhook"]


async def test_polling_quiz_press_answer_and_edit(tg: TelegramStandIn) -> None:
    alice = tg.user(1001, "Alice")
    async with polling(tg):
        await alice.send("/quiz")
        question = await alice.next_message()
        assert question.text == "Pick one"
        assert question.entities == ({"type": "bold", "offset": 0, "length": 8},)
        assert question.button_texts == ["Option A", "Option B"]
        query = await alice.press(question, "Option B")
        edited = await alice.next_message()
        await alice.wait_until(lambda user: query.answered)
    assert edited.message_id == question.message_id
    assert edited.text == "Alice picked B"
    assert edited.buttons == ()  # the edit did not repeat the keyboard, so Telegram removed it
    assert [version.text for version in edited.edits] == ["Pick one"]
    assert tg.unanswered_callback_queries() == []


async def test_webhook_echo_round_trip(tg: TelegramStandIn) -> None:
    alice = tg.user(1001, "Alice")
    async with webhook(tg, secret="webhook-secret"):
        await alice.send("via webhook")
        reply = await alice.next_message()
    assert reply.text == "via webhook"
    assert all(attempt.status == 200 for attempt in tg.webhook_attempts)


async def test_fifty_users_at_once_without_cross_talk(tg: TelegramStandIn) -> None:
    users = [tg.user(7_000_000_000 + n, f"User{n}") for n in range(50)]

    async def converse(user: SimulatedUser, n: int) -> None:
        await user.send(f"echo {n}")
        assert (await user.next_message(timeout=10)).text == f"echo {n}"
        await user.send("/quiz")
        question = await user.next_message(timeout=10)
        await user.press(question, "Option A" if n % 2 else "Option B")
        result = await user.next_message(timeout=10)
        assert result.text == f"User{n} picked {'A' if n % 2 else 'B'}"

    async with polling(tg):
        await asyncio.gather(*(converse(user, n) for n, user in enumerate(users)))
    assert tg.unanswered_callback_queries() == []
    for n, user in enumerate(users):
        assert [m.text for m in user.messages] == [f"echo {n}", f"User{n} picked {'A' if n % 2 else 'B'}"]
        [question] = user.messages[1].edits
        assert all(data and data.startswith(f"{user.id}:") for row in question.buttons for _, data in row)
