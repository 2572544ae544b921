"""safety_events.response and .category: what the bot did (a gentle check-in question, or the SOS path) and
who was at risk (self, others, home, someone_else). Earlier events all opened the SOS path; their category
was not recorded.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-05
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | Sequence[str] | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("safety_events") as batch:
        batch.add_column(sa.Column("response", sa.String(length=16), nullable=False, server_default="sos"))
        batch.add_column(sa.Column("category", sa.String(length=16), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("safety_events") as batch:
        batch.drop_column("category")
        batch.drop_column("response")
