"""Privacy: processed updates remember their sender, so erasing a person finds their updates too; people
keep the newest activity that retention deleted (`purged_activity_at`), so purging old exercises does not
make their author look inactive.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-21

Nullable columns only; processed updates written before have no sender (NULL) and go when the
deduplication window passes (`cbt-bot purge`). On SQLite batch_alter_table adds the columns in place and on
downgrade rebuilds the tables (env.py runs with foreign keys off).
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | Sequence[str] | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("people") as batch:
        batch.add_column(sa.Column("purged_activity_at", sa.DateTime(timezone=True), nullable=True))
    with op.batch_alter_table("processed_updates") as batch:
        batch.add_column(sa.Column("telegram_id", sa.BigInteger(), nullable=True))
    op.create_index("ix_processed_updates_telegram_id", "processed_updates", ["telegram_id"])


def downgrade() -> None:
    op.drop_index("ix_processed_updates_telegram_id", table_name="processed_updates")
    with op.batch_alter_table("processed_updates") as batch:
        batch.drop_column("telegram_id")
    with op.batch_alter_table("people") as batch:
        batch.drop_column("purged_activity_at")
