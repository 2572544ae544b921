"""What the repositories return: plain frozen values, so callers never hold an ORM object."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
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
