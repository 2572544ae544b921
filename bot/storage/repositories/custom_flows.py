"""Therapists' private flows: one row per (therapist, flow id) pointing at its newest stored version."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.storage.records import CustomFlow, PublishedVersion
from bot.storage.repositories.insert_or_ignore import insert_or_ignore, insert_or_update, references_must_exist
from bot.storage.schema import CustomFlowRow, CustomFlowVersionRow
from bot.storage.timestamps import Clock


class SqlCustomFlows:
    def __init__(self, db: AsyncSession, clock: Clock) -> None:
        self._db = db
        self._clock = clock

    async def save(self, therapist_id: int, flow_id: str, flow_version_id: int, version: int) -> CustomFlow:
        """Creates the therapist's flow, or points the existing one at a new version (created_at stays), and
        notes the version in its history (once: the same text published again keeps its first date).
        Store the source first with flow_versions.ensure; older versions stay there for their sessions."""
        now = self._clock()
        values = {
            "therapist_id": therapist_id, "flow_id": flow_id, "flow_version_id": flow_version_id,
            "version": version, "created_at": now, "updated_at": now,
        }
        upsert = insert_or_update(
            self._db, CustomFlowRow, values, key=("therapist_id", "flow_id"),
            update=("flow_version_id", "version", "updated_at"),
        )
        with references_must_exist(f"therapist {therapist_id} or flow version {flow_version_id}"):
            await self._db.execute(upsert)
            await self._db.execute(insert_or_ignore(self._db, CustomFlowVersionRow).values(
                therapist_id=therapist_id, flow_id=flow_id, flow_version_id=flow_version_id, version=version,
                published_at=now))
        saved = await self.get(therapist_id, flow_id)
        assert saved is not None
        return saved

    async def for_therapist(self, therapist_id: int) -> list[CustomFlow]:
        """The therapist's flows by flow id."""
        query = select(CustomFlowRow).where(CustomFlowRow.therapist_id == therapist_id).order_by(CustomFlowRow.flow_id)
        return [_custom(row) for row in await self._db.scalars(query.execution_options(populate_existing=True))]

    async def get(self, therapist_id: int, flow_id: str) -> CustomFlow | None:
        query = select(CustomFlowRow).where(
            CustomFlowRow.therapist_id == therapist_id, CustomFlowRow.flow_id == flow_id
        )
        row = await self._db.scalar(query.execution_options(populate_existing=True))
        return None if row is None else _custom(row)

    async def versions(self, therapist_id: int, flow_id: str) -> list[PublishedVersion]:
        """The versions the therapist published of this flow, newest first."""
        query = select(CustomFlowVersionRow).where(
            CustomFlowVersionRow.therapist_id == therapist_id, CustomFlowVersionRow.flow_id == flow_id
        ).order_by(CustomFlowVersionRow.published_at.desc(), CustomFlowVersionRow.id.desc())
        return [PublishedVersion(row.flow_version_id, row.version, row.published_at)
                for row in await self._db.scalars(query)]

    async def owner_of(self, flow_id: str) -> list[CustomFlow]:
        """Custom flows with this id (different therapists may reuse an id), oldest first."""
        query = select(CustomFlowRow).where(CustomFlowRow.flow_id == flow_id).order_by(CustomFlowRow.id)
        return [_custom(row) for row in await self._db.scalars(query.execution_options(populate_existing=True))]


def _custom(row: CustomFlowRow) -> CustomFlow:
    return CustomFlow(
        id=row.id,
        therapist_id=row.therapist_id,
        flow_id=row.flow_id,
        flow_version_id=row.flow_version_id,
        version=row.version,
        created_at=row.created_at,
        updated_at=row.updated_at,
    )
