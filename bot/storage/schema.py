"""The tables, as ORM rows. Only the repositories see these; everyone else gets records."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import get_args

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    Time,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from bot.storage.crypto import EncryptedText
from bot.storage.records import (
    OPEN_STATUSES,
    AuditAction,
    EntryKind,
    InviteKind,
    LinkEnd,
    Role,
    Schedule,
    SessionStatus,
)
from bot.storage.timestamps import UtcDateTime

# Alembic can only alter or drop a constraint it can name, and SQLite batch migrations need the names.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

# SQLite only auto-increments a column declared exactly INTEGER PRIMARY KEY (which is 64-bit there).
BigIntId = BigInteger().with_variant(Integer(), "sqlite")


def _one_of(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


_OPEN = text(_one_of("status", OPEN_STATUSES))
_LINK_ACTIVE = text("ended_at IS NULL")
_REMINDER_PENDING = text("reminder_sent_at IS NULL AND completed_at IS NULL")
_ITEM_OPEN = text("completed_at IS NULL")

DISPLAY_NAME_LENGTH = 128
TELEGRAM_LANGUAGE_LENGTH = 16


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class PersonRow(Base):
    __tablename__ = "people"
    __table_args__ = (CheckConstraint(_one_of("role", get_args(Role)), name="role"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    telegram_id: Mapped[int] = mapped_column(BigInteger, unique=True)  # Telegram ids exceed 32 bits
    role: Mapped[str] = mapped_column(String(16), default="client", server_default="client")
    language: Mapped[str | None] = mapped_column(String(16))  # chosen with /language
    # Telegram's language_code as last seen: the language of reminders and notices when none was chosen
    telegram_language: Mapped[str | None] = mapped_column(String(TELEGRAM_LANGUAGE_LENGTH))
    timezone: Mapped[str] = mapped_column(String(64), default="UTC", server_default="UTC")
    country: Mapped[str | None] = mapped_column(String(2))  # ISO 3166-1 alpha-2, as the person chose it
    display_name: Mapped[str | None] = mapped_column(String(DISPLAY_NAME_LENGTH))
    # The first name their Telegram profile gave, as last seen (issue 11): how a therapist sees a client they
    # have not named. Personal data: encrypted, in /mydata, gone with the person.
    first_name: Mapped[str | None] = mapped_column(EncryptedText("people.first_name"))
    consent_given_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    consent_withdrawn_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    blocked_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)
    # Set by `cbt-bot purge` only: the newest activity among the records it deleted, so that deleting old
    # exercises does not make their author look inactive (and get erased) sooner.
    purged_activity_at: Mapped[datetime | None] = mapped_column(UtcDateTime)


class FlowVersionRow(Base):
    __tablename__ = "flow_versions"
    __table_args__ = (UniqueConstraint("flow_id", "content_hash"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    flow_id: Mapped[str] = mapped_column(String(100))
    version: Mapped[int] = mapped_column(Integer)
    content_hash: Mapped[str] = mapped_column(String(64))
    source: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)


class SessionRow(Base):
    __tablename__ = "sessions"
    __table_args__ = (
        CheckConstraint(_one_of("status", get_args(SessionStatus)), name="status"),
        # A person's sessions newest first: a backward scan of this index.
        Index("ix_sessions_person_id_started_at", "person_id", "started_at"),
        # Backs the repository's one-open-session check against concurrent starts.
        Index(
            "uq_sessions_person_id_open", "person_id", unique=True, sqlite_where=_OPEN, postgresql_where=_OPEN
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"))
    flow_version_id: Mapped[int] = mapped_column(ForeignKey("flow_versions.id"))
    flow_id: Mapped[str] = mapped_column(String(100))
    status: Mapped[str] = mapped_column(String(16))
    state: Mapped[str] = mapped_column(EncryptedText("sessions.state"))
    current_step: Mapped[str | None] = mapped_column(String(200))
    started_at: Mapped[datetime] = mapped_column(UtcDateTime)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)
    finished_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    outcome: Mapped[str | None] = mapped_column(String(100))
    # The newest prompt (engine seq) known to have reached the person: a prompt saved but never sent,
    # because the bot stopped in between, is repeated rather than answered blind.
    delivered_seq: Mapped[int] = mapped_column(Integer, server_default="0")
    version_id: Mapped[int] = mapped_column(Integer)

    __mapper_args__ = {"version_id_col": version_id}  # noqa: RUF012 (SQLAlchemy reads it once)


class TranscriptRow(Base):
    __tablename__ = "transcript"
    __table_args__ = (
        UniqueConstraint("session_id", "seq"),  # also the index that reads a transcript in order
        CheckConstraint(_one_of("kind", get_args(EntryKind)), name="kind"),
    )

    id: Mapped[int] = mapped_column(BigIntId, primary_key=True, autoincrement=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("sessions.id"))
    seq: Mapped[int] = mapped_column(Integer)
    at: Mapped[datetime] = mapped_column(UtcDateTime)
    kind: Mapped[str] = mapped_column(String(16))
    step_id: Mapped[str | None] = mapped_column(String(200))
    raw: Mapped[str | None] = mapped_column(EncryptedText("transcript.raw"))
    value: Mapped[str | None] = mapped_column(EncryptedText("transcript.value"))  # JSON


class ProcessedUpdateRow(Base):
    __tablename__ = "processed_updates"
    __table_args__ = (
        Index("ix_processed_updates_processed_at", "processed_at"),
        Index("ix_processed_updates_telegram_id", "telegram_id"),  # erasing a person finds their updates
    )

    bot_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    update_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    processed_at: Mapped[datetime] = mapped_column(UtcDateTime)
    telegram_id: Mapped[int | None] = mapped_column(BigInteger)  # the sender; None for older rows



# --- therapists (issue 4) ----------------------------------------------------------------------------


class InviteRow(Base):
    __tablename__ = "invites"
    __table_args__ = (CheckConstraint(_one_of("kind", get_args(InviteKind)), name="kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    code_hash: Mapped[str] = mapped_column(String(64), unique=True)  # sha256 of the code, hex; never the code
    kind: Mapped[str] = mapped_column(String(16))
    created_by: Mapped[int | None] = mapped_column(ForeignKey("people.id"))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    expires_at: Mapped[datetime] = mapped_column(UtcDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    used_by: Mapped[int | None] = mapped_column(ForeignKey("people.id"))
    # The therapist's private name for the client invited ("invite for: Maria K."): moved onto the link
    # when the invitation is accepted, and cleared here.
    client_name: Mapped[str | None] = mapped_column(EncryptedText("invites.client_name"))


class LinkRow(Base):
    __tablename__ = "links"
    __table_args__ = (
        CheckConstraint(_one_of("ended_by", get_args(LinkEnd)), name="ended_by"),
        CheckConstraint("(ended_at IS NULL) = (ended_by IS NULL)", name="ended"),
        Index("ix_links_therapist_id", "therapist_id"),
        # One active link per client, whatever code writes the row.
        Index(
            "uq_links_client_id_active", "client_id", unique=True,
            sqlite_where=_LINK_ACTIVE, postgresql_where=_LINK_ACTIVE,
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    therapist_id: Mapped[int] = mapped_column(ForeignKey("people.id"))
    client_id: Mapped[int] = mapped_column(ForeignKey("people.id"))
    linked_at: Mapped[datetime] = mapped_column(UtcDateTime)
    ended_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    ended_by: Mapped[str | None] = mapped_column(String(16))
    # The therapist's private name for the client (/invite NAME, /rename): the therapist's record, never
    # shown to the client; cleared when the link ends.
    client_name: Mapped[str | None] = mapped_column(EncryptedText("links.client_name"))


class AssignmentRow(Base):
    __tablename__ = "assignments"
    __table_args__ = (
        CheckConstraint(_one_of("schedule", get_args(Schedule)), name="schedule"),
        CheckConstraint("times >= 1", name="times"),
        Index("ix_assignments_client_id_therapist_id", "client_id", "therapist_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    therapist_id: Mapped[int] = mapped_column(ForeignKey("people.id"))
    client_id: Mapped[int] = mapped_column(ForeignKey("people.id"))
    flow_id: Mapped[str] = mapped_column(String(100))
    schedule: Mapped[str] = mapped_column(String(16))
    times: Mapped[int] = mapped_column(Integer)
    first_due_on: Mapped[date] = mapped_column(Date)  # in the client's time zone
    remind_at: Mapped[time] = mapped_column(Time)  # wall-clock time in `timezone`
    timezone: Mapped[str] = mapped_column(String(64))
    note: Mapped[str | None] = mapped_column(EncryptedText("assignments.note"))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    cancelled_at: Mapped[datetime | None] = mapped_column(UtcDateTime)


class HomeworkItemRow(Base):
    __tablename__ = "homework_items"
    __table_args__ = (
        Index("ix_homework_items_assignment_id", "assignment_id"),
        # The reminder scan: only reminders still to send are in the index.
        Index(
            "ix_homework_items_remind_at_pending", "remind_at",
            sqlite_where=_REMINDER_PENDING, postgresql_where=_REMINDER_PENDING,
        ),
        # A client's open items, soonest first.
        Index(
            "ix_homework_items_client_id_open", "client_id", "due_on",
            sqlite_where=_ITEM_OPEN, postgresql_where=_ITEM_OPEN,
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    assignment_id: Mapped[int] = mapped_column(ForeignKey("assignments.id"))
    client_id: Mapped[int] = mapped_column(ForeignKey("people.id"))
    flow_id: Mapped[str] = mapped_column(String(100))
    due_on: Mapped[date] = mapped_column(Date)  # in the client's time zone
    remind_at: Mapped[datetime] = mapped_column(UtcDateTime)
    # The session doing this item; a session does at most one item (NULLs do not collide).
    session_id: Mapped[int | None] = mapped_column(ForeignKey("sessions.id"), unique=True)
    completed_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    reminder_claimed_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    reminder_sent_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    # Missed-item notices (issue 11): claimed for a notice, then settled (told, or nothing to tell).
    missed_claimed_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    missed_settled_at: Mapped[datetime | None] = mapped_column(UtcDateTime)


class HomeworkTemplateRow(Base):
    __tablename__ = "homework_templates"
    __table_args__ = (
        CheckConstraint(_one_of("schedule", get_args(Schedule)), name="schedule"),
        CheckConstraint("times >= 1", name="times"),
        CheckConstraint("due_in_days >= 0", name="due_in_days"),
        Index("ix_homework_templates_therapist_id", "therapist_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    therapist_id: Mapped[int] = mapped_column(ForeignKey("people.id"))
    flow_id: Mapped[str] = mapped_column(String(100))
    schedule: Mapped[str] = mapped_column(String(16))
    times: Mapped[int] = mapped_column(Integer)
    due_in_days: Mapped[int] = mapped_column(Integer)
    remind_at: Mapped[time] = mapped_column(Time)
    note: Mapped[str | None] = mapped_column(EncryptedText("homework_templates.note"))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)


class AuditRow(Base):
    __tablename__ = "audit_log"
    __table_args__ = (
        CheckConstraint(_one_of("action", get_args(AuditAction)), name="action"),
        Index("ix_audit_log_subject_id_at", "subject_id", "at"),
        Index("ix_audit_log_actor_id_at", "actor_id", "at"),
    )

    id: Mapped[int] = mapped_column(BigIntId, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(UtcDateTime)
    # Erasing a person keeps the audit rows, anonymised.
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    subject_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    action: Mapped[str] = mapped_column(String(16))
    detail: Mapped[str] = mapped_column(Text)


class CustomFlowRow(Base):
    __tablename__ = "custom_flows"
    __table_args__ = (
        UniqueConstraint("therapist_id", "flow_id"),
        Index("ix_custom_flows_flow_id", "flow_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    therapist_id: Mapped[int] = mapped_column(ForeignKey("people.id"))
    flow_id: Mapped[str] = mapped_column(String(100))
    flow_version_id: Mapped[int] = mapped_column(ForeignKey("flow_versions.id"))
    version: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)


class CustomFlowVersionRow(Base):
    """One version a therapist published of their flow, with when: the flow library's history. A version
    row in flow_versions may be shared (the same text under the same id), so ownership is kept here."""

    __tablename__ = "custom_flow_versions"
    __table_args__ = (
        UniqueConstraint("therapist_id", "flow_version_id"),
        Index("ix_custom_flow_versions_therapist_id_flow_id", "therapist_id", "flow_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    therapist_id: Mapped[int] = mapped_column(ForeignKey("people.id"))
    flow_id: Mapped[str] = mapped_column(String(100))
    flow_version_id: Mapped[int] = mapped_column(ForeignKey("flow_versions.id"))
    version: Mapped[int] = mapped_column(Integer)
    published_at: Mapped[datetime] = mapped_column(UtcDateTime)


class DialogRow(Base):
    __tablename__ = "dialogs"

    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"), primary_key=True, autoincrement=False)
    kind: Mapped[str] = mapped_column(String(64))
    state: Mapped[str] = mapped_column(EncryptedText("dialogs.state"))  # JSON
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)


metadata = Base.metadata


class SafetyEventRow(Base):
    __tablename__ = "safety_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"), index=True)
    at: Mapped[datetime] = mapped_column(UtcDateTime)
    source: Mapped[str] = mapped_column(String(16))  # "detected" or "command"
    level: Mapped[str] = mapped_column(String(16))
    response: Mapped[str] = mapped_column(String(16), server_default="sos")  # "check_in" or "sos"
    category: Mapped[str | None] = mapped_column(String(16))  # self, others, home, someone_else; None for /sos
    rules: Mapped[str] = mapped_column(String(500))  # rule ids, never the words
    choices: Mapped[str] = mapped_column(String(200))
    outcome: Mapped[str | None] = mapped_column(String(16))
    closed_at: Mapped[datetime | None] = mapped_column(UtcDateTime)


class TherapySessionRow(Base):
    """A therapy session the therapist marked as held with a client: where "since last session" starts."""

    __tablename__ = "therapy_sessions"
    __table_args__ = (Index("ix_therapy_sessions_therapist_id_client_id_held_at", "therapist_id", "client_id",
                            "held_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    therapist_id: Mapped[int] = mapped_column(ForeignKey("people.id"))
    client_id: Mapped[int] = mapped_column(ForeignKey("people.id"))
    held_at: Mapped[datetime] = mapped_column(UtcDateTime)


class TherapistNoteRow(Base):
    """A therapist's private note on a client, or on one of the client's exercises: the therapist's own record,
    never shown to the client; it goes when the link ends, or with either person on erasure."""

    __tablename__ = "therapist_notes"
    __table_args__ = (
        Index("ix_therapist_notes_therapist_id_client_id", "therapist_id", "client_id"),
        Index("ix_therapist_notes_client_id", "client_id"),
        Index("ix_therapist_notes_session_id", "session_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    therapist_id: Mapped[int] = mapped_column(ForeignKey("people.id"))
    client_id: Mapped[int] = mapped_column(ForeignKey("people.id"))
    session_id: Mapped[int | None] = mapped_column(ForeignKey("sessions.id"))  # None: about the client
    text: Mapped[str] = mapped_column(EncryptedText("therapist_notes.text"))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)


class KeptListRow(Base):
    """One version of a list a client keeps across exercises; the newest of a name is the list. The items
    (JSON) are encrypted at rest like answers; the rows go with the client on erasure."""

    __tablename__ = "kept_lists"
    __table_args__ = (Index("ix_kept_lists_person_id_name", "person_id", "name", "saved_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"))
    name: Mapped[str] = mapped_column(String(48))
    items: Mapped[str] = mapped_column(EncryptedText("kept_lists.items"))
    flow_id: Mapped[str] = mapped_column(String(100))
    saved_at: Mapped[datetime] = mapped_column(UtcDateTime)


# --- caseload (issue 11) -----------------------------------------------------------------------------

_MISSED_PENDING = text("missed_settled_at IS NULL AND completed_at IS NULL")
DIGEST_FREQUENCIES = ("off", "daily", "weekly")


class DigestSettingsRow(Base):
    """A therapist's digest (when, how often) and whether each missed item is told on its own."""

    __tablename__ = "digest_settings"
    __table_args__ = (
        CheckConstraint(_one_of("frequency", DIGEST_FREQUENCIES), name="frequency"),
        # The digest scan: only digests that are on.
        Index("ix_digest_settings_next_at", "next_at", sqlite_where=text("next_at IS NOT NULL"),
              postgresql_where=text("next_at IS NOT NULL")),
    )

    therapist_id: Mapped[int] = mapped_column(ForeignKey("people.id"), primary_key=True, autoincrement=False)
    frequency: Mapped[str] = mapped_column(String(8), server_default="off")
    send_at: Mapped[time | None] = mapped_column(Time)  # wall-clock time in the therapist's zone
    weekday: Mapped[int | None] = mapped_column(Integer)  # 0 = Monday; weekly only
    next_at: Mapped[datetime | None] = mapped_column(UtcDateTime)  # the next digest; NULL when off
    claimed_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    last_sent_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    missed_notices: Mapped[bool] = mapped_column(server_default=text("false"))
    # Items whose due day ended before this are never told one by one (no flood when switched on).
    missed_notices_since: Mapped[datetime | None] = mapped_column(UtcDateTime)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)


# The missed-item scan: items not done whose missed-item state is not settled, by due date.
Index("ix_homework_items_missed_pending", HomeworkItemRow.due_on,
      sqlite_where=_MISSED_PENDING, postgresql_where=_MISSED_PENDING)
# The caseload: each client's items, done or not, in the weeks around today.
Index("ix_homework_items_client_id_due_on", HomeworkItemRow.client_id, HomeworkItemRow.due_on)


# --- the web dashboard (issue 13) ----------------------------------------------------------------------


class WebSignInRow(Base):
    """A single-use sign-in link for the dashboard, made by /dashboard: only the token's sha256 is kept."""

    __tablename__ = "web_signins"
    __table_args__ = (Index("ix_web_signins_person_id", "person_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    expires_at: Mapped[datetime] = mapped_column(UtcDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UtcDateTime)


class WebSessionRow(Base):
    """A signed-in dashboard session: the cookie's sha256, whose it is, and when it was last used (idle expiry)."""

    __tablename__ = "web_sessions"
    __table_args__ = (Index("ix_web_sessions_person_id", "person_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    last_seen_at: Mapped[datetime] = mapped_column(UtcDateTime)
    ended_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
