"""The audit log gains the action "caseload": a therapist saw a client's row in /clients or their card.

Revision ID: 0015
Revises: 0013
Create Date: 2026-12-05

It is its own action, not "review", because the last "review" before today is where "since last session"
starts, and a glance at the caseload must not move it. The CHECK constraint is replaced as in 0012 (batch mode
on SQLite); a downgrade deletes the "caseload" entries first, which the old constraint would refuse.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0015"
down_revision: str | Sequence[str] | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_ACTIONS_BEFORE = ("review", "export", "progress", "notes")
_ACTIONS = (*_ACTIONS_BEFORE, "caseload")


def _one_of(values: Sequence[str]) -> str:
    return f"action IN ({', '.join(repr(v) for v in values)})"


def upgrade() -> None:
    _replace_action_check(_ACTIONS)


def downgrade() -> None:
    op.execute(sa.text("DELETE FROM audit_log WHERE action = 'caseload'"))
    _replace_action_check(_ACTIONS_BEFORE)


def _replace_action_check(actions: Sequence[str]) -> None:
    with op.batch_alter_table("audit_log") as batch:
        batch.drop_constraint(op.f("ck_audit_log_action"), type_="check")
        batch.create_check_constraint(op.f("ck_audit_log_action"), _one_of(actions))
