"""The pre-session check-in over the Telegram stand-in, as a linked client: its PHQ-9 item 9 opens the SOS path
and tells the therapist which exercise (never the answer); the client goes back to the check-in, answers the
GAD-7, the homework review and the agenda, and sees both scores at the end."""

from __future__ import annotations

from bot.engine.effects import Ask
from bot.engine.events import ActionChosen, OptionChosen, TextEntered
from tests.e2e.harness import MirroredClient, RunningBot, invite_link, join
from tests.e2e.test_crisis import safety_events
from tests.e2e.test_therapist_journey import operator, shipped
from tests.support.telegram_api import TelegramStandIn

THERAPIST, CLIENT = 8_400_000_001, 8_400_000_002  # safety_events reads this client


async def test_item_nine_inside_the_check_in_opens_the_sos_path_and_the_check_in_goes_on(
    tg: TelegramStandIn, running_bot: RunningBot
) -> None:
    assert await operator(running_bot, "therapists", "add", str(THERAPIST), "--name", "Dr Ng") == 0
    therapist, client = tg.user(THERAPIST, "T"), tg.user(CLIENT, "Cleo", language_code="en")
    await join(client, await invite_link(therapist))
    await therapist.next_message()  # "accepted your invitation"

    mirrored = MirroredClient(client, shipped("pre_session_checkin"), "en")
    await mirrored.open_from_catalogue()
    assert mirrored.session is not None and isinstance(mirrored.prompt, Ask)
    await mirrored.act(ActionChosen(mirrored.session.seq, "continue", 1.0))
    for _ in range(8):
        await mirrored.act(OptionChosen(mirrored.session.seq, "1", 2.0))  # "Several days"

    item_nine = mirrored.prompt_message
    assert item_nine is not None and "better off dead" in item_nine.text
    after = mirrored.engine.handle(mirrored.session, OptionChosen(mirrored.session.seq, "1", 3.0))
    await client.press(item_nine.message_id, "Several days")
    resources = await client.next_message()
    assert "not a crisis service" in resources.text
    confirm = await client.next_message()
    notice = await therapist.next_message()
    assert "Before the session" in notice.text and "thoughts of death or self-harm" in notice.text
    assert "several days" not in notice.text.lower()

    await client.press(confirm, "No — you misunderstood me")
    choices = await client.next_message()
    await client.press(choices, "Back to my exercise")
    assert "where you left it" in (await client.next_message()).text
    difficulty = await client.next_message()
    (asked,) = [e for e in after if isinstance(e, Ask)]
    assert difficulty.text.startswith(asked.text[:40])
    mirrored.prompt, mirrored.prompt_message = asked, difficulty

    await mirrored.act(OptionChosen(mirrored.session.seq, "somewhat", 4.0))
    for _ in range(7):  # GAD-7
        await mirrored.act(OptionChosen(mirrored.session.seq, "2", 5.0))
    await mirrored.act(OptionChosen(mirrored.session.seq, "not_difficult", 6.0))
    await mirrored.act(OptionChosen(mirrored.session.seq, "partly", 7.0))
    await mirrored.act(TextEntered("Did two of the three thought records", 8.0))
    await mirrored.act(TextEntered("Late shifts", 9.0))
    await mirrored.act(TextEntered("Sleep", 10.0))
    await mirrored.act(OptionChosen(mirrored.session.seq, "done", 11.0))
    assert mirrored.session.state == "done_safety"
    end = mirrored.seen[-1].text
    assert "PHQ-9: 9 of 27 (mild)" in end and "GAD-7: 14 of 21 (moderate)" in end
    assert "Your therapist has been told" in end
    assert await safety_events(running_bot) == [("answer", "back")]
