"""Flow versions: the exact YAML each session started with, stored once per distinct content."""

from __future__ import annotations

import hashlib

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.storage.records import FlowVersion
from bot.storage.repositories.insert_or_ignore import insert_or_ignore
from bot.storage.schema import FlowVersionRow
from bot.storage.timestamps import Clock


def content_hash(source: str) -> str:
    return hashlib.sha256(source.encode("utf-8")).hexdigest()


class SqlFlowVersions:
    def __init__(self, db: AsyncSession, clock: Clock) -> None:
        self._db = db
        self._clock = clock

    async def ensure(self, flow_id: str, version: int, source: str) -> int:
        """The id of this exact source of `flow_id`, stored now if it is new. The same text under another
        version number keeps its first id: the content is what a session must continue with."""
        digest = content_hash(source)
        insert = insert_or_ignore(self._db, FlowVersionRow).values(
            flow_id=flow_id, version=version, content_hash=digest, source=source, created_at=self._clock()
        )
        await self._db.execute(insert)
        found = await self._db.scalar(
            select(FlowVersionRow.id).where(
                FlowVersionRow.flow_id == flow_id, FlowVersionRow.content_hash == digest
            )
        )
        assert found is not None
        return found

    async def get(self, flow_version_id: int) -> FlowVersion | None:
        row = await self._db.get(FlowVersionRow, flow_version_id)
        if row is None:
            return None
        return FlowVersion(
            id=row.id,
            flow_id=row.flow_id,
            version=row.version,
            content_hash=row.content_hash,
            source=row.source,
            created_at=row.created_at,
        )
