"""The transcript: every prompt, answer and event of a session, in order. Append-only."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any, cast

from sqlalchemy import Table, bindparam, func, insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from bot.storage.errors import ConcurrentUpdate, RecordNotFound, is_unique_violation
from bot.storage.records import EntryKind, NewTranscriptEntry, TranscriptEntry
from bot.storage.schema import TranscriptRow

_TRANSCRIPT = cast(Table, TranscriptRow.__table__)
_LAST_SEQ = select(func.max(_TRANSCRIPT.c.seq)).where(_TRANSCRIPT.c.session_id == bindparam("session_id"))
# Several entries in one statement (SQLAlchemy's "insertmanyvalues"), their ids back in the order given.
_APPEND = insert(_TRANSCRIPT).returning(_TRANSCRIPT.c.id, sort_by_parameter_order=True)


class SqlTranscript:
    def __init__(self, db: AsyncSession) -> None:
        self._db = db

    async def append(self, session_id: int, entries: Sequence[NewTranscriptEntry]) -> list[TranscriptEntry]:
        """Add entries after the session's last one, numbering them on."""
        if not entries:
            return []
        last = await self._db.scalar(_LAST_SEQ, {"session_id": session_id})
        rows = [_values(session_id, (last or 0) + n, entry) for n, entry in enumerate(entries, start=1)]
        try:
            ids = (await self._db.execute(_APPEND, rows)).scalars().all()
        except IntegrityError as exc:
            if is_unique_violation(exc):
                raise ConcurrentUpdate(f"another transaction appended to session {session_id}") from exc
            raise RecordNotFound(f"no session with id {session_id}") from exc
        return [TranscriptEntry(id=row_id, session_id=session_id, seq=row["seq"], at=entry.at, kind=entry.kind,
                                step_id=entry.step_id, raw=entry.raw,
                                value=None if row["value"] is None else json.loads(row["value"]))
                for row_id, row, entry in zip(ids, rows, entries, strict=True)]

    async def for_session(self, session_id: int) -> list[TranscriptEntry]:
        query = select(TranscriptRow).where(TranscriptRow.session_id == session_id)
        return [_entry(row) for row in await self._db.scalars(query.order_by(TranscriptRow.seq))]


def _values(session_id: int, seq: int, entry: NewTranscriptEntry) -> dict[str, Any]:
    value = None if entry.value is None else json.dumps(entry.value, ensure_ascii=False)
    return {"session_id": session_id, "seq": seq, "at": entry.at, "kind": entry.kind, "step_id": entry.step_id,
            "raw": entry.raw, "value": value}


def _entry(row: TranscriptRow) -> TranscriptEntry:
    return TranscriptEntry(
        id=row.id,
        session_id=row.session_id,
        seq=row.seq,
        at=row.at,
        kind=cast(EntryKind, row.kind),
        step_id=row.step_id,
        raw=row.raw,
        value=None if row.value is None else json.loads(row.value),
    )
