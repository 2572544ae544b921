"""Therapists: display names, invites, links, assignments and homework items, audit log, custom flows, dialogs.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-21

Reviewed against `alembic revision --autogenerate` on SQLite and PostgreSQL (same tables, constraints and
indexes). New tables need no batch mode; only the column added to `people` goes through batch_alter_table,
which on SQLite adds it in place and on downgrade rebuilds the table (env.py runs with foreign keys off).
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | Sequence[str] | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

LINK_ACTIVE = sa.text("ended_at IS NULL")
REMINDER_PENDING = sa.text("reminder_sent_at IS NULL AND completed_at IS NULL")
ITEM_OPEN = sa.text("completed_at IS NULL")


def _timestamp(name: str, *, nullable: bool = False) -> sa.Column[object]:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def _person(name: str, *, nullable: bool = False) -> sa.Column[object]:
    return sa.Column(name, sa.Integer(), nullable=nullable)


def _fk(table: str, column: str, target: str = "people", ondelete: str | None = None) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        [column], [f"{target}.id"], name=op.f(f"fk_{table}_{column}_{target}"), ondelete=ondelete
    )


def upgrade() -> None:
    with op.batch_alter_table("people") as batch:
        batch.add_column(sa.Column("display_name", sa.String(length=128), nullable=True))

    op.create_table(
        "invites",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code_hash", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        _person("created_by", nullable=True),
        _timestamp("created_at"),
        _timestamp("expires_at"),
        _timestamp("used_at", nullable=True),
        _person("used_by", nullable=True),
        sa.CheckConstraint("kind IN ('therapist', 'client')", name=op.f("ck_invites_kind")),
        _fk("invites", "created_by"),
        _fk("invites", "used_by"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_invites")),
        sa.UniqueConstraint("code_hash", name=op.f("uq_invites_code_hash")),
    )

    op.create_table(
        "links",
        sa.Column("id", sa.Integer(), nullable=False),
        _person("therapist_id"),
        _person("client_id"),
        _timestamp("linked_at"),
        _timestamp("ended_at", nullable=True),
        sa.Column("ended_by", sa.String(length=16), nullable=True),
        sa.CheckConstraint("ended_by IN ('client', 'therapist', 'replaced')", name=op.f("ck_links_ended_by")),
        sa.CheckConstraint("(ended_at IS NULL) = (ended_by IS NULL)", name=op.f("ck_links_ended")),
        _fk("links", "client_id"),
        _fk("links", "therapist_id"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_links")),
    )
    op.create_index("ix_links_therapist_id", "links", ["therapist_id"])
    op.create_index(
        "uq_links_client_id_active", "links", ["client_id"], unique=True,
        sqlite_where=LINK_ACTIVE, postgresql_where=LINK_ACTIVE,
    )

    op.create_table(
        "assignments",
        sa.Column("id", sa.Integer(), nullable=False),
        _person("therapist_id"),
        _person("client_id"),
        sa.Column("flow_id", sa.String(length=100), nullable=False),
        sa.Column("schedule", sa.String(length=16), nullable=False),
        sa.Column("times", sa.Integer(), nullable=False),
        sa.Column("first_due_on", sa.Date(), nullable=False),
        sa.Column("remind_at", sa.Time(), nullable=False),
        sa.Column("timezone", sa.String(length=64), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        _timestamp("created_at"),
        _timestamp("cancelled_at", nullable=True),
        sa.CheckConstraint("schedule IN ('once', 'daily', 'weekly')", name=op.f("ck_assignments_schedule")),
        sa.CheckConstraint("times >= 1", name=op.f("ck_assignments_times")),
        _fk("assignments", "client_id"),
        _fk("assignments", "therapist_id"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_assignments")),
    )
    op.create_index("ix_assignments_client_id_therapist_id", "assignments", ["client_id", "therapist_id"])

    op.create_table(
        "homework_items",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("assignment_id", sa.Integer(), nullable=False),
        _person("client_id"),
        sa.Column("flow_id", sa.String(length=100), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        _timestamp("remind_at"),
        sa.Column("session_id", sa.Integer(), nullable=True),
        _timestamp("completed_at", nullable=True),
        _timestamp("reminder_claimed_at", nullable=True),
        _timestamp("reminder_sent_at", nullable=True),
        _fk("homework_items", "assignment_id", "assignments"),
        _fk("homework_items", "client_id"),
        _fk("homework_items", "session_id", "sessions"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_homework_items")),
        sa.UniqueConstraint("session_id", name=op.f("uq_homework_items_session_id")),
    )
    op.create_index("ix_homework_items_assignment_id", "homework_items", ["assignment_id"])
    op.create_index(
        "ix_homework_items_client_id_open", "homework_items", ["client_id", "due_on"],
        sqlite_where=ITEM_OPEN, postgresql_where=ITEM_OPEN,
    )
    op.create_index(
        "ix_homework_items_remind_at_pending", "homework_items", ["remind_at"],
        sqlite_where=REMINDER_PENDING, postgresql_where=REMINDER_PENDING,
    )

    op.create_table(
        "audit_log",
        sa.Column(
            "id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), autoincrement=True, nullable=False
        ),
        _timestamp("at"),
        _person("actor_id", nullable=True),
        _person("subject_id", nullable=True),
        sa.Column("action", sa.String(length=16), nullable=False),
        sa.Column("detail", sa.Text(), nullable=False),
        sa.CheckConstraint("action IN ('review', 'export', 'progress')", name=op.f("ck_audit_log_action")),
        # Erasing a person keeps the audit rows, anonymised.
        _fk("audit_log", "actor_id", ondelete="SET NULL"),
        _fk("audit_log", "subject_id", ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_log")),
    )
    op.create_index("ix_audit_log_actor_id_at", "audit_log", ["actor_id", "at"])
    op.create_index("ix_audit_log_subject_id_at", "audit_log", ["subject_id", "at"])

    op.create_table(
        "custom_flows",
        sa.Column("id", sa.Integer(), nullable=False),
        _person("therapist_id"),
        sa.Column("flow_id", sa.String(length=100), nullable=False),
        sa.Column("flow_version_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        _timestamp("created_at"),
        _timestamp("updated_at"),
        _fk("custom_flows", "flow_version_id", "flow_versions"),
        _fk("custom_flows", "therapist_id"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_custom_flows")),
        sa.UniqueConstraint("therapist_id", "flow_id", name=op.f("uq_custom_flows_therapist_id_flow_id")),
    )
    op.create_index("ix_custom_flows_flow_id", "custom_flows", ["flow_id"])

    op.create_table(
        "dialogs",
        sa.Column("person_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("kind", sa.String(length=64), nullable=False),
        sa.Column("state", sa.Text(), nullable=False),
        _timestamp("updated_at"),
        _fk("dialogs", "person_id"),
        sa.PrimaryKeyConstraint("person_id", name=op.f("pk_dialogs")),
    )


def downgrade() -> None:
    # Dropping a table drops its indexes too.
    op.drop_table("dialogs")
    op.drop_table("custom_flows")
    op.drop_table("audit_log")
    op.drop_table("homework_items")
    op.drop_table("assignments")
    op.drop_table("links")
    op.drop_table("invites")
    with op.batch_alter_table("people") as batch:
        batch.drop_column("display_name")
