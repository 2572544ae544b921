"""A goal kept across exercises over the Bot API stand-in: set in "SMART goal" with a follow-up, the follow-up's
reminder fires on the day chosen (fake clock), and its Start opens "Goal review", which offers the kept goal and
marks it done; /saved shows it."""

from __future__ import annotations

from tests.e2e.harness import RunningBot, consent
from tests.support.telegram_api import TelegramStandIn
from tests.support.telegram_api.messages import MessageView

GOAL = "Walk 20 minutes three times a week"


async def answer(user, text: str) -> MessageView:  # type: ignore[no-untyped-def]
    await user.send(text)
    return await user.next_message()


async def test_a_goal_set_with_a_follow_up_is_reminded_and_reviewed(
    tg: TelegramStandIn, running_bot: RunningBot
) -> None:
    user = tg.user(7_100_000_041, "Ola", language_code="en")
    await consent(user)
    await user.send("/practice")
    catalogue = await user.next_message()
    await user.press(catalogue, next(t for t in catalogue.button_texts if t.startswith("SMART goal · ")))
    assert "clear goal" in (await user.next_message()).text
    await user.next_message()  # what would you like to change
    for text in ("Be fitter", "Walk 20 minutes", "3 times a week", "Energy"):
        await answer(user, text)
    scale = await answer(user, "End of March")
    await user.press(scale, "8")
    assert "Here is what you wrote" in (await user.next_message()).text
    await user.next_message()  # the goal in one sentence
    summary = await answer(user, GOAL)
    await user.press(summary, "Looks right")
    days = await user.next_message()
    assert days.button_texts[:2] == ["Today", "Tomorrow"] and days.button_texts[-1] == "No reminder"
    await user.press(days, "Tomorrow")
    times = await user.next_message()
    await user.press(times, "19:00")
    ending = [await user.next_message(), await user.next_message()]
    assert any("Your goal is saved" in m.text for m in ending)
    assert any("Reminder set: Goal review on" in m.text and "at 19:00" in m.text for m in ending)

    await user.send("/saved")
    saved = await user.next_message()
    assert "My goals" in saved.text and GOAL in saved.text

    running_bot.clock.advance(48 * 3600)  # tomorrow's 19:00 comes
    reminder = await user.next_message(timeout=10)
    assert "Reminder" in reminder.text and "Goal review" in reminder.text
    await user.press(reminder, "Start")
    review = await user.next_message()
    assert f"• {GOAL}" in review.text
    assert review.button_texts == [GOAL[:38] + "…" if len(GOAL) > 40 else GOAL, "I have no goal yet", "Another goal"]
    await user.press(review, review.button_texts[0])
    progress = await user.next_message()
    await user.press(progress, "7")
    helped = await user.next_message()
    await user.press(helped, "Skip")
    reached = await user.next_message()
    await user.press(reached, "Yes, mark it done")
    assert "marked done" in (await user.next_message()).text

    await user.send("/saved")
    saved = await user.next_message()
    assert f"{GOAL} (done)" in saved.text
