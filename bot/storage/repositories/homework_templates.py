"""A therapist's saved homework templates: what to assign (exercise, schedule, time, note), not to whom."""

from __future__ import annotations

from datetime import time
from typing import cast

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.storage.records import HomeworkTemplate, Schedule
from bot.storage.repositories.insert_or_ignore import references_must_exist
from bot.storage.schema import HomeworkTemplateRow
from bot.storage.timestamps import Clock


class SqlHomeworkTemplates:
    def __init__(self, db: AsyncSession, clock: Clock) -> None:
        self._db = db
        self._clock = clock

    async def save(self, therapist_id: int, flow_id: str, schedule: Schedule, times: int, due_in_days: int,
                   remind_at: time, note: str | None) -> HomeworkTemplate:
        if times < 1 or due_in_days < 0 or (schedule == "once" and times != 1):
            raise ValueError(f"{schedule} {times} times, {due_in_days} days ahead is not a valid template")
        if remind_at.tzinfo is not None:
            raise ValueError("remind_at is a wall-clock time; pass it without tzinfo")
        row = HomeworkTemplateRow(therapist_id=therapist_id, flow_id=flow_id, schedule=schedule, times=times,
                                  due_in_days=due_in_days, remind_at=remind_at, note=note,
                                  created_at=self._clock())
        self._db.add(row)
        with references_must_exist(f"therapist {therapist_id}"):
            await self._db.flush()
        return _template(row)

    async def for_therapist(self, therapist_id: int) -> list[HomeworkTemplate]:
        """Oldest first: a template keeps its place in the list."""
        rows = await self._db.scalars(
            select(HomeworkTemplateRow).where(HomeworkTemplateRow.therapist_id == therapist_id)
            .order_by(HomeworkTemplateRow.created_at, HomeworkTemplateRow.id)
            .execution_options(populate_existing=True)
        )
        return [_template(row) for row in rows]

    async def get(self, template_id: int) -> HomeworkTemplate | None:
        row = await self._db.get(HomeworkTemplateRow, template_id, populate_existing=True)
        return None if row is None else _template(row)

    async def delete(self, template_id: int) -> bool:
        """False if there was no such template (deleted already)."""
        result = await self._db.execute(
            delete(HomeworkTemplateRow).where(HomeworkTemplateRow.id == template_id)
            .execution_options(synchronize_session=False)
        )
        return bool(getattr(result, "rowcount", 0))


def _template(row: HomeworkTemplateRow) -> HomeworkTemplate:
    return HomeworkTemplate(
        id=row.id, therapist_id=row.therapist_id, flow_id=row.flow_id, schedule=cast(Schedule, row.schedule),
        times=row.times, due_in_days=row.due_in_days, remind_at=row.remind_at, note=row.note,
        created_at=row.created_at,
    )
