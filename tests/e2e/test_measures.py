"""Questionnaires end to end over the Telegram stand-in: PHQ-9 is offered to a linked client and PHQ-8 to one
with no therapist; an item-9 answer above "Not at all" opens the SOS path and tells the therapist which
questionnaire, never the answer; the client goes back to the questionnaire and sees the score at the end."""

from __future__ import annotations

import json
from datetime import timedelta

from bot.engine.effects import Ask
from bot.engine.events import ActionChosen, OptionChosen
from tests.e2e.harness import MirroredClient, RunningBot, consent, invite_link, join
from tests.e2e.test_caseload import _move_to, _tap, _to_next_tuesday
from tests.e2e.test_crisis import safety_events
from tests.e2e.test_therapist_journey import operator, press_through, shipped
from tests.support.telegram_api import MessageView, SimulatedUser, TelegramStandIn

THERAPIST, CLIENT = 8_400_000_001, 8_400_000_002


async def test_item_nine_opens_the_sos_path_and_alerts_the_therapist_without_the_answer(
    tg: TelegramStandIn, running_bot: RunningBot
) -> None:
    assert await operator(running_bot, "therapists", "add", str(THERAPIST), "--name", "Dr Ng") == 0
    therapist, client = tg.user(THERAPIST, "T"), tg.user(CLIENT, "Cleo", language_code="en")
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
    client = tg.user(CLIENT, "Cleo", language_code="en")
    await consent(client)
    await client.send("/practice")
    catalogue = await client.next_message()
    assert any(t.startswith("PHQ-8") for t in catalogue.button_texts)
    assert not any(t.startswith("PHQ-9") for t in catalogue.button_texts)
    mirrored = MirroredClient(client, shipped("phq8"), "en")
    await mirrored.open_from_catalogue()
    assert mirrored.prompt_message is not None
    assert "no therapist linked to you" in mirrored.prompt_message.text


TOTALS = (18, 16, 12, 11, 6, 6)  # week by week; 11 → 6 is the reliable change (−5)


async def _walk_phq9(client: SimulatedUser, listing: MessageView, total: int) -> None:
    mirrored = MirroredClient(client, shipped("phq9"), "en")
    await mirrored.open_with(listing, listing.button_texts[0])
    assert mirrored.session is not None and isinstance(mirrored.prompt, Ask)
    await mirrored.act(ActionChosen(mirrored.session.seq, mirrored.prompt.buttons[0].value, 1.0))  # type: ignore[arg-type]
    left = total
    for _ in range(8):
        score = min(3, left)
        await mirrored.act(OptionChosen(mirrored.session.seq, str(score), 2.0))
        left -= score
    await mirrored.act(OptionChosen(mirrored.session.seq, "0", 3.0))  # item 9: not at all
    await mirrored.act(OptionChosen(mirrored.session.seq, "not_difficult", 4.0))
    assert mirrored.session.status == "completed"
    assert f"PHQ-9: {total} of 27" in mirrored.seen[-1].text


async def test_phq9_weekly_for_six_weeks_reads_as_a_trend_in_review_export_and_chart(
    tg: TelegramStandIn, running_bot: RunningBot
) -> None:
    assert await operator(running_bot, "therapists", "add", str(THERAPIST), "--name", "Dr Ng") == 0
    therapist, client = tg.user(THERAPIST, "T"), tg.user(CLIENT, "Cleo", language_code="en")
    await join(client, await invite_link(therapist))
    await therapist.next_message()
    start = _to_next_tuesday(running_bot, 10)

    await therapist.send("/assign")
    confirm = await press_through(therapist, "Cleo", "PHQ-9")
    confirm = await _tap(therapist, await _tap(therapist, await _tap(therapist, confirm, "Change"), "How often"),
                         "Weekly")
    confirm = await _tap(therapist, confirm, "7")
    await therapist.press(confirm, "Assign")
    assert "has been told" in (await therapist.next_message()).text
    assert "New homework" in (await client.next_message()).text

    for week, total in enumerate(TOTALS):
        _move_to(running_bot, start + timedelta(weeks=week, hours=1))
        await client.send("/homework")
        await _walk_phq9(client, await client.next_message(), total)
        assert "completed PHQ-9" in (await therapist.next_message(timeout=10)).text

    await therapist.send("/review")
    listing = await press_through(therapist, "Cleo")
    assert "PHQ-9: 18 → 16 → 12 → 11 → 6 → 6" in listing.text and "now mild" in listing.text
    assert "reliable improvement: 11 → 6 (−5)" in listing.text
    await therapist.press(listing, listing.button_texts[0])  # the newest: 6, mild
    card = await therapist.next_message()
    assert "PHQ-9: 6 / 27 · mild" in card.text and "reliable improvement" in card.text

    await therapist.send("/export")
    document = (await press_through(therapist, "Cleo", "Everything", "JSON")).document
    assert document is not None
    exported = json.loads(document.content)
    values = [e["scores"][0]["value"] for e in sorted(exported["exercises"], key=lambda e: e["started_at"])]
    assert values == list(TOTALS)
    assert [e["scores"][0]["reliable_change"] is not None for e in sorted(
        exported["exercises"], key=lambda e: e["started_at"])] == [False, False, False, False, True, False]

    await therapist.send("/progress")
    chart = await press_through(therapist, "Cleo")
    assert chart.photo is not None and chart.photo.content.startswith(b"\x89PNG")
    assert "reliable improvement: 11 → 6 (−5)" in chart.text
