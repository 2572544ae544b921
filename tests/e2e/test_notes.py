"""A therapist's private notes and the export's layouts, over the Bot API stand-in (issue 11): notes on a client
and on an exercise are added, listed, read with the transcript, deleted, audited, and never reach the client;
exports are compact and completed-only by default, and switch to full transcripts and unfinished exercises."""

from __future__ import annotations

import csv
import io
import json
import re

from pypdf import PdfReader

from bot.engine.events import TextEntered
from tests.e2e.harness import MirroredClient, RunningBot, forced, invite_link, join, wait_quiet
from tests.e2e.test_therapist_journey import operator, press_through, shipped
from tests.support.telegram_api import MessageView, SimulatedUser, TelegramStandIn
from tests.support.walker import explore

THERAPIST_ID = 8_200_000_001
CLIENT_ID = 8_200_000_002
WORDS = "My boss frowned at my report and I froze"
CLIENT_NOTE = "Talks fast when anxious; ask about sleep next time"
EXERCISE_NOTE = "Found the balanced thought without help"


async def _linked(tg: TelegramStandIn, bot: RunningBot) -> tuple[SimulatedUser, SimulatedUser]:
    assert await operator(bot, "therapists", "add", str(THERAPIST_ID), "--name", "Dr Rivera") == 0
    therapist, client = tg.user(THERAPIST_ID, "Ana"), tg.user(CLIENT_ID, "Ben")
    await join(client, await invite_link(therapist))
    assert "accepted your invitation" in (await therapist.next_message()).text
    return therapist, client


async def _thought_record(client: SimulatedUser, *, finish: bool = True) -> None:
    mirrored = MirroredClient(client, shipped("thought_record"), "en")
    await mirrored.open_from_catalogue()
    events = explore(mirrored.engine, "en").ends["done_eased"]
    for event in events if finish else events[:4]:
        await mirrored.act(TextEntered(WORDS, event.at) if isinstance(event, TextEntered) else event)


async def _open_exercise(therapist: SimulatedUser) -> MessageView:
    """/review → the client → the newest exercise's card → its transcript's (last) page."""
    await therapist.send("/review")
    exercises = await press_through(therapist, "Ben")
    await therapist.press(exercises, exercises.button_texts[0])
    card = await therapist.next_message()
    await therapist.press(card, "Full transcript")
    return await therapist.next_message()


async def _audit(bot: RunningBot) -> list[tuple[str, str]]:
    from bot.storage import open_store

    store = await open_store(f"sqlite:///{bot.database}")
    try:
        async with store.transaction() as tx:
            therapist = await tx.people.find_by_telegram_id(THERAPIST_ID)
            assert therapist is not None
            return [(entry.action, entry.detail) for entry in await tx.audit.for_actor(therapist.id)]
    finally:
        await store.close()


async def test_notes_on_a_client_and_an_exercise(tg: TelegramStandIn, running_bot: RunningBot) -> None:
    therapist, client = await _linked(tg, running_bot)
    await _thought_record(client)

    # a note on the client: /note → the client → Add a note → the next message is the note
    await therapist.send("/note")
    listing = await press_through(therapist, "Ben")
    assert "Your notes on Ben" in listing.text and "No notes yet." in listing.text
    assert listing.button_texts == ["Add a note"]
    await therapist.press(listing, "Add a note")
    assert "never shown to the client" in (await therapist.next_message()).text
    await therapist.send(CLIENT_NOTE)
    saved = await therapist.next_message()
    assert saved.text == "Note saved."

    # a note on the exercise: the button under its transcript; the words are about risk, and are a note
    transcript = await _open_exercise(therapist)
    assert WORDS in transcript.text
    assert transcript.button_texts == ["Add a note on this exercise"]
    await therapist.press(transcript, "Add a note on this exercise")
    assert "Thought record" in (await therapist.next_message()).text
    risky = forced("sos", "self", "She said she sometimes wants to die; safety plan reviewed. " + EXERCISE_NOTE)
    await therapist.send(risky)
    assert (await therapist.next_message()).text == "Note saved."  # not the SOS path: the therapist is not at risk

    # read back with the transcript, and in the list (newest first, the exercise named, the zone shown)
    transcript = await _open_exercise(therapist)
    shown = await therapist.next_message()
    assert "Your notes on this exercise" in shown.text and EXERCISE_NOTE in shown.text and "(UTC)" in shown.text
    await therapist.send("/note")
    listing = await press_through(therapist, "Ben")
    assert listing.text.index(EXERCISE_NOTE) < listing.text.index(CLIENT_NOTE)
    assert re.search(r"on Thought record, \d+ \w+ \d{4}", listing.text)
    assert listing.button_texts == ["Add a note", "Delete note 1", "Delete note 2"]

    # deleting asks first; Keep keeps
    await therapist.press(listing, "Delete note 2")
    confirm = await therapist.next_message()
    assert CLIENT_NOTE in confirm.text and confirm.button_texts == ["Delete", "Keep"]
    await therapist.press(confirm, "Keep")
    assert (await therapist.next_message()).text == "The note stays."
    await therapist.press(confirm, "Delete")
    assert (await therapist.next_message()).text == "Note deleted."
    await therapist.send("/note")
    listing = await press_through(therapist, "Ben")
    assert CLIENT_NOTE not in listing.text and EXERCISE_NOTE in listing.text

    # the client sees none of it, not even in their own data
    await client.send("/mydata")
    as_json, as_pdf = [(await client.next_message(timeout=10)).document for _ in range(2)]
    assert as_json is not None and as_pdf is not None
    assert json.loads(as_json.content)["notes_written"] == [] and EXERCISE_NOTE not in as_json.content.decode()
    assert EXERCISE_NOTE not in " ".join(p.extract_text() for p in PdfReader(io.BytesIO(as_pdf.content)).pages)
    await wait_quiet(client)
    assert not any(EXERCISE_NOTE in m.text for m in client.messages)

    actions = [action for action, _ in await _audit(running_bot)]
    assert actions.count("notes") >= 4  # two lists, the notes shown with a transcript, the note shown to delete
    assert actions.count("review") == 6  # the exercise opened twice: each time its list, card and transcript


