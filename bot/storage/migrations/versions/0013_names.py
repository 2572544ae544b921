"""Names (issue 11): people.first_name (the first name of a person's Telegram profile, as last seen),
links.client_name (a therapist's private name for a client) and invites.client_name (the name an invitation
was made with, until it is accepted). All three are text encrypted at rest like answers.

Revision ID: 0013
Revises: 0009
Create Date: 2026-12-05

Adding nullable columns needs no batch mode; dropping them does on SQLite.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | Sequence[str] | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_COLUMNS = (("people", "first_name"), ("links", "client_name"), ("invites", "client_name"))


def upgrade() -> None:
    for table, column in _COLUMNS:
        op.add_column(table, sa.Column(column, sa.Text(), nullable=True))


def downgrade() -> None:
    for table, column in reversed(_COLUMNS):
        with op.batch_alter_table(table) as batch:
            batch.drop_column(column)
