"""custom_flow_versions: the versions a therapist published of each private flow, with when (issue 13 §2, the
dashboard's flow library). flow_versions alone cannot say whose a version is: two therapists may use one id.

Revision ID: 0021
Revises: 0016
Create Date: 2026-12-05

A new table, filled with each private flow's current version (the older ones were never recorded as a
therapist's, so the history starts there). No batch mode needed.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0021"
down_revision: str | Sequence[str] | None = "0016"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "custom_flow_versions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("therapist_id", sa.Integer(), nullable=False),
        sa.Column("flow_id", sa.String(length=100), nullable=False),
        sa.Column("flow_version_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["therapist_id"], ["people.id"],
                                name=op.f("fk_custom_flow_versions_therapist_id_people")),
        sa.ForeignKeyConstraint(["flow_version_id"], ["flow_versions.id"],
                                name=op.f("fk_custom_flow_versions_flow_version_id_flow_versions")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_custom_flow_versions")),
        sa.UniqueConstraint("therapist_id", "flow_version_id",
                            name=op.f("uq_custom_flow_versions_therapist_id_flow_version_id")),
    )
    op.create_index("ix_custom_flow_versions_therapist_id_flow_id", "custom_flow_versions",
                    ["therapist_id", "flow_id"])
    op.execute(
        "INSERT INTO custom_flow_versions (therapist_id, flow_id, flow_version_id, version, published_at) "
        "SELECT therapist_id, flow_id, flow_version_id, version, updated_at FROM custom_flows"
    )


def downgrade() -> None:
    op.drop_index("ix_custom_flow_versions_therapist_id_flow_id", table_name="custom_flow_versions")
    op.drop_table("custom_flow_versions")
