"""The caseload (issue 11): digest_settings (a therapist's digest and missed-item notices) and, on
homework_items, the missed-item notice's claim and settlement, and an index of each client's items by due
date. Items whose due day is over by the time of the upgrade are settled at once: switching notices on never
tells of the past.

Revision ID: 0009
Revises: 0007
Create Date: 2026-12-05
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
from alembic import op

from bot.storage.timestamps import UtcDateTime

revision: str = "0009"
down_revision: str | Sequence[str] | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_MISSED_PENDING = sa.text("missed_settled_at IS NULL AND completed_at IS NULL")


def upgrade() -> None:
    op.create_table(
        "digest_settings",
        sa.Column("therapist_id", sa.Integer(), nullable=False),
        sa.Column("frequency", sa.String(length=8), server_default="off", nullable=False),
        sa.Column("send_at", sa.Time(), nullable=True),
        sa.Column("weekday", sa.Integer(), nullable=True),
        sa.Column("next_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("claimed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("missed_notices", sa.Boolean(), server_default=sa.text("false"), nullable=False),
        sa.Column("missed_notices_since", sa.DateTime(timezone=True), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("frequency IN ('off', 'daily', 'weekly')", name=op.f("ck_digest_settings_frequency")),
        sa.ForeignKeyConstraint(["therapist_id"], ["people.id"],
                                name=op.f("fk_digest_settings_therapist_id_people")),
        sa.PrimaryKeyConstraint("therapist_id", name=op.f("pk_digest_settings")),
    )
    op.create_index("ix_digest_settings_next_at", "digest_settings", ["next_at"],
                    sqlite_where=sa.text("next_at IS NOT NULL"), postgresql_where=sa.text("next_at IS NOT NULL"))
    with op.batch_alter_table("homework_items") as batch:
        batch.add_column(sa.Column("missed_claimed_at", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("missed_settled_at", sa.DateTime(timezone=True), nullable=True))
    now = datetime.now(UTC)
    items = sa.table("homework_items", sa.column("due_on", sa.Date()), sa.column("missed_settled_at", UtcDateTime()))
    op.execute(items.update().where(items.c.due_on < (now - timedelta(days=1)).date())
               .values(missed_settled_at=now))
    op.create_index("ix_homework_items_missed_pending", "homework_items", ["due_on"],
                    sqlite_where=_MISSED_PENDING, postgresql_where=_MISSED_PENDING)
    op.create_index("ix_homework_items_client_id_due_on", "homework_items", ["client_id", "due_on"])


def downgrade() -> None:
    op.drop_index("ix_homework_items_client_id_due_on", table_name="homework_items")
    op.drop_index("ix_homework_items_missed_pending", table_name="homework_items")
    with op.batch_alter_table("homework_items") as batch:
        batch.drop_column("missed_settled_at")
        batch.drop_column("missed_claimed_at")
    op.drop_index("ix_digest_settings_next_at", table_name="digest_settings")
    op.drop_table("digest_settings")
