"""The transcript: every prompt, answer and event of a session, in order. Append-only."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import cast

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from bot.storage.errors import ConcurrentUpdate, RecordNotFound, is_unique_violation
from bot.storage.records import EntryKind, NewTranscriptEntry, TranscriptEntry
from bot.storage.schema import TranscriptRow


class SqlTranscript:
    def __init__(self, db: AsyncSession) -> None:
        self._db = db

    async def append(self, session_id: int, entries: Sequence[NewTranscriptEntry]) -> list[TranscriptEntry]:
        """Add entries after the session's last one, numbering them on."""
        last = await self._db.scalar(
            select(func.max(TranscriptRow.seq)).where(TranscriptRow.session_id == session_id)
        )
        rows = [_row(session_id, (last or 0) + n, entry) for n, entry in enumerate(entries, start=1)]
        self._db.add_all(rows)
        try:
            await self._db.flush()
        except IntegrityError as exc:
            if is_unique_violation(exc):
                raise ConcurrentUpdate(f"another transaction appended to session {session_id}") from exc
            raise RecordNotFound(f"no session with id {session_id}") from exc
        return [_entry(row) for row in rows]

    async def for_session(self, session_id: int) -> list[TranscriptEntry]:
        query = select(TranscriptRow).where(TranscriptRow.session_id == session_id)
        return [_entry(row) for row in await self._db.scalars(query.order_by(TranscriptRow.seq))]


def _row(session_id: int, seq: int, entry: NewTranscriptEntry) -> TranscriptRow:
    value = None if entry.value is None else json.dumps(entry.value, ensure_ascii=False)
    return TranscriptRow(
        session_id=session_id, seq=seq, at=entry.at, kind=entry.kind, step_id=entry.step_id, raw=entry.raw,
        value=value,
    )


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
