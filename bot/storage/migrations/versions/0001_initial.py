"""Initial schema: people, flow versions, sessions, transcript, processed updates.

Revision ID: 0001
Revises:
Create Date: 2026-11-21
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OPEN = sa.text("status IN ('active', 'paused')")


def _timestamp(name: str, *, nullable: bool = False) -> sa.Column[object]:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    op.create_table(
        "people",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("telegram_id", sa.BigInteger(), nullable=False),
        sa.Column("role", sa.String(length=16), server_default="client", nullable=False),
        sa.Column("language", sa.String(length=16), nullable=True),
        sa.Column("timezone", sa.String(length=64), server_default="UTC", nullable=False),
        _timestamp("consent_given_at", nullable=True),
        _timestamp("consent_withdrawn_at", nullable=True),
        _timestamp("blocked_at", nullable=True),
        _timestamp("created_at"),
        _timestamp("updated_at"),
        sa.CheckConstraint("role IN ('client', 'therapist')", name=op.f("ck_people_role")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_people")),
        sa.UniqueConstraint("telegram_id", name=op.f("uq_people_telegram_id")),
    )
    op.create_table(
        "flow_versions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("flow_id", sa.String(length=100), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        _timestamp("created_at"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_flow_versions")),
        sa.UniqueConstraint("flow_id", "content_hash", name=op.f("uq_flow_versions_flow_id_content_hash")),
    )
    op.create_table(
        "sessions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("flow_version_id", sa.Integer(), nullable=False),
        sa.Column("flow_id", sa.String(length=100), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("state", sa.Text(), nullable=False),
        sa.Column("current_step", sa.String(length=200), nullable=True),
        _timestamp("started_at"),
        _timestamp("updated_at"),
        _timestamp("finished_at", nullable=True),
        sa.Column("outcome", sa.String(length=100), nullable=True),
        sa.Column("delivered_seq", sa.Integer(), server_default="0", nullable=False),
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "status IN ('active', 'paused', 'completed', 'cancelled', 'ended', 'abandoned')",
            name=op.f("ck_sessions_status"),
        ),
        sa.ForeignKeyConstraint(
            ["flow_version_id"], ["flow_versions.id"], name=op.f("fk_sessions_flow_version_id_flow_versions")
        ),
        sa.ForeignKeyConstraint(["person_id"], ["people.id"], name=op.f("fk_sessions_person_id_people")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sessions")),
    )
    op.create_index("ix_sessions_person_id_started_at", "sessions", ["person_id", "started_at"])
    op.create_index(
        "uq_sessions_person_id_open", "sessions", ["person_id"], unique=True,
        sqlite_where=OPEN, postgresql_where=OPEN,
    )
    op.create_table(
        "transcript",
        sa.Column(
            "id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), autoincrement=True, nullable=False
        ),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        _timestamp("at"),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("step_id", sa.String(length=200), nullable=True),
        sa.Column("raw", sa.Text(), nullable=True),
        sa.Column("value", sa.Text(), nullable=True),
        sa.CheckConstraint("kind IN ('prompt', 'answer', 'event')", name=op.f("ck_transcript_kind")),
        sa.ForeignKeyConstraint(
            ["session_id"], ["sessions.id"], name=op.f("fk_transcript_session_id_sessions")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_transcript")),
        sa.UniqueConstraint("session_id", "seq", name=op.f("uq_transcript_session_id_seq")),
    )
    op.create_table(
        "processed_updates",
        sa.Column("bot_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("update_id", sa.BigInteger(), autoincrement=False, nullable=False),
        _timestamp("processed_at"),
        sa.PrimaryKeyConstraint("bot_id", "update_id", name=op.f("pk_processed_updates")),
    )
    op.create_index("ix_processed_updates_processed_at", "processed_updates", ["processed_at"])


def downgrade() -> None:
    op.drop_table("processed_updates")
    op.drop_table("transcript")
    op.drop_table("sessions")
    op.drop_table("flow_versions")
    op.drop_table("people")
