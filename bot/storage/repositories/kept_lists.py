"""Lists a client keeps across exercises, one row per version (latest wins, history kept). Items are JSON,
encrypted at rest (kept_lists.items); only the client's own rows are ever read or written here, whichever
flow (shipped or a therapist's private one) asks."""

from __future__ import annotations

import json

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.engine.kept import KeptChange, apply_change, clean_items
from bot.storage.records import KeptList
from bot.storage.repositories.insert_or_ignore import references_must_exist
from bot.storage.schema import KeptListRow
from bot.storage.timestamps import Clock


class SqlKeptLists:
    def __init__(self, db: AsyncSession, clock: Clock) -> None:
        self._db = db
        self._clock = clock

    async def latest(self, person_id: int) -> dict[str, KeptList]:
        """The newest version of each of the person's lists, by name."""
        rows = await self._db.scalars(
            select(KeptListRow).where(KeptListRow.person_id == person_id)
            .order_by(KeptListRow.saved_at, KeptListRow.id)
        )
        return {row.name: kept for row in rows for kept in (_kept(row),)}

    async def history(self, person_id: int, name: str) -> list[KeptList]:
        """Every version of one list, oldest first."""
        rows = await self._db.scalars(
            select(KeptListRow).where(KeptListRow.person_id == person_id, KeptListRow.name == name)
            .order_by(KeptListRow.saved_at, KeptListRow.id)
        )
        return [_kept(row) for row in rows]

    async def apply(self, person_id: int, change: KeptChange, flow_id: str) -> KeptList:
        """Applies `change` to the newest version and saves the result as a new version, at the unit of
        work's now."""
        versions = await self.history(person_id, change.name)
        current = list(versions[-1].items) if versions else []
        items = apply_change(current, change)
        row = KeptListRow(person_id=person_id, name=change.name, items=json.dumps(items, ensure_ascii=False),
                          flow_id=flow_id, saved_at=self._clock())
        with references_must_exist(f"person {person_id}"):
            self._db.add(row)
            await self._db.flush()
        return _kept(row)


def _kept(row: KeptListRow) -> KeptList:
    try:
        items = clean_items(json.loads(row.items))
    except ValueError:
        items = []
    return KeptList(row.id, row.person_id, row.name, tuple(items), row.flow_id, row.saved_at)
