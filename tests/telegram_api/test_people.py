"""The simulated users' side: what they send, press and see."""

from __future__ import annotations

import pytest
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup

from tests.support.telegram_api import SimulatedUser, TelegramStandIn


async def test_a_user_message_update_is_telegram_shaped(tg: TelegramStandIn, bot: Bot) -> None:
    alice = tg.user(7_000_000_001, "Alice", last_name="Liddell", username="alice", language_code="ru")
    sent = await alice.send("/start deep-link")
    [update] = await bot.get_updates()
    assert update.message is not None
    assert update.effective_user is not None
    assert update.message.message_id == sent.message_id == 1
    assert update.message.chat.type == "private"
    assert (update.effective_user.id, update.effective_user.language_code) == (7_000_000_001, "ru")
    assert [(e.type, e.offset, e.length) for e in update.message.entities] == [("bot_command", 0, 6)]


async def test_message_ids_are_shared_by_both_sides_of_a_chat(bot: Bot, alice: SimulatedUser) -> None:
    reply = await bot.send_message(alice.id, "Welcome")
    second = await alice.send("thanks")
    assert (alice.chat_log[0].message_id, reply.message_id, second.message_id) == (1, 2, 3)


async def test_editing_and_replying_make_the_right_updates(bot: Bot, alice: SimulatedUser) -> None:
    answer = await alice.send("I feel anxius")
    await alice.edit(answer, "I feel anxious")
    question = await bot.send_message(alice.id, "What happened?")
    await alice.send("A meeting", reply_to=question.message_id)
    updates = await bot.get_updates()
    edited = updates[2].edited_message
    assert edited is not None
    assert edited.text == "I feel anxious"
    assert edited.edit_date is not None
    reply = updates[3].message
    assert reply is not None
    assert reply.reply_to_message is not None
    assert reply.reply_to_message.message_id == question.message_id


async def test_press_needs_an_existing_callback_button(bot: Bot, alice: SimulatedUser) -> None:
    markup = InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton("Yes", callback_data="yes"),
                InlineKeyboardButton("Docs", url="https://example.org"),
            ]
        ]
    )
    await bot.send_message(alice.id, "Sure?", reply_markup=markup)
    question = await alice.next_message()
    assert question.buttons == ((("Yes", "yes"), ("Docs", None)),)
    with pytest.raises(LookupError):
        await alice.press(question, "No")
    with pytest.raises(LookupError):
        await alice.press(question, "Docs")
    forged = await alice.press_data(question, "admin:delete_everything")
    updates = await bot.get_updates()
    callback = updates[-1].callback_query
    assert callback is not None
    assert (callback.id, callback.data) == (forged.id, "admin:delete_everything")
    assert not forged.answered


async def test_next_message_sees_edits_as_snapshots(bot: Bot, alice: SimulatedUser) -> None:
    sent = await bot.send_message(alice.id, "Step 1")
    await bot.edit_message_text("Step 2", alice.id, sent.message_id)
    first, second = await alice.next_message(), await alice.next_message()
    assert (first.text, second.text) == ("Step 1", "Step 2")
    assert first.message_id == second.message_id
    assert [m.text for m in alice.messages] == ["Step 2"]
    await bot.delete_message(alice.id, sent.message_id)
    assert alice.messages[0].deleted
    assert alice.last_message is None


async def test_waiting_in_vain_says_what_the_chat_looked_like(bot: Bot, alice: SimulatedUser) -> None:
    await bot.send_message(alice.id, "Only this")
    alice.skip_messages()
    with pytest.raises(TimeoutError, match="Only this"):
        await alice.next_message(timeout=0.1)
    await alice.expect_no_message(within=0.05)
    await bot.send_message(alice.id, "Surprise")
    with pytest.raises(AssertionError, match="Surprise"):
        await alice.expect_no_message(within=0.05)


async def test_a_blocked_user_cannot_write_until_unblocked(tg: TelegramStandIn, alice: SimulatedUser) -> None:
    tg.block(alice)
    with pytest.raises(RuntimeError, match="blocked"):
        await alice.send("hi")
    tg.unblock(alice)
    await alice.send("hi again")
    kinds = [next(k for k in update if k != "update_id") for update in tg.updates]
    assert kinds == ["message", "my_chat_member", "my_chat_member", "message"]


async def test_stand_in_wait_until_times_out(tg: TelegramStandIn) -> None:
    with pytest.raises(TimeoutError):
        await tg.wait_until(lambda: False, timeout=0.05)
