"""What the repositories return: plain frozen values, so callers never hold an ORM object."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any, Literal

Role = Literal["client", "therapist"]
SessionStatus = Literal["active", "paused", "completed", "cancelled", "ended", "abandoned"]
EntryKind = Literal["prompt", "answer", "event"]

OPEN_STATUSES: tuple[SessionStatus, ...] = ("active", "paused")


@dataclass(frozen=True, slots=True)
class Person:
    id: int
    telegram_id: int
    role: Role
    language: str | None
    timezone: str  # an IANA name
    consent_given_at: datetime | None
    consent_withdrawn_at: datetime | None
    blocked_at: datetime | None  # the bot got 403 from Telegram; do not message until they write again
    created_at: datetime
    updated_at: datetime
    display_name: str | None = None  # a therapist's name as clients see it
    telegram_language: str | None = None  # the language_code of their Telegram app; `language` is their choice
    country: str | None = None  # ISO 3166 code they chose (/country); else their time zone tells it
    first_name: str | None = None  # their Telegram profile's first name, as last seen

    @property
    def has_consent(self) -> bool:
        given, withdrawn = self.consent_given_at, self.consent_withdrawn_at
        return given is not None and (withdrawn is None or withdrawn < given)


@dataclass(frozen=True, slots=True)
class FlowVersion:
    id: int
    flow_id: str
    version: int
    content_hash: str  # sha256 of the UTF-8 source, hex
    source: str
    created_at: datetime


@dataclass(frozen=True, slots=True)
class StoredSession:
    """A session row. `state` is the engine's Session.to_json(); `version` is what save() checks."""

    id: int
    person_id: int
    flow_version_id: int
    flow_id: str
    status: SessionStatus
    state: str
    current_step: str | None
    started_at: datetime
    updated_at: datetime
    finished_at: datetime | None
    outcome: str | None
    version: int
    delivered_seq: int = 0  # the newest prompt known to have reached the person

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


@dataclass(frozen=True, slots=True)
class NewTranscriptEntry:
    """An entry to append. `value` is any JSON value; None is stored as no value."""

    kind: EntryKind
    at: datetime
    step_id: str | None = None
    raw: str | None = None
    value: Any = None


@dataclass(frozen=True, slots=True)
class TranscriptEntry:
    id: int
    session_id: int
    seq: int  # 1, 2, 3, ... within the session
    at: datetime
    kind: EntryKind
    step_id: str | None
    raw: str | None
    value: Any


# --- therapists (issue 4) ----------------------------------------------------------------------------

InviteKind = Literal["therapist", "client"]
Schedule = Literal["once", "daily", "weekly"]
LinkEnd = Literal["client", "therapist", "replaced"]
AuditAction = Literal["review", "export", "progress", "notes", "caseload"]  # notes: their notes; caseload: /clients


@dataclass(frozen=True, slots=True)
class Invite:
    """A single-use, expiring invitation. Only a hash of its code is stored; the code is shown once."""

    id: int
    kind: InviteKind
    created_by: int | None  # a therapist's person id; None when the operator made it
    created_at: datetime
    expires_at: datetime
    used_at: datetime | None
    used_by: int | None


@dataclass(frozen=True, slots=True)
class Link:
    """A client linked to a therapist. A client has at most one active link."""

    id: int
    therapist_id: int
    client_id: int
    linked_at: datetime
    ended_at: datetime | None
    ended_by: LinkEnd | None


@dataclass(frozen=True, slots=True)
class Assignment:
    id: int
    therapist_id: int
    client_id: int
    flow_id: str
    schedule: Schedule
    times: int  # occurrences: 1 for "once"
    first_due_on: date  # in the client's time zone
    remind_at: time  # local wall-clock time in `timezone`
    timezone: str  # IANA name, the client's at the time of assigning
    note: str | None  # the therapist's note to the client
    created_at: datetime
    cancelled_at: datetime | None


@dataclass(frozen=True, slots=True)
class HomeworkTemplate:
    """A therapist's saved homework: exercise, schedule, reminder time and note, assignable in one tap."""

    id: int
    therapist_id: int
    flow_id: str
    schedule: Schedule
    times: int
    due_in_days: int  # the first due day, counted from the client's today when it is assigned
    remind_at: time  # wall-clock time in the client's zone
    note: str | None
    created_at: datetime


@dataclass(frozen=True, slots=True)
class HomeworkItem:
    """One occurrence of an assignment: due on a local date, reminded at a UTC instant."""

    id: int
    assignment_id: int
    client_id: int
    flow_id: str
    due_on: date
    remind_at: datetime  # UTC; moved later by a snooze
    session_id: int | None  # the session that does this item, once started
    completed_at: datetime | None
    reminder_sent_at: datetime | None


@dataclass(frozen=True, slots=True)
class DueReminder:
    """A reminder claimed for sending by one process; nobody else can claim it until the lease ends."""

    item_id: int
    client_id: int
    client_telegram_id: int
    language: str | None
    flow_id: str
    due_on: date
    note: str | None
    telegram_language: str | None = None
    remind_at: datetime | None = None  # when it was due to go out


