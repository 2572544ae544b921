"""therapist_notes: a therapist's private notes on a client or on one of the client's exercises (the text
encrypted like answers); the audit log gains the action "notes" (a therapist read their notes on a client).

Revision ID: 0012
Revises: 0007
Create Date: 2026-12-05

A new table needs no batch mode. The audit log's CHECK constraint is replaced: on SQLite batch mode rebuilds
the table with the new constraint (env.py runs with foreign keys off); on PostgreSQL it is dropped and added.
A downgrade deletes the "notes" audit entries first, which the old constraint would refuse.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | Sequence[str] | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_ACTIONS_BEFORE = ("review", "export", "progress")
_ACTIONS = (*_ACTIONS_BEFORE, "notes")


def _one_of(values: Sequence[str]) -> str:
    return f"action IN ({', '.join(repr(v) for v in values)})"


def upgrade() -> None:
    op.create_table(
        "therapist_notes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("therapist_id", sa.Integer(), nullable=False),
        sa.Column("client_id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["therapist_id"], ["people.id"], name=op.f("fk_therapist_notes_therapist_id_people")),
        sa.ForeignKeyConstraint(["client_id"], ["people.id"], name=op.f("fk_therapist_notes_client_id_people")),
        sa.ForeignKeyConstraint(["session_id"], ["sessions.id"], name=op.f("fk_therapist_notes_session_id_sessions")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_therapist_notes")),
    )
    op.create_index("ix_therapist_notes_therapist_id_client_id", "therapist_notes", ["therapist_id", "client_id"])
    op.create_index("ix_therapist_notes_client_id", "therapist_notes", ["client_id"])
    op.create_index("ix_therapist_notes_session_id", "therapist_notes", ["session_id"])
    _replace_action_check(_ACTIONS)


def downgrade() -> None:
    op.execute(sa.text("DELETE FROM audit_log WHERE action = 'notes'"))
    _replace_action_check(_ACTIONS_BEFORE)
    op.drop_index("ix_therapist_notes_session_id", table_name="therapist_notes")
    op.drop_index("ix_therapist_notes_client_id", table_name="therapist_notes")
    op.drop_index("ix_therapist_notes_therapist_id_client_id", table_name="therapist_notes")
    op.drop_table("therapist_notes")


def _replace_action_check(actions: Sequence[str]) -> None:
    with op.batch_alter_table("audit_log") as batch:
        batch.drop_constraint(op.f("ck_audit_log_action"), type_="check")
        batch.create_check_constraint(op.f("ck_audit_log_action"), _one_of(actions))
