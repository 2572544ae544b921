"""homework_templates: a therapist's saved homework (exercise, schedule, reminder time, note), assignable to
one or several clients in a few taps. The note is encrypted like assignments.note.

Revision ID: 0010
Revises: 0007
Create Date: 2026-12-05
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | Sequence[str] | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "homework_templates",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("therapist_id", sa.Integer(), nullable=False),
        sa.Column("flow_id", sa.String(length=100), nullable=False),
        sa.Column("schedule", sa.String(length=16), nullable=False),
        sa.Column("times", sa.Integer(), nullable=False),
        sa.Column("due_in_days", sa.Integer(), nullable=False),
        sa.Column("remind_at", sa.Time(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("schedule IN ('once', 'daily', 'weekly')", name=op.f("ck_homework_templates_schedule")),
        sa.CheckConstraint("times >= 1", name=op.f("ck_homework_templates_times")),
        sa.CheckConstraint("due_in_days >= 0", name=op.f("ck_homework_templates_due_in_days")),
        sa.ForeignKeyConstraint(["therapist_id"], ["people.id"],
                                name=op.f("fk_homework_templates_therapist_id_people")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_homework_templates")),
    )
    op.create_index("ix_homework_templates_therapist_id", "homework_templates", ["therapist_id"])


def downgrade() -> None:
    op.drop_index("ix_homework_templates_therapist_id", table_name="homework_templates")
    op.drop_table("homework_templates")