async def test_a_note_can_be_cancelled_and_a_stranger_cannot_add_one(
    tg: TelegramStandIn, running_bot: RunningBot
) -> None:
    therapist, _client = await _linked(tg, running_bot)
    await therapist.send("/note")
    listing = await press_through(therapist, "Ben")
    add = listing.buttons[0][0][1]
    await therapist.press(listing, "Add a note")
    await therapist.next_message()
    await therapist.send("/cancel")
    assert (await therapist.next_message()).text == "No note saved."
    await therapist.send("Not a note: typed after /cancel")
    assert "No note" not in (await therapist.next_message()).text

    assert await operator(running_bot, "therapists", "add", "8200000099") == 0
    stranger = tg.user(8_200_000_099, "Eve")
    await stranger.send("/note")
    assert "no linked clients" in (await stranger.next_message()).text
    await stranger.send("/help")
    await stranger.press_data(await stranger.next_message(), add or "")  # a forged button naming someone else's client
    assert "not available" in (await stranger.next_message()).text


async def test_exports_are_compact_and_completed_by_default(tg: TelegramStandIn, running_bot: RunningBot) -> None:
    therapist, client = await _linked(tg, running_bot)
    await _thought_record(client)
    await _thought_record(client, finish=False)  # a second one, left unfinished
    await therapist.send("/note")
    listing = await press_through(therapist, "Ben")
    await therapist.press(listing, "Add a note")
    await therapist.next_message()
    await therapist.send(CLIENT_NOTE)
    await therapist.next_message()

    await therapist.send("/export")
    menu = await press_through(therapist, "Ben", "Everything")
    assert "Compact: one card per exercise, completed exercises only" in menu.text
    assert menu.button_texts == ["PDF", "CSV", "JSON", "Full transcripts instead", "Include unfinished"]
    await therapist.press(menu, "CSV")
    compact = (await therapist.next_message()).document
    assert compact is not None and (compact.filename or "").endswith("-compact.csv")
    rows = list(csv.DictReader(io.StringIO(compact.content.decode("utf-8-sig"))))
    # the unfinished one left out; the thought record rates the mood and the belief in the hot thought
    assert [(r["status"], r["measure"]) for r in rows] == [("completed", "mood"), ("completed", "belief")]
    assert WORDS in rows[0]["card"] and rows[0]["before"] and rows[0]["after"]

    await therapist.press(menu, "Full transcripts instead")
    full_menu = await therapist.next_message()
    assert "Full: every question and answer, completed exercises only" in full_menu.text
    await therapist.press(full_menu, "Include unfinished")
    everything = await therapist.next_message()
    assert "Full: every question and answer, all exercises, finished or not" in everything.text
    await therapist.press(everything, "CSV")
    full = (await therapist.next_message()).document
    assert full is not None
    rows = list(csv.DictReader(io.StringIO(full.content.decode("utf-8-sig"))))
    assert {r["status"] for r in rows} == {"completed", "in_progress"} and any(WORDS in r["answer"] for r in rows)

    pages = {}
    for message, name in ((menu, "compact"), (everything, "full")):
        await therapist.press(message, "PDF")
        document = (await therapist.next_message()).document
        assert document is not None
        reader = PdfReader(io.BytesIO(document.content))
        pages[name] = (len(reader.pages), " ".join(p.extract_text() for p in reader.pages))
    assert pages["compact"][0] < pages["full"][0]
    assert CLIENT_NOTE in pages["compact"][1].replace("\n", " ") and CLIENT_NOTE in pages["full"][1].replace("\n", " ")
    assert "Think of one specific moment" not in pages["compact"][1]
    assert "Think of one specific moment" in pages["full"][1]

    details = [detail for action, detail in await _audit(running_bot) if action == "export"]
    assert "layout=compact scope=completed notes=1" in details[0] and "exercises=1" in details[0]
    assert "layout=full scope=all" in details[1] and "exercises=2" in details[1]
