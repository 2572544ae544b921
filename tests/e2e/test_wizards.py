"""The /assign wizard's buttons name the dialog and the question they belong to: a button of an older
/assign, or of a question already answered, is no longer active, changes nothing, and says what to do."""

from __future__ import annotations

from tests.e2e.harness import RunningBot, invite_link, join, wait_quiet
from tests.e2e.test_therapist_journey import operator
from tests.support.telegram_api import MessageView, SimulatedUser, TelegramStandIn

THERAPIST, CLIENT = 8_500_000_001, 8_500_000_002


async def press(user: SimulatedUser, message: MessageView, label: str) -> MessageView:
    await user.press(message, next(t for t in message.button_texts if t.startswith(label)))
    return await user.next_message()


STALE = ("That button is no longer active: it belongs to an earlier step or an older /assign. Use the latest "
         "message, or send /assign to start again.")


async def test_a_button_of_an_older_wizard_is_no_longer_active(tg: TelegramStandIn, running_bot: RunningBot) -> None:
    assert await operator(running_bot, "therapists", "add", str(THERAPIST)) == 0
    therapist, client = tg.user(THERAPIST, "T"), tg.user(CLIENT, "C")
    await join(client, await invite_link(therapist))
    await therapist.next_message()  # "accepted your invitation"

    await therapist.send("/assign")
    older_flows = await press(therapist, await therapist.next_message(), "C")
    older_box = older_flows.callback_data("Box breathing")
    await therapist.send("/assign")
    flows = await press(therapist, await therapist.next_message(), "C")

    await therapist.press_data(older_flows, older_box)
    assert (await therapist.next_message()).text == STALE
    confirm = await press(therapist, flows, "Thought record")
    change = await press(therapist, confirm, "Change")
    schedule = await press(therapist, change, "How often")
    weekly = schedule.callback_data("Weekly")
    times = await press(therapist, schedule, "Daily")
    assert "How many times" in times.text and times.message_id == schedule.message_id

    await therapist.press_data(schedule, weekly)  # a question already answered
    assert (await therapist.next_message()).text == STALE
    confirm = await press(therapist, times, "3")
    confirm = await press(therapist, await press(therapist, await press(therapist, confirm, "Change"), "Which day"),
                          "Tomorrow")
    confirm = await press(therapist, await press(therapist, await press(therapist, confirm, "Change"),
                                                 "Reminder time"), "08:00")
    assert "Thought record" in confirm.text and "Daily, 3 times" in confirm.text and "08:00" in confirm.text
    await therapist.press_data(older_flows, older_box)
    assert (await therapist.next_message()).text == STALE
    await therapist.press(confirm, "Assign")
    assert "has been told" in (await therapist.next_message()).text
    assert "Thought record" in (await client.next_message()).text
    await wait_quiet(client)
