"""Questionnaires end to end over the Telegram stand-in: PHQ-9 is offered to a linked client and PHQ-8 to one
with no therapist; an item-9 answer above "Not at all" opens the SOS path and tells the therapist which
questionnaire, never the answer; the client goes back to the questionnaire and sees the score at the end."""

from __future__ import annotations

from bot.engine.effects import Ask
from bot.engine.events import ActionChosen, OptionChosen
from tests.e2e.harness import MirroredClient, RunningBot, consent, invite_link, join
from tests.e2e.test_crisis import safety_events
from tests.e2e.test_therapist_journey import operator, shipped
from tests.support.telegram_api import TelegramStandIn

THERAPIST, CLIENT = 8_400_000_001, 8_400_000_002


async def test_item_nine_opens_the_sos_path_and_alerts_the_therapist_without_the_answer(
    tg: TelegramStandIn, running_bot: RunningBot
) -> None:
    assert await operator(running_bot, "therapists", "add", str(THERAPIST), "--name", "Dr Ng") == 0
    therapist, client = tg.user(THERAPIST, "T"), tg.user(CLIENT, "C", language_code="en")
    await join(client, await invite_link(therapist))
    await therapist.next_message()  # "accepted your invitation"

    await client.send("/practice")
    catalogue = await client.next_message()
    assert any(t.startswith("PHQ-9") for t in catalogue.button_texts)
    assert not any(t.startswith("PHQ-8") for t in catalogue.button_texts), "PHQ-8 is for clients with no therapist"

    mirrored = MirroredClient(client, shipped("phq9"), "en")
    await mirrored.open_from_catalogue()
    assert mirrored.session is not None
    intro = mirrored.prompt
    assert isinstance(intro, Ask) and intro.kind == "button"
    await mirrored.act(ActionChosen(mirrored.session.seq, intro.buttons[0].value, 1.0))  # type: ignore[arg-type]
    for _ in range(8):
        await mirrored.act(OptionChosen(mirrored.session.seq, "0", 2.0))  # "Not at all"

    item_nine = mirrored.prompt_message
    assert item_nine is not None and "better off dead" in item_nine.text
    after = mirrored.engine.handle(mirrored.session, OptionChosen(mirrored.session.seq, "1", 3.0))
    await client.press(item_nine.message_id, "Several days")
    resources = await client.next_message()
    assert "not a crisis service" in resources.text
    confirm = await client.next_message()
    assert confirm.button_texts == ["Yes", "I'm not sure", "No — you misunderstood me"]
    notice = await therapist.next_message()
    assert "PHQ-9" in notice.text and "thoughts of death or self-harm" in notice.text
    assert "Several days" not in notice.text and "several days" not in notice.text.lower()

    await client.press(confirm, "No — you misunderstood me")
    choices = await client.next_message()
    await client.press(choices, "Back to my exercise")
    assert "where you left it" in (await client.next_message()).text
    difficulty = await client.next_message()
    (asked,) = [e for e in after if isinstance(e, Ask)]
    assert difficulty.text.startswith(asked.text[:40])
    mirrored.prompt, mirrored.prompt_message = asked, difficulty
    await mirrored.act(OptionChosen(mirrored.session.seq, "somewhat", 4.0))
    end = mirrored.seen[-1].text
    assert "PHQ-9: 1 of 27 (minimal)" in end and "Your therapist has been told" in end
    assert await safety_events(running_bot) == [("answer", "back")]


async def test_a_client_without_a_therapist_is_offered_phq8_which_says_why(
    tg: TelegramStandIn, running_bot: RunningBot
) -> None:
    client = tg.user(CLIENT, "C", language_code="en")
    await consent(client)
    await client.send("/practice")
    catalogue = await client.next_message()
    assert any(t.startswith("PHQ-8") for t in catalogue.button_texts)
    assert not any(t.startswith("PHQ-9") for t in catalogue.button_texts)
    mirrored = MirroredClient(client, shipped("phq8"), "en")
    await mirrored.open_from_catalogue()
    assert mirrored.prompt_message is not None
    assert "no therapist linked to you" in mirrored.prompt_message.text
