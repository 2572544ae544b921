"""therapy_sessions: the sessions a therapist marked as held with a client ("since last session" starts at the
newest). Only when, never what.

Revision ID: 0011
Revises: 0007
Create Date: 2026-12-05
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | Sequence[str] | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "therapy_sessions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("therapist_id", sa.Integer(), nullable=False),
        sa.Column("client_id", sa.Integer(), nullable=False),
        sa.Column("held_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["therapist_id"], ["people.id"], name=op.f("fk_therapy_sessions_therapist_id_people")),
        sa.ForeignKeyConstraint(["client_id"], ["people.id"], name=op.f("fk_therapy_sessions_client_id_people")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_therapy_sessions")),
    )
    op.create_index("ix_therapy_sessions_therapist_id_client_id_held_at", "therapy_sessions",
                    ["therapist_id", "client_id", "held_at"])


def downgrade() -> None:
    op.drop_index("ix_therapy_sessions_therapist_id_client_id_held_at", table_name="therapy_sessions")
    op.drop_table("therapy_sessions")
