"""What each page shows, read through the same unit of work and therapist functions as the bot: /clients' rows
for the caseload, the card, the since-last-session cards, the review and the notes for a client, the review for an
exercise. Every read of a client's data is written to the audit log with the bot's actions and details."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, tzinfo

from bot.conversation.access import client_label, linked_client, readable_session
from bot.conversation.flow_library import FlowLibrary
from bot.conversation.therapist.caseload import RECENT, ClientRow, flow_title, read_caseload
from bot.conversation.therapist.exercises import (
    card_declaration,
    review_and_flow,
    since_when,
    therapist_zone,
)
from bot.storage import Person, StoredSession, UnitOfWork
from bot.storage.records import Assignment, HomeworkItem, TherapistNote
from bot.therapist import texts
from bot.therapist.cards import ExerciseCard, build_card
from bot.therapist.caseload import activity_day, local_date
from bot.therapist.review import ExerciseReview
from bot.web.texts import wt

SORTS = ("attention", "name", "last", "missed")
TIMELINE_PAGE = 20  # exercises a client page lists at a time, newest first
SINCE_CARDS = 20  # cards since the last session at most (the newest): a week's practice fits


def when_text(at: datetime | None, now: datetime, zone: str, language: str) -> str:
    day = activity_day(at, now, zone)
    return wt(day, language) if isinstance(day, str) else day.isoformat()


def sos_text(row: ClientRow, zone: str, language: str) -> str:
    if row.sos is None:
        return ""
    if row.sos.closed_at is None:
        return wt("sos_open", language)
    return wt("sos_recent", language, date=local_date(row.sos.at, zone).isoformat())


def sort_rows(rows: Sequence[ClientRow], sort: str) -> list[ClientRow]:
    if sort == "name":
        return sorted(rows, key=lambda r: (r.label.casefold(), r.client.id))
    if sort == "last":
        oldest = datetime.min.replace(tzinfo=UTC)
        return sorted(rows, key=lambda r: (r.last_activity or oldest, r.client.id), reverse=True)
    if sort == "missed":
        return sorted(rows, key=lambda r: (-r.week.missed, r.label.casefold()))
    return sorted(rows, key=lambda r: r.attention)


async def caseload(tx: UnitOfWork, library: FlowLibrary, therapist: Person, now: datetime, language: str,
                   sort: str) -> list[ClientRow]:
    rows = sort_rows(await read_caseload(tx, library, therapist, now, language), sort)
    # each row tells something of that client's week: audited as /clients does
    await tx.audit.record_each(therapist.id, [row.client.id for row in rows], "caseload", "web list")
    return rows


@dataclass(frozen=True, slots=True)
class HomeworkView:
    assignment: Assignment
    title: str
    done: int


@dataclass(frozen=True, slots=True)
class TimelineEntry:
    session: StoredSession
    review: ExerciseReview


@dataclass(frozen=True, slots=True)
class ClientPage:
    client: Person
    label: str
    row: ClientRow
    homework: list[HomeworkView]
    since_kind: str
    since_at: datetime | None
    since_cards: list[ExerciseCard]
    timeline: list[TimelineEntry]
    notes: list[TherapistNote]
    zone: tzinfo
    page: int = 0
    pages: int = 1
    since_more: int = 0  # exercises since the last session not carded (older than the cards shown)


async def client_page(tx: UnitOfWork, library: FlowLibrary, therapist: Person, client_id: int, now: datetime,
                      language: str, page: int = 0) -> ClientPage | None:
    """The client's figures, homework, since-last-session cards, notes, and one page of their exercises
    (TIMELINE_PAGE, newest first): only the exercises shown or carded are read in full."""
    client = await linked_client(tx, therapist, client_id)
    if client is None:
        return None
    rows = await read_caseload(tx, library, therapist, now, language, RECENT, only=client.id)
    row = next((r for r in rows if r.client.id == client.id), None)
    if row is None:
        return None
    zone = therapist_zone(therapist)
    since = await since_when(tx, therapist, client, now)  # before this page's own "review" entries
    homework = await _homework(tx, library, therapist, client, language)
    sessions = await tx.sessions.list_for_person(client.id)
    pages = max(1, -(-len(sessions) // TIMELINE_PAGE))
    page = min(max(page, 0), pages - 1)
    shown = sessions[page * TIMELINE_PAGE:(page + 1) * TIMELINE_PAGE]
    since_all = [s for s in sessions if s.status == "completed"
                 and (since.at is None or (s.finished_at or s.updated_at) >= since.at)]
    carded = since_all[:SINCE_CARDS]  # the newest; the rest are in the list of exercises
    read = {s.id: await review_and_flow(tx, library, s, language, zone) for s in {s.id: s for s in (*shown, *carded)}
            .values()}
    timeline = [TimelineEntry(s, found[0]) for s in shown if (found := read[s.id]) is not None]
    cards = [build_card(found[0], found[1], language, card=card_declaration(library, found[1]))
             for s in reversed(carded) if (found := read[s.id]) is not None]  # oldest first, as it happened
    notes = list(reversed(await tx.notes.for_client(therapist.id, client.id)))
    start = since.at.date().isoformat() if since.at else "start"
    await tx.audit.record(therapist.id, client.id, "caseload", "web card")
    await tx.audit.record(therapist.id, client.id, "review", f"web list filter=a page={page}")
    await tx.audit.record(therapist.id, client.id, "review", f"since={since.kind}:{start} exercises={len(cards)}")
    await tx.audit.record(therapist.id, client.id, "notes", f"notes={len(notes)}")
    return ClientPage(client, row.label, row, homework, since.kind, since.at, cards, timeline, notes, zone, page, pages,
                      len(since_all) - len(carded))


async def _homework(tx: UnitOfWork, library: FlowLibrary, therapist: Person, client: Person,
                    language: str) -> list[HomeworkView]:
    items: dict[int, list[HomeworkItem]] = {}
    for item in await tx.homework.items_for(therapist.id, client.id):
        items.setdefault(item.assignment_id, []).append(item)
    found = []
    for assignment in await tx.homework.assignments_for(therapist.id, client.id):
        title = await flow_title(tx, library, assignment.flow_id, None, language)
        done = sum(1 for i in items.get(assignment.id, []) if i.completed_at is not None)
        found.append(HomeworkView(assignment, title, done))
    return found


@dataclass(frozen=True, slots=True)
class ExercisePage:
    session: StoredSession
    client: Person
    label: str
    review: ExerciseReview
    notes: list[TherapistNote]


async def exercise_page(tx: UnitOfWork, library: FlowLibrary, therapist: Person, session_id: int,
                        language: str, audit: bool = True) -> ExercisePage | None:
    row = await readable_session(tx, therapist, session_id)
    found = await review_and_flow(tx, library, row, language, therapist_zone(therapist)) if row else None
    client = await tx.people.get(row.person_id) if row else None
    if row is None or found is None or client is None:
        return None
    notes = await tx.notes.for_session(therapist.id, row.id)
    if audit:
        await tx.audit.record(therapist.id, row.person_id, "review", f"session={row.id}")
        if notes:
            await tx.audit.record(therapist.id, row.person_id, "notes", f"session={row.id} notes={len(notes)}")
    label = await client_label(tx, therapist.id, client, language)
    return ExercisePage(row, client, label, found[0], notes)


def duration(seconds: int | None, language: str) -> str:
    return "" if seconds is None else wt("time_on_step", language,
                                         duration=texts.format_duration(seconds, language))
