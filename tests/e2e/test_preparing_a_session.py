"""Preparing a session over the Bot API stand-in: /review pages through every exercise with a filter, shows
each as its compact card and the full transcript on request, in the therapist's zone (named); "since last
session" starts at the session the therapist marked as held."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from bot.engine.events import TextEntered
from bot.flow_dirs import SHIPPED_FLOWS
from bot.storage import open_store
from bot.storage.records import NewTranscriptEntry
from tests.e2e.harness import MirroredClient, RunningBot, invite_link, join, plain, wait_quiet
from tests.e2e.test_therapist_journey import operator, press_through, shipped
from tests.support.telegram_api import MessageView, SimulatedUser, TelegramStandIn
from tests.support.walker import explore
from tests.therapist.scenarios import Client

THERAPIST_ID = 8_200_000_001
CLIENT_ID = 8_200_000_002


async def _therapist_with_client(tg: TelegramStandIn, bot: RunningBot) -> tuple[SimulatedUser, SimulatedUser]:
    assert await operator(bot, "therapists", "add", str(THERAPIST_ID), "--name", "Dr Rivera") == 0
    therapist = tg.user(THERAPIST_ID, "Ana")
    client = tg.user(CLIENT_ID, "Ben")
    await therapist.send("/timezone Europe/Moscow")
    assert "Europe/Moscow" in (await therapist.next_message()).text
    await join(client, await invite_link(therapist))
    assert "accepted your invitation" in (await therapist.next_message()).text
    return therapist, client


async def _seed_quick_reframes(bot: RunningBot, count: int, *, cancelled: int = 0) -> None:
    """`count` completed quick reframes (thought "worry 1", "worry 2", ...) and `cancelled` cancelled ones,
    stored as the bot stores them, at the bot's own time."""
    flow = shipped("quick_reframe")
    source = (SHIPPED_FLOWS / "quick_reframe.yaml").read_text(encoding="utf-8")
    store = await open_store(f"sqlite:///{bot.database}", clock=lambda: datetime.fromtimestamp(bot.clock(), UTC))
    try:
        for number in range(1, count + cancelled + 1):
            done = number <= count
            played = Client(flow, "en", datetime.fromtimestamp(bot.clock(), UTC), session_id=number)
            played.action("continue").text(f"worry {number}").option("80")
            if done:
                (played.option("all_or_nothing").action("done").text("a challenge").text("a kinder thought")
                 .option("30"))
            else:
                played.command("cancel")
            assert played.session.status == ("completed" if done else "cancelled"), played.session.state
            entries = [NewTranscriptEntry(e.kind, e.at, e.step_id, e.raw, e.value) for e in played.entries]
            async with store.transaction() as tx:
                person = await tx.people.find_by_telegram_id(CLIENT_ID)
                assert person is not None
                version = await tx.flow_versions.ensure(flow.id, flow.version, source)
                row = await tx.sessions.start(person.id, version, played.session.to_json(), played.session.state)
                await tx.sessions.save(row, state=played.session.to_json(), status=played.session.status,
                                       current_step=played.session.state, outcome=played.session.outcome)
                await tx.transcript.append(row.id, entries)
    finally:
        await store.close()


def _exercise_buttons(message: MessageView) -> list[str]:
    return [t for t in message.button_texts if "Quick reframe" in t or "Thought record" in t]


async def test_review_pages_past_ten_with_a_filter_card_first_transcript_on_request_in_the_therapists_zone(
    tg: TelegramStandIn, running_bot: RunningBot
) -> None:
    therapist, _client = await _therapist_with_client(tg, running_bot)
    await _seed_quick_reframes(running_bot, 12, cancelled=2)

    await therapist.send("/review")
    first = await press_through(therapist, "Ben")
    assert "completed exercises, newest first: 1–10 of 12." in first.text
    assert "Times in Europe/Moscow." in first.text
    assert len(_exercise_buttons(first)) == 10
    assert not any("cancelled" in t for t in _exercise_buttons(first))  # cancelled ones hidden under "completed"
    assert all(re.match(r"\d+ \w+ \d{4}, \d\d:\d\d · Quick reframe · Belief: 80 → 30$", t)
               for t in _exercise_buttons(first)), _exercise_buttons(first)

    await therapist.press(first, "Older ›")
    second = await therapist.next_message()
    assert "11–12 of 12." in second.text
    assert len(_exercise_buttons(second)) == 2
    assert "‹ Newer" in second.button_texts

    await therapist.press(second, "Show all, also unfinished")
    everything = await therapist.next_message()
    assert "all exercises, newest first: 1–10 of 14." in everything.text
    assert sum("cancelled" in t for t in _exercise_buttons(everything)) == 2  # the newest two
    await therapist.press(everything, "Older ›")
    rest = await therapist.next_message()
    assert "11–14 of 14." in rest.text and len(_exercise_buttons(rest)) == 4
    await therapist.press(rest, "Completed only")
    assert "1–10 of 12." in (await therapist.next_message()).text

    await therapist.send("/review")
    listing = await press_through(therapist, "Ben")
    await therapist.press(listing, _exercise_buttons(listing)[0])
    card = await therapist.next_message()
    text = plain(card.source or card.text)
    assert "Thought: worry 12 · 80 → 30" in text  # the newest: its card, with its key answers and ratings
    assert "Alternative thought: a kinder thought" in text
    assert "Times in Europe/Moscow." in text
    assert re.search(r"Quick reframe · \d+ \w+ \d{4}, \d\d:\d\d", text)
    assert "What" not in text  # no question as it was asked
    assert card.button_texts == ["Full transcript", "Add a note on this exercise", "‹ Back to the list"]

    await therapist.press(card, "Full transcript")
    transcript = await therapist.next_message()
    lines = transcript.text.splitlines()
    assert "(Europe/Moscow) · completed" in lines[1]
    assert any(re.fullmatch(r"\d\d:\d\d \([^)]*\) Thought: worry 12", line) for line in lines), lines
    assert any(line.endswith("Thinking traps: All-or-nothing thinking") for line in lines), lines
    assert len(lines) < 15
    started = re.search(r", (\d\d):(\d\d)", lines[1])
    assert started is not None
    shown = int(started[1]) * 60 + int(started[2])
    now = datetime.fromtimestamp(running_bot.clock(), UTC)
    moscow = now.astimezone(ZoneInfo("Europe/Moscow"))
    assert _minutes_apart(shown, moscow.hour * 60 + moscow.minute) < 60  # Moscow's time (UTC+3), not UTC's
    assert _minutes_apart(shown, now.hour * 60 + now.minute) > 120


