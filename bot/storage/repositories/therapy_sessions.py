"""Therapy sessions a therapist marked as held with a client ("session held today"): only when, never what."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.storage.repositories.insert_or_ignore import references_must_exist
from bot.storage.schema import TherapySessionRow
from bot.storage.timestamps import Clock


class SqlTherapySessions:
    def __init__(self, db: AsyncSession, clock: Clock) -> None:
        self._db = db
        self._clock = clock

    async def mark_held(self, therapist_id: int, client_id: int) -> datetime:
        now = self._clock()
        self._db.add(TherapySessionRow(therapist_id=therapist_id, client_id=client_id, held_at=now))
        with references_must_exist(f"person {therapist_id} or {client_id}"):
            await self._db.flush()
        return now

    async def latest(self, therapist_id: int, client_id: int) -> datetime | None:
        return await self._db.scalar(
            select(func.max(TherapySessionRow.held_at)).where(TherapySessionRow.therapist_id == therapist_id,
                                                              TherapySessionRow.client_id == client_id)
        )
