"""Links end from either side; homework from the list and snoozed; a private flow updated mid-exercise."""

from __future__ import annotations

import re
from pathlib import Path

from bot.flow_dirs import SHIPPED_FLOWS
from tests.e2e.harness import RunningBot, invite_link, join, wait_quiet
from tests.e2e.test_therapist_journey import operator, press_through
from tests.support.telegram_api import SimulatedUser, TelegramStandIn

THERAPIST, CLIENT = 8_300_000_001, 8_300_000_002


async def linked(tg: TelegramStandIn, bot: RunningBot) -> tuple[SimulatedUser, SimulatedUser]:
    assert await operator(bot, "therapists", "add", str(THERAPIST), "--name", "Dr Lee") == 0
    therapist, client = tg.user(THERAPIST, "T"), tg.user(CLIENT, "Cleo")
    await join(client, await invite_link(therapist))
    assert "accepted" in (await therapist.next_message()).text
    return therapist, client


async def test_the_client_unlinks_and_the_therapist_loses_access(tg: TelegramStandIn, running_bot: RunningBot) -> None:
    therapist, client = await linked(tg, running_bot)
    await therapist.send("/clients")
    assert "Cleo" in (await therapist.next_message()).text
    await client.send("/unlink")
    assert "no longer linked" in (await client.next_message()).text
    assert "is no longer linked with you" in (await therapist.next_message()).text
    await therapist.send("/review")
    assert "no linked clients" in (await therapist.next_message()).text


async def test_the_therapist_releases_a_client(tg: TelegramStandIn, running_bot: RunningBot) -> None:
    therapist, client = await linked(tg, running_bot)
    await therapist.send("/release")
    question = await press_through(therapist, "Cleo")
    assert question.text.startswith("Release Cleo") and question.button_texts == ["Yes, release",
                                                                                      "No, keep the link"]
    await therapist.press(question, "No, keep the link")
    kept = await therapist.next_message()
    assert kept.message_id == question.message_id and "stays linked" in kept.text  # one message, edited
    await client.expect_no_message(within=0.3)

    await therapist.send("/release")
    released = await press_through(therapist, "Cleo", "Yes, release")
    assert "released" in released.text and released.edits, "the question becomes the answer"
    assert "ended the link" in (await client.next_message()).text
    await client.send("/unlink")
    assert "not linked" in (await client.next_message()).text


async def test_homework_from_the_list_and_a_snoozed_reminder(tg: TelegramStandIn, tmp_path: Path) -> None:
    running_bot = RunningBot(tg, tmp_path / "bot.sqlite3", speed=1.0)  # time moves only when the test says
    await running_bot.start()
    try:
        await _homework_and_snooze(tg, running_bot)
    finally:
        await running_bot.stop()


async def _homework_and_snooze(tg: TelegramStandIn, running_bot: RunningBot) -> None:
    therapist, client = await linked(tg, running_bot)
    await therapist.send("/assign")
    confirm = await press_through(therapist, "Cleo", "Box breathing", "Change", "How often", "Weekly", "3",
                                  "Change", "Which day", "Tomorrow", "Change", "Reminder time", "08:00", "Change",
                                  "Note")
    await therapist.send("Please try it before breakfast <3")  # the note, typed
    question = await therapist.next_message()
    assert question.message_id == confirm.message_id and not question.button_texts  # its buttons are gone
    confirm = await therapist.next_message()  # the confirmation comes below the typed note
    assert "3 times" in confirm.text and "before breakfast &lt;3" in (confirm.source or "")
    await therapist.press(confirm, "Assign")
    await therapist.next_message()
    told = await client.next_message()
    assert "before breakfast <3" in told.text

    await client.send("/homework")
    listing = await client.next_message()
    assert listing.text.count("Box breathing") == 3
    running_bot.clock.advance(48 * 3600)  # tomorrow 08:00 has passed; the next week's has not
    reminder = await client.next_message(timeout=10)
    await client.press(reminder, "Remind me in an hour")
    assert "in an hour" in (await client.next_message()).text
    await wait_quiet(client, 1.0)  # not again straight away
    running_bot.clock.advance(3600)
    again = await client.next_message(timeout=10)
    assert "Reminder" in again.text
    await client.press(again, "Start")
    first = await client.next_message()
    assert "breathe" in first.text.lower()


async def test_a_session_finishes_on_the_version_it_started(tg: TelegramStandIn, running_bot: RunningBot) -> None:
    therapist, client = await linked(tg, running_bot)
    source = (SHIPPED_FLOWS / "grounding_54321.yaml").read_text(encoding="utf-8")
    source = re.sub(r"^id: grounding_54321", "id: my_grounding", source, flags=re.M)
    source = re.sub(r"^version: \d+", "version: 1", source, flags=re.M)  # the therapist's own first version
    source = source.replace("5-4-3-2-1 grounding", "My grounding", 1)
    await therapist.send_document("my_grounding.yaml", source.encode())
    assert "Added" in (await therapist.next_message()).text

    await client.send("/practice")
    catalogue = await client.next_message()
    await client.press(catalogue, next(t for t in catalogue.button_texts if t.startswith("My grounding")))
    question = await client.next_message()
    while not question.buttons:
        question = await client.next_message()
    first_prompt = question.text
    assert first_prompt[:30] in source
    changed = source.replace("version: 1", "version: 2", 1).replace(first_prompt[:30], "CHANGED TEXT", 1)
    await therapist.send_document("my_grounding.yaml", changed.encode())
    assert "Updated" in (await therapist.next_message()).text
    await client.send("/resume")
    repeated = await client.next_message()
    assert repeated.text == first_prompt, "the exercise in progress keeps its own version"


async def test_the_operator_removes_a_therapist(tg: TelegramStandIn, running_bot: RunningBot) -> None:
    therapist, client = await linked(tg, running_bot)
    assert await operator(running_bot, "therapists", "remove", str(THERAPIST)) == 0
    await therapist.send("/clients")
    assert (await therapist.next_message()).text == "This command is for therapists."
    await client.send("/unlink")
    assert "not linked" in (await client.next_message()).text