def _minutes_apart(a: int, b: int) -> int:
    return min((a - b) % 1440, (b - a) % 1440)


async def _thought_record(client: SimulatedUser, words: str) -> None:
    mirrored = MirroredClient(client, shipped("thought_record"), "en")
    await mirrored.open_from_catalogue()
    for event in explore(mirrored.engine, "en").ends["done_eased"]:
        await mirrored.act(TextEntered(words, event.at) if isinstance(event, TextEntered) else event)
    assert mirrored.session is not None and mirrored.session.status == "completed"


async def test_since_last_session_starts_at_the_session_marked_as_held(
    tg: TelegramStandIn, running_bot: RunningBot
) -> None:
    therapist, client = await _therapist_with_client(tg, running_bot)
    before = "The train was late and I snapped at my sister"
    await _thought_record(client, before)  # practice of their own (not homework): nobody is told

    await therapist.send("/session")
    menu = await press_through(therapist, "Ben")
    assert "no session marked yet" in menu.text
    await therapist.press(menu, "Since last session")
    everything = await therapist.next_message()
    assert "no session marked and no earlier review: 1 completed exercise in all." in everything.text
    assert before in everything.text and "Times in Europe/Moscow." in everything.text
    assert "Mood: " in everything.text and " → " in everything.text  # the mood's name, before → after

    await therapist.press(everything, "Session held today")
    marked = await therapist.next_message()
    assert "is marked as held today" in marked.text

    after = "My manager praised the plan but I only heard the one remark"
    await _thought_record(client, after)

    await therapist.send("/session")
    menu = await press_through(therapist, "Ben")
    assert "the last session marked was held on" in menu.text
    await therapist.press(menu, "Since last session")
    since = await therapist.next_message()
    assert "since the session marked" in since.text and "1 completed exercise." in since.text
    assert after in since.text and before not in since.text
    card_lines = plain(since.source or since.text)
    for label in ("Situation:", "Mood:", "Hot thought:", "Thinking traps:", "Balanced thought:", "belief"):
        assert label in card_lines
    assert "Evidence for" not in card_lines  # only the card's fields
    assert since.button_texts[0].startswith("Transcript 1. Thought record")
    await therapist.press(since, since.button_texts[0])
    transcript = await therapist.next_message()
    assert "Evidence for:" in transcript.text and after in transcript.text

    await therapist.press(since, "Session held today")
    assert "already marked as held today" in (await therapist.next_message()).text
    await wait_quiet(therapist)


async def test_without_a_session_marked_since_last_session_counts_from_the_last_review_before_today(
    tg: TelegramStandIn, running_bot: RunningBot
) -> None:
    therapist, client = await _therapist_with_client(tg, running_bot)
    await _seed_quick_reframes(running_bot, 2)
    await therapist.send("/review")
    assert "1–2 of 2." in (await press_through(therapist, "Ben")).text  # a review: audited, with its time

    running_bot.clock.advance(2 * 86400)  # two days on, the client practises again
    newer = "The bus driver shouted and I felt it was about me"
    await _thought_record(client, newer)
    await therapist.send("/session")
    menu = await press_through(therapist, "Ben")
    await therapist.press(menu, "Since last session")
    since = await therapist.next_message()
    assert "no session marked yet; since your last review" in since.text
    assert "1 completed exercise." in since.text and newer in since.text
    assert "worry" not in since.text  # the two read at the last review are not shown again

    await therapist.send("/session")  # looking again the same day does not move the start
    menu = await press_through(therapist, "Ben")
    await therapist.press(menu, "Since last session")
    again = await therapist.next_message()
    assert "1 completed exercise." in again.text and newer in again.text


async def test_many_cards_since_last_session_go_on_over_pages_each_once(
    tg: TelegramStandIn, running_bot: RunningBot
) -> None:
    therapist, _client = await _therapist_with_client(tg, running_bot)
    await _seed_quick_reframes(running_bot, 30)
    await therapist.send("/session")
    menu = await press_through(therapist, "Ben")
    await therapist.press(menu, "Since last session")
    page = await therapist.next_message()
    assert "30 completed exercises in all." in page.text
    seen: list[int] = []
    while True:
        assert len(page.source or page.text) <= 4096
        numbers = [int(n) for n in re.findall(r"Thought: worry (\d+)", page.text)]
        transcripts = [t for t in page.button_texts if t.startswith("Transcript ")]
        assert len(transcripts) == len(numbers) > 0  # a transcript button for each card on the page
        seen += numbers
        following = [t for t in page.button_texts if t.startswith("Next page")]
        if not following:
            break
        assert re.search(r"Page \d+ of \d+\.", page.text)
        await therapist.press(page, following[0])
        page = await therapist.next_message()
    assert seen == list(range(1, 31))  # oldest first, every card once
