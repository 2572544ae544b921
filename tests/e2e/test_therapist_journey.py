"""The therapist's whole workflow over the Bot API stand-in: made a therapist by the operator, invites a
client, assigns the thought record, the reminder fires, the client completes it, the therapist is told
(without the client's words), reviews, exports, charts, and uploads flows."""

from __future__ import annotations

import asyncio
import csv
import io
import json
import re

import pytest
from pypdf import PdfReader

from bot.cli import main as cli
from bot.engine.events import TextEntered
from bot.flow_dirs import SHIPPED_FLOWS
from bot.flowspec import load_flow_file
from bot.flowspec.model import Flow
from tests.e2e.harness import MirroredClient, RunningBot, consent, join, skip_place, wait_quiet
from tests.support.telegram_api import MessageView, SimulatedUser, TelegramStandIn
from tests.support.walker import explore

THERAPIST_ID = 8_100_000_001
CLIENT_ID = 8_100_000_002
PNG = b"\x89PNG\r\n\x1a\n"


def shipped(flow_id: str) -> Flow:
    flow = load_flow_file(SHIPPED_FLOWS / f"{flow_id}.yaml").flow
    assert flow is not None
    return flow


async def operator(bot: RunningBot, *args: str) -> int:
    """`cbt-bot ...` as the operator runs it, on the bot's database."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DATABASE_URL", f"sqlite:///{bot.database}")
        return await asyncio.to_thread(cli, list(args))


async def press_through(user: SimulatedUser, *labels: str) -> MessageView:
    """Presses one button on each of the next messages; returns the message after the last press."""
    for label in labels:
        message = await user.next_message()
        matching = [t for t in message.button_texts if t == label or t.startswith(label)]
        assert matching, f"no button {label!r} in {message.button_texts} ({message.text[:80]!r})"
        await user.press(message, matching[0])
    return await user.next_message()


async def test_the_whole_homework_journey(tg: TelegramStandIn, running_bot: RunningBot) -> None:
    assert await operator(running_bot, "therapists", "add", str(THERAPIST_ID), "--name", "Dr Rivera") == 0
    therapist = tg.user(THERAPIST_ID, "Ana")
    client = tg.user(CLIENT_ID, "Ben")

    await therapist.send("/invite")
    invitation = await therapist.next_message()
    code = re.search(r"start=([A-Za-z0-9_-]+)", invitation.text)
    assert code is not None, invitation.text

    await client.start(code.group(1))
    welcome = await client.next_message()
    assert "not a crisis service" in welcome.text  # the welcome and consent of /start come first
    await client.press(welcome, "I agree")
    join = await client.next_message()
    assert "Dr Rivera" in join.text and "/unlink" in join.text  # who, what they will see, how to leave
    await client.press(join, join.button_texts[0])
    assert "linked" in (await client.next_message()).text
    await skip_place(client, await client.next_message())
    assert "accepted your invitation" in (await therapist.next_message()).text

    await therapist.send("/assign")
    confirm = await press_through(therapist, "Ben", "Thought record", "Change", "Which day", "Tomorrow")
    assert "Thought record" in confirm.text and "20:00" in confirm.text
    await therapist.press(confirm, "Assign")
    assert "has been told" in (await therapist.next_message()).text
    told = await client.next_message()
    assert "New homework" in told.text and "Thought record" in told.text

    running_bot.clock.advance(48 * 3600)  # tomorrow's 20:00 comes (never before the test has started)
    reminder = await client.next_message(timeout=10)
    assert "Reminder" in reminder.text
    assert reminder.button_texts == ["Start", "Remind me in an hour"]

    flow = shipped("thought_record")
    mirrored = MirroredClient(client, flow, "en")
    await mirrored.open_with(reminder, "Start")
    words = "My boss frowned at my report and I froze"
    for event in explore(mirrored.engine, "en").ends["done_eased"]:
        await mirrored.act(TextEntered(words, event.at) if isinstance(event, TextEntered) else event)
    assert mirrored.session is not None and mirrored.session.status == "completed"

    notice = await therapist.next_message(timeout=10)
    assert "completed Thought record" in notice.text
    assert "mood:" in notice.text and "→" in notice.text  # the rating change
    assert words not in notice.text and "boss" not in notice.text  # never the client's words

    await therapist.send("/review")
    exercises = await press_through(therapist, "Ben")
    assert exercises.button_texts, "the exercises, newest first"
    await therapist.press(exercises, exercises.button_texts[0])
    card = await therapist.next_message()  # the compact card first
    assert words in card.text and "Situation" in card.text
    await therapist.press(card, "Full transcript")
    transcript = await therapist.next_message()
    assert words in transcript.text and "Evidence for" in transcript.text

    documents = {}
    for fmt in ("PDF", "CSV", "JSON"):
        await therapist.send("/export")
        document = await press_through(therapist, "Ben", "Everything", fmt)
        assert document.document is not None, document
        documents[fmt] = document.document.content
    pdf_text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(documents["PDF"])).pages)
    assert words in pdf_text.replace("\n", " ")
    rows = list(csv.DictReader(io.StringIO(documents["CSV"].decode("utf-8-sig"))))
    assert any(words in row["card"] for row in rows)  # compact cards by default
    exported = json.loads(documents["JSON"])
    assert words in json.dumps(exported, ensure_ascii=False)

    await therapist.send("/progress")
    chart = await press_through(therapist, "Ben")
    assert chart.photo is not None and chart.photo.content.startswith(PNG)

    audit = await _audit_actions(running_bot)
    # reading the list, the card and the transcript are each a read of the client's data
    assert sorted(audit) == sorted(["review", "review", "review", "export", "export", "export", "progress"])


async def test_custom_flows_are_validated_versioned_and_private(
    tg: TelegramStandIn, running_bot: RunningBot
) -> None:
    assert await operator(running_bot, "therapists", "add", str(THERAPIST_ID)) == 0
    therapist = tg.user(THERAPIST_ID, "Ana")
    source = (SHIPPED_FLOWS / "grounding_54321.yaml").read_text(encoding="utf-8")
    source = re.sub(r"^id: grounding_54321", "id: my_grounding", source, flags=re.M)
    source = re.sub(r"^version: \d+", "version: 1", source, flags=re.M)  # the therapist's own first version
    source = source.replace("5-4-3-2-1 grounding", "My grounding", 1)
    broken = source.replace("type: scale", "type: scael", 1).replace("version: 1", "version: many", 1)
    await therapist.send_document("my_grounding.yaml", broken.encode())
    refused = await therapist.next_message()
    assert "2 errors" in refused.text and "not saved" in refused.text
    assert re.search(r"my_grounding\.yaml:\d+:\d+: \[unknown-step-type\]", refused.text)
    assert re.search(r"my_grounding\.yaml:\d+:\d+: \[bad-value\]", refused.text)

    await therapist.send_document("my_grounding.yaml", source.encode())
    assert "Added" in (await therapist.next_message()).text
    await therapist.send_document("my_grounding.yaml", source.replace("version: 1", "version: 2", 1).encode())
    assert "Updated" in (await therapist.next_message()).text
    await therapist.send("/flows")
    assert "my_grounding</code> — v2" in ((await therapist.next_message()).source or "")

    stranger = tg.user(8_100_000_099, "Cy")  # not linked: never sees the private flow
    await consent(stranger)
    shown = await _catalogue_ids(stranger)  # the shipped flows but PHQ-9 (for linked clients), not the private one
    unlinked = [f for p in SHIPPED_FLOWS.glob("*.yaml") if (f := load_flow_file(p).flow) and f.offered_to != "linked"]
    assert len(shown) == len(unlinked) and not any("my_grounding" in data or "phq9" in data for data in shown)
    assert not any("my_grounding" in data for data in await _catalogue_ids(stranger))

    await therapist.send("/invite")
    code = re.search(r"start=([A-Za-z0-9_-]+)", (await therapist.next_message()).text)
    assert code is not None
    client = tg.user(CLIENT_ID, "Ben")
    await join(client, code.group(1))
    assert any("my_grounding" in data for data in await _catalogue_ids(client))
    await wait_quiet(therapist)


async def _catalogue_ids(user: SimulatedUser) -> list[str]:
    await user.send("/practice")
    catalogue = await user.next_message()
    return [data or "" for row in catalogue.buttons for _, data in row]


async def _audit_actions(bot: RunningBot) -> list[str]:
    from bot.storage import open_store

    store = await open_store(f"sqlite:///{bot.database}")
    try:
        async with store.transaction() as tx:
            therapist = await tx.people.find_by_telegram_id(THERAPIST_ID)
            assert therapist is not None
            return [entry.action for entry in await tx.audit.for_actor(therapist.id)]
    finally:
        await store.close()