@dataclass(frozen=True, slots=True)
class AuditEntry:
    """Who read whose data, and what — never the content."""

    id: int
    at: datetime
    actor_id: int | None  # None once the actor's record was erased
    subject_id: int | None
    action: AuditAction
    detail: str  # e.g. "format=pdf from=2026-11-01 to=2026-11-21"


@dataclass(frozen=True, slots=True)
class CustomFlow:
    """A therapist's private flow: the newest version; older versions stay in flow_versions."""

    id: int
    therapist_id: int
    flow_id: str
    flow_version_id: int
    version: int
    created_at: datetime
    updated_at: datetime


@dataclass(frozen=True, slots=True)
class PublishedVersion:
    """One version of a therapist's private flow, as published (uploaded in the bot or from the dashboard)."""

    flow_version_id: int
    version: int
    published_at: datetime


@dataclass(frozen=True, slots=True)
class Dialog:
    """A short multi-step exchange outside a flow (e.g. the /assign wizard), stored so a restart keeps it."""

    person_id: int
    kind: str
    state: dict[str, Any]
    updated_at: datetime


# --- privacy (issue 5) -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SessionData:
    """One of the person's sessions with every transcript entry, in order."""

    session: StoredSession
    entries: tuple[TranscriptEntry, ...]


@dataclass(frozen=True, slots=True)
class HomeworkData:
    """An assignment given to the person (as a client), its items, and who gave it (a display name only)."""

    assignment: Assignment
    items: tuple[HomeworkItem, ...]
    therapist_name: str | None


@dataclass(frozen=True, slots=True)
class LinkData:
    """A link of the person's. `role` is the person's side of it; of the other side only a display name is
    given (a therapist's name as clients see it; clients are shown by their number, `other_id`)."""

    link: Link
    role: Role
    other_id: int
    other_name: str | None


@dataclass(frozen=True, slots=True)
class AuditData:
    """An audit entry naming the person. `actor_name` is the reader's display name, for reads of the
    person's data; reads by the person name the client by number only (`entry.subject_id`)."""

    entry: AuditEntry
    actor_name: str | None = None


@dataclass(frozen=True, slots=True)
class KeptList:
    """One version of a list a client keeps across exercises (goals, activities, a relapse-prevention plan):
    items `{"text": str, "done": bool}`, written by `flow_id` at `saved_at`. The newest version of a name is
    the list; older ones are its history."""

    id: int
    person_id: int
    name: str
    items: tuple[dict[str, Any], ...]
    flow_id: str
    saved_at: datetime


@dataclass(frozen=True, slots=True)
class PersonalData:
    """Everything the bot stores about one person (GDPR access): what /mydata exports. Other people appear
    only as a display name or a client number, never with their content."""

    person: Person
    sessions: tuple[SessionData, ...]  # oldest first
    flow_versions: tuple[FlowVersion, ...]  # the flows their sessions ran and their custom flows are at
    homework: tuple[HomeworkData, ...]  # as a client, oldest first
    assignments_made: tuple[Assignment, ...]  # as a therapist: to clients by number (client_id), oldest first
    links: tuple[LinkData, ...]  # both sides, oldest first
    invites: tuple[Invite, ...]  # made or used by them, oldest first
    reads_of_their_data: tuple[AuditData, ...]  # who read their data, and when (they are the subject)
    their_reads: tuple[AuditData, ...]  # whose data they read (they are the actor)
    dialog: Dialog | None
    custom_flows: tuple[CustomFlow, ...]
    purged_activity_at: datetime | None = None  # the newest activity among their records purge deleted
    safety_events: tuple[SafetyEvent, ...] = ()  # crisis episodes (never the words), oldest first
    therapy_sessions: tuple[TherapySession, ...] = ()  # marked as held, either side, oldest first
    homework_templates: tuple[HomeworkTemplate, ...] = ()  # as a therapist, oldest first
    notes_written: tuple[TherapistNote, ...] = ()  # as a therapist: private notes on clients (by number), oldest first
    digest: DigestSettings | None = None  # as a therapist: their digest and missed-item notices, if ever set
    kept_lists: tuple[KeptList, ...] = ()  # every version of every list they keep, oldest first


@dataclass(frozen=True, slots=True)
class ErasureReport:
    """What erase_person removed, table by table. `deleted` counts deleted rows; `anonymised` counts rows
    kept with the person's reference set to NULL (audit_log, invites they used). The other people's ids
    come back so the caller can tell them — the therapists the client was linked to ("your client left"),
    and, when a therapist erased themselves, their clients whose link ended. Never why."""

    person_id: int
    telegram_id: int
    deleted: dict[str, int]
    anonymised: dict[str, int]
    therapists_to_tell: tuple[int, ...]  # person ids: active links where the erased person was the client
    clients_to_tell: tuple[int, ...]  # person ids: active links where the erased person was the therapist


