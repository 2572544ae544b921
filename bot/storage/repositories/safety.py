"""Safety events: each crisis episode (risk language recognised, or /sos) is one row — when, how it began,
what the bot did (a check-in question, or the SOS path), who was at risk, the choices the person made, how it
ended. Never the words that set it off."""

from __future__ import annotations

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.storage.records import SafetyEvent
from bot.storage.repositories.insert_or_ignore import references_must_exist
from bot.storage.schema import SafetyEventRow
from bot.storage.timestamps import Clock

_CHOICES_MAX = 200


class SqlSafetyEvents:
    def __init__(self, db: AsyncSession, clock: Clock) -> None:
        self._db = db
        self._clock = clock

    async def open_event(self, person_id: int, source: str, level: str, rules: str, response: str = "sos",
                         category: str | None = None) -> int:
        row = SafetyEventRow(person_id=person_id, at=self._clock(), source=source, level=level, response=response,
                             category=category, rules=rules[:500], choices="", outcome=None, closed_at=None)
        with references_must_exist(f"person {person_id}"):
            self._db.add(row)
            await self._db.flush()
        return row.id

    async def note_choice(self, event_id: int, choice: str) -> None:
        row = await self._db.get(SafetyEventRow, event_id)
        if row is not None:
            row.choices = (f"{row.choices},{choice}" if row.choices else choice)[-_CHOICES_MAX:]

    async def escalate(self, event_id: int, response: str, category: str | None) -> None:
        """A check-in answered yes or not sure, or clearer words in the same episode: the SOS path now."""
        row = await self._db.get(SafetyEventRow, event_id)
        if row is not None:
            row.response = response
            row.category = category or row.category

    async def close_event(self, event_id: int, outcome: str) -> None:
        await self._db.execute(
            update(SafetyEventRow).where(SafetyEventRow.id == event_id, SafetyEventRow.closed_at.is_(None))
            .values(outcome=outcome, closed_at=self._clock()).execution_options(synchronize_session=False)
        )

    async def events_of(self, person_id: int) -> list[SafetyEvent]:
        query = select(SafetyEventRow).where(SafetyEventRow.person_id == person_id).order_by(SafetyEventRow.id)
        return [_event(row) for row in await self._db.scalars(query.execution_options(populate_existing=True))]


def _event(row: SafetyEventRow) -> SafetyEvent:
    return SafetyEvent(id=row.id, person_id=row.person_id, at=row.at, source=row.source, level=row.level,
                       rules=row.rules, choices=tuple(c for c in row.choices.split(",") if c),
                       outcome=row.outcome, closed_at=row.closed_at, response=row.response, category=row.category)
