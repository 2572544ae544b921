"""The tables, as ORM rows. Only the repositories see these; everyone else gets records."""

from __future__ import annotations

from datetime import datetime
from typing import get_args

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from bot.storage.records import OPEN_STATUSES, EntryKind, Role, SessionStatus
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


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class PersonRow(Base):
    __tablename__ = "people"
    __table_args__ = (CheckConstraint(_one_of("role", get_args(Role)), name="role"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    telegram_id: Mapped[int] = mapped_column(BigInteger, unique=True)  # Telegram ids exceed 32 bits
    role: Mapped[str] = mapped_column(String(16), default="client", server_default="client")
    language: Mapped[str | None] = mapped_column(String(16))
    timezone: Mapped[str] = mapped_column(String(64), default="UTC", server_default="UTC")
    consent_given_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    consent_withdrawn_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    blocked_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)


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
    state: Mapped[str] = mapped_column(Text)
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
    raw: Mapped[str | None] = mapped_column(Text)
    value: Mapped[str | None] = mapped_column(Text)  # JSON


class ProcessedUpdateRow(Base):
    __tablename__ = "processed_updates"
    __table_args__ = (Index("ix_processed_updates_processed_at", "processed_at"),)

    bot_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    update_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    processed_at: Mapped[datetime] = mapped_column(UtcDateTime)


metadata = Base.metadata
