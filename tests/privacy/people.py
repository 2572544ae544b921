"""Personal data for the export tests: shipped exercises run through the real engine (tests/therapist/
scenarios.py), as the storage would return them, with homework, links, invites, reads and a dialog."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta

from bot.flowspec.model import TextStep
from bot.storage.records import (
    Assignment,
    AuditData,
    AuditEntry,
    CustomFlow,
    Dialog,
    DigestSettings,
    FlowVersion,
    HomeworkData,
    HomeworkItem,
    Invite,
    Link,
    LinkData,
    Person,
    PersonalData,
    SafetyEvent,
    SessionData,
    TherapistNote,
    TherapySession,
)
from bot.storage.repositories.flow_versions import content_hash
from bot.therapist.flowmap import step_for_key
from tests.therapist.scenarios import FLOWS, START, Client, box_breathing, thought_record, thought_record_ru_abandoned

CLIENT_ID, THERAPIST_ID = 7, 3
TELEGRAM_ID = 2**40 + 7
THERAPIST_NAME = "Dr. Tessaract"
NOTE = "Please write down three thoughts before Friday"
GENERATED = datetime(2026, 11, 21, 9, 30, tzinfo=UTC)
VERSION_IDS = {"thought_record": 3, "box_breathing": 4}


def version(flow_id: str) -> FlowVersion:
    source = (FLOWS / f"{flow_id}.yaml").read_text(encoding="utf-8")
    return FlowVersion(VERSION_IDS[flow_id], flow_id, 1, content_hash(source), source, START)


def session_data(client: Client, status: str | None = None) -> SessionData:
    row = client.row(status, person_id=CLIENT_ID, flow_version_id=VERSION_IDS[client.flow.id])  # type: ignore[arg-type]
    return SessionData(row, tuple(client.entries))


def person(language: str = "en", timezone: str = "Europe/Berlin") -> Person:
    return Person(
        id=CLIENT_ID, telegram_id=TELEGRAM_ID, role="client", language=language, timezone=timezone, country="DE",
        consent_given_at=START - timedelta(days=3), consent_withdrawn_at=None, blocked_at=None,
        created_at=START - timedelta(days=3, minutes=1), updated_at=START - timedelta(days=1),
    )


def personal_data(language: str = "en", clients: list[tuple[Client, str | None]] | None = None) -> PersonalData:
    """A client with exercises (by default: an English thought record, box breathing, and a Russian thought
    record they abandoned), a homework assignment, two links, a used invite, two reads and a dialog."""
    if clients is None:
        clients = [(thought_record(), None), (box_breathing(START + timedelta(days=1)), None),
                   (thought_record_ru_abandoned(START + timedelta(days=2)), "abandoned")]
    assignment = Assignment(
        id=11, therapist_id=THERAPIST_ID, client_id=CLIENT_ID, flow_id="thought_record", schedule="daily", times=2,
        first_due_on=date(2026, 11, 10), remind_at=time(9, 0), timezone="Europe/Berlin", note=NOTE,
        created_at=START - timedelta(days=1), cancelled_at=None,
    )
    items = (
        HomeworkItem(21, 11, CLIENT_ID, "thought_record", date(2026, 11, 10), START - timedelta(hours=11), 1,
                     START + timedelta(minutes=12), START - timedelta(hours=11)),
        HomeworkItem(22, 11, CLIENT_ID, "thought_record", date(2026, 11, 11), START + timedelta(hours=13), None,
                     None, None),
    )
    links = (
        LinkData(Link(1, 9, CLIENT_ID, START - timedelta(days=3), START - timedelta(days=2), "replaced"),
                 "client", 9, "Dr. Ullagong"),
        LinkData(Link(2, THERAPIST_ID, CLIENT_ID, START - timedelta(days=2), None, None), "client", THERAPIST_ID,
                 THERAPIST_NAME),
    )
    reads = (
        AuditData(AuditEntry(31, START + timedelta(days=3), THERAPIST_ID, CLIENT_ID, "review", "session=1"),
                  THERAPIST_NAME),
        AuditData(AuditEntry(32, START + timedelta(days=4), None, CLIENT_ID, "export", "format=pdf"), None),
    )
    invite = Invite(41, "client", THERAPIST_ID, START - timedelta(days=2, hours=1), START + timedelta(days=5),
                    START - timedelta(days=2), CLIENT_ID)
    flows = sorted({c.flow.id for c, _ in clients})
    return PersonalData(
        person=person(language),
        sessions=tuple(session_data(c, status) for c, status in clients),
        flow_versions=tuple(version(f) for f in flows),
        homework=(HomeworkData(assignment, items, THERAPIST_NAME),),
        assignments_made=(),
        links=links,
        invites=(invite,),
        reads_of_their_data=reads,
        their_reads=(),
        dialog=Dialog(CLIENT_ID, "privacy", {"step": "confirm"}, START + timedelta(days=5)),
        custom_flows=(),
        safety_events=(SafetyEvent(61, CLIENT_ID, START + timedelta(days=6), "command", "requested", "", ("breathe",),
                                   "back", START + timedelta(days=6, minutes=4)),
                       SafetyEvent(62, CLIENT_ID, START + timedelta(days=7), "detected", "indirect", "en.indirect.x",
                                   ("check_in_yes", "breathe"), None, None, response="sos", category="home"),
                       SafetyEvent(63, CLIENT_ID, START + timedelta(days=8), "detected", "indirect", "en.indirect.y",
                                   ("check_in_no",), "no", START + timedelta(days=8, minutes=1),
                                   response="check_in", category="self")),
        therapy_sessions=(TherapySession(THERAPIST_ID, CLIENT_ID, START + timedelta(days=9)),),
    )


THERAPIST_NOTE = "Private: avoids talking about the weekend"


def therapist_data() -> PersonalData:
    """A therapist: clients by number, assignments made, reads made, a custom flow."""
    data = personal_data(clients=[])
    made = replace(data.homework[0].assignment, therapist_id=CLIENT_ID, client_id=12)
    return replace(
        data,
        person=replace(data.person, role="therapist", display_name="Dr. Me"),
        homework=(),
        assignments_made=(made,),
        links=(LinkData(Link(5, CLIENT_ID, 12, START, None, None), "therapist", 12, None),),
        reads_of_their_data=(),
        their_reads=(AuditData(AuditEntry(33, START, CLIENT_ID, 12, "progress", "weeks=4")),),
        custom_flows=(CustomFlow(51, CLIENT_ID, "box_breathing", 4, 1, START, START),),
        flow_versions=(version("box_breathing"),),
        notes_written=(TherapistNote(71, CLIENT_ID, 12, None, THERAPIST_NOTE, START),
                       TherapistNote(72, CLIENT_ID, 12, 9, "Found the balanced thought quickly", START)),
        digest=DigestSettings(CLIENT_ID, "weekly", time(8, 30), 0, START, None, True, START),
    )


def typed(client: Client) -> list[str]:
    """What the client typed in text steps (buttons and scales excluded): their own words."""
    words = []
    for entry in client.entries:
        if (entry.kind == "answer" and entry.raw and isinstance(entry.value, dict)
                and isinstance(step_for_key(client.flow, str(entry.value.get("key"))), TextStep)):
            words.append(entry.raw)
    return words