@dataclass(frozen=True, slots=True)
class PurgeReport:
    """What purge removed: rows per table (people erased for inactivity included, with everything of
    theirs), how many people were erased, and the cutoffs applied."""

    finished_before: datetime | None
    inactive_before: datetime | None
    updates_before: datetime  # processed updates older than this (the deduplication window) were deleted
    deleted: dict[str, int]
    anonymised: dict[str, int]  # rows kept with an erased person's reference set to NULL
    people_erased: int

    @property
    def total(self) -> int:
        return sum(self.deleted.values())


@dataclass(frozen=True, slots=True)
class TherapySession:
    """A therapy session a therapist marked as held with a client: only when."""

    therapist_id: int
    client_id: int
    held_at: datetime


@dataclass(frozen=True, slots=True)
class SafetyEvent:
    """One crisis episode: when, how it began, the person's choices, how it ended — never the words."""

    id: int
    person_id: int
    at: datetime
    source: str  # "detected" (risk language) or "command" (/sos)
    level: str  # "explicit", "indirect" or "requested"
    rules: str  # ids of the matched rules
    choices: tuple[str, ...]
    outcome: str | None
    closed_at: datetime | None
    # "check_in" (a question first; it stays so when the person answered no) or "sos" (the SOS path shown,
    # at once or after a check-in answered yes or not sure)
    response: str = "sos"
    category: str | None = None  # who was at risk: self, others, home, someone_else; None after /sos


# --- therapists' notes (issue 11) --------------------------------------------------------------------

NAME_LENGTH = 64  # characters: a therapist's name for a client, or their own display name, as typed
# Control characters, and the invisible marks that reorder or hide text, have no place in a name.
_NOT_IN_NAMES = re.compile("[\x00-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]")


def clean_name(text: str) -> str:
    """A name as typed, made ready to keep: blanks around it dropped and runs of blanks made one. ValueError if
    nothing is left, if it is longer than NAME_LENGTH, or if it holds a control or invisible character."""
    cleaned = " ".join(text.split())
    if not cleaned:
        raise ValueError("a name needs some text")
    if len(cleaned) > NAME_LENGTH:
        raise ValueError(f"a name is at most {NAME_LENGTH} characters, not {len(cleaned)}")
    if _NOT_IN_NAMES.search(cleaned):
        raise ValueError("a name cannot hold control or invisible characters")
    return cleaned


NOTE_LENGTH = 2000  # characters: a note is a few lines, not a document


@dataclass(frozen=True, slots=True)
class TherapistNote:
    """A therapist's private note on a client (session_id None) or on one of the client's exercises."""

    id: int
    therapist_id: int
    client_id: int
    session_id: int | None
    text: str
    created_at: datetime
# --- caseload (issue 11) -----------------------------------------------------------------------------

DigestFrequency = Literal["off", "daily", "weekly"]


@dataclass(frozen=True, slots=True)
class DigestSettings:
    """A therapist's digest: how often, at what wall-clock time in their zone, and when the next one goes."""

    therapist_id: int
    frequency: DigestFrequency
    send_at: time | None
    weekday: int | None  # 0 = Monday; weekly digests only
    next_at: datetime | None  # None when off
    last_sent_at: datetime | None
    missed_notices: bool  # a notice per missed item, once its due day has ended
    missed_notices_since: datetime | None


@dataclass(frozen=True, slots=True)
class CaseloadItem:
    """One homework item as the caseload counts it: when due (the client's date), and whether done."""

    item_id: int
    assignment_id: int
    client_id: int
    flow_id: str
    schedule: Schedule
    due_on: date
    completed_at: datetime | None
    cancelled: bool  # the assignment was cancelled


@dataclass(frozen=True, slots=True)
class Caseload:
    """A therapist's linked clients and what the overview needs about them, read in a fixed number of
    queries whatever the number of clients."""

    clients: tuple[Person, ...]  # linked now, in the order they were linked
    items: tuple[CaseloadItem, ...]  # this therapist's items for them, due in the window asked for
    recent: tuple[StoredSession, ...]  # each client's newest sessions (any status), newest first
    completed: tuple[StoredSession, ...]  # each client's newest completed sessions, newest first
    sos: tuple[SafetyEvent, ...]  # SOS episodes still open or begun since the time asked for


@dataclass(frozen=True, slots=True)
class DueDigest:
    """A digest claimed for sending by one process; nobody else can claim it until the lease ends."""

    therapist_id: int
    telegram_id: int
    language: str | None
    telegram_language: str | None
    timezone: str
    frequency: DigestFrequency
    send_at: time
    weekday: int | None
    scheduled_at: datetime  # the digest covers the period that ends here


@dataclass(frozen=True, slots=True)
class MissedNotice:
    """A missed homework item claimed for its notice to the therapist."""

    item_id: int
    therapist_id: int
    therapist_telegram_id: int
    language: str | None
    telegram_language: str | None
    client: Person
    flow_id: str
    due_on: date
