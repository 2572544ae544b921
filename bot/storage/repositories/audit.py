"""The audit log: every read of a client's data by someone else — who, whose, what, when; never the content."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import cast

from sqlalchemy import ColumnElement, func, insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.storage.records import AuditAction, AuditEntry
from bot.storage.repositories.insert_or_ignore import references_must_exist
from bot.storage.schema import AuditRow
from bot.storage.timestamps import Clock


class SqlAudit:
    def __init__(self, db: AsyncSession, clock: Clock) -> None:
        self._db = db
        self._clock = clock

    async def record(self, actor_id: int, subject_id: int, action: AuditAction, detail: str) -> None:
        """Appends an entry at the unit of work's now. `detail` names parameters (a format, a date range),
        never what was read. It commits with the read's transaction."""
        self._db.add(AuditRow(at=self._clock(), actor_id=actor_id, subject_id=subject_id, action=action,
                              detail=detail))
        with references_must_exist(f"person {actor_id} or {subject_id}"):
            await self._db.flush()

    async def record_each(self, actor_id: int, subject_ids: Sequence[int], action: AuditAction, detail: str) -> None:
        """One entry per subject, as `record` makes, in one statement (a page of 200 clients' rows is 200 reads)."""
        if not subject_ids:
            return
        now = self._clock()
        with references_must_exist(f"person {actor_id} or one of {len(subject_ids)}"):
            await self._db.execute(insert(AuditRow), [
                {"at": now, "actor_id": actor_id, "subject_id": s, "action": action, "detail": detail}
                for s in subject_ids])

    async def for_subject(self, subject_id: int) -> list[AuditEntry]:
        """Who read this person's data, oldest first."""
        return await self._entries(AuditRow.subject_id == subject_id)

    async def for_actor(self, actor_id: int) -> list[AuditEntry]:
        """Whose data this person read, oldest first."""
        return await self._entries(AuditRow.actor_id == actor_id)

    async def latest(self, actor_id: int, subject_id: int, action: AuditAction, before: datetime) -> datetime | None:
        """When `actor_id` last did `action` on `subject_id` before `before`, if ever."""
        return await self._db.scalar(
            select(func.max(AuditRow.at)).where(AuditRow.actor_id == actor_id, AuditRow.subject_id == subject_id,
                                                AuditRow.action == action, AuditRow.at < before)
        )

    async def _entries(self, condition: ColumnElement[bool]) -> list[AuditEntry]:
        query = select(AuditRow).where(condition).order_by(AuditRow.at, AuditRow.id)
        return [_entry(row) for row in await self._db.scalars(query)]


def _entry(row: AuditRow) -> AuditEntry:
    return AuditEntry(
        id=row.id,
        at=row.at,
        actor_id=row.actor_id,
        subject_id=row.subject_id,
        action=cast(AuditAction, row.action),
        detail=row.detail,
    )
