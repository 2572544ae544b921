"""Dialogs: a person's one short multi-step exchange outside a flow (e.g. the /assign wizard), kept across
restarts. The state is JSON; a new dialog replaces the old one."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import Row, bindparam, delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.storage.records import Dialog
from bot.storage.repositories.insert_or_ignore import insert_or_update, references_must_exist
from bot.storage.schema import DialogRow
from bot.storage.timestamps import Clock

_DIALOGS = DialogRow.__table__
_OF_PERSON = select(_DIALOGS).where(_DIALOGS.c.person_id == bindparam("person_id"))


class SqlDialogs:
    def __init__(self, db: AsyncSession, clock: Clock) -> None:
        self._db = db
        self._clock = clock

    async def get(self, person_id: int) -> Dialog | None:
        row = (await self._db.execute(_OF_PERSON, {"person_id": person_id})).first()
        return None if row is None else _dialog(row)

    async def put(self, person_id: int, kind: str, state: dict[str, Any]) -> Dialog:
        """Stores the person's dialog, replacing any other. `state` must be JSON-serialisable (TypeError if
        not); what comes back is what get() will return (tuples become lists, keys become strings)."""
        if not isinstance(state, dict):
            raise TypeError("a dialog's state is a dict")
        text = json.dumps(state, ensure_ascii=False, separators=(",", ":"))
        now = self._clock()
        upsert = insert_or_update(
            self._db, DialogRow, {"person_id": person_id, "kind": kind, "state": text, "updated_at": now},
            key=("person_id",), update=("kind", "state", "updated_at"),
        )
        with references_must_exist(f"person {person_id}"):
            await self._db.execute(upsert)
        return Dialog(person_id=person_id, kind=kind, state=json.loads(text), updated_at=now)

    async def clear(self, person_id: int) -> None:
        await self._db.execute(delete(DialogRow).where(DialogRow.person_id == person_id))


def _dialog(row: DialogRow | Row[Any]) -> Dialog:
    return Dialog(person_id=row.person_id, kind=row.kind, state=json.loads(row.state), updated_at=row.updated_at)
