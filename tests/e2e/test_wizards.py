"""The /assign wizard's buttons name the dialog and the question they belong to: a button of an older
/assign, or of a question already answered, is no longer active and changes nothing."""

from __future__ import annotations

from tests.e2e.harness import RunningBot, invite_link, join, wait_quiet
from tests.e2e.test_therapist_journey import operator
from tests.support.telegram_api import MessageView, SimulatedUser, TelegramStandIn

THERAPIST, CLIENT = 8_500_000_001, 8_500_000_002


async def press(user: SimulatedUser, message: MessageView, label: str) -> MessageView:
    await user.press(message, next(t for t in message.button_texts if t.startswith(label)))
    return await user.next_message()


async def test_a_button_of_an_older_wizard_is_no_longer_active(tg: TelegramStandIn, running_bot: RunningBot) -> None:
    assert await operator(running_bot, "therapists", "add", str(THERAPIST)) == 0
    therapist, client = tg.user(THERAPIST, "T"), tg.user(CLIENT, "C")
    await join(client, await invite_link(therapist))
    await therapist.next_message()  # "accepted your invitation"

    await therapist.send("/assign")
    older_flows = await press(therapist, await therapist.next_message(), "Client #")
    await therapist.send("/assign")
    flows = await press(therapist, await therapist.next_message(), "Client #")

    stale = await press(therapist, older_flows, "Box breathing")
    assert stale.text == "That button is no longer active."
    schedule = await press(therapist, flows, "Thought record")
    assert "How often" in schedule.text
    times = await press(therapist, schedule, "Daily")
    assert "How many times" in times.text

    again = await press(therapist, schedule, "Weekly")  # a question already answered
    assert again.text == "That button is no longer active."
    due = await press(therapist, times, "3")
    confirm = await press(therapist, await press(therapist, await press(therapist, due, "Tomorrow"), "08:00"),
                          "No note")
    assert "Thought record" in confirm.text and "Daily, 3 time(s)" in confirm.text
    assert (await press(therapist, older_flows, "Box breathing")).text == "That button is no longer active."
    await therapist.press(confirm, "Assign")
    assert "has been told" in (await therapist.next_message()).text
    assert "Thought record" in (await client.next_message()).text
    await wait_quiet(client)
