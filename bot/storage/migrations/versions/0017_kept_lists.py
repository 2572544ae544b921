"""kept_lists: lists a client keeps across exercises (goals, activities, a relapse-prevention plan), one row per
version; the items are encrypted at rest (kept_lists.items).

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-05

A new table: no batch mode needed.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0017"
down_revision: str | Sequence[str] | None = "0021"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "kept_lists",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=48), nullable=False),
        sa.Column("items", sa.Text(), nullable=False),
        sa.Column("flow_id", sa.String(length=100), nullable=False),
        sa.Column("saved_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["person_id"], ["people.id"], name=op.f("fk_kept_lists_person_id_people")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_kept_lists")),
    )
    op.create_index("ix_kept_lists_person_id_name", "kept_lists", ["person_id", "name", "saved_at"])


def downgrade() -> None:
    op.drop_index("ix_kept_lists_person_id_name", table_name="kept_lists")
    op.drop_table("kept_lists")
