"""A therapist's private notes on a client or on one of the client's exercises. The text is encrypted at rest
(therapist_notes.text); only the author reads or deletes a note, and the notes about a client go when the
link ends (links.py) or when either person is erased (privacy.py)."""

from __future__ import annotations

from typing import Any, cast

from sqlalchemy import CursorResult, delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.storage.errors import RecordNotFound
from bot.storage.records import NOTE_LENGTH, TherapistNote
from bot.storage.repositories.insert_or_ignore import references_must_exist
from bot.storage.schema import SessionRow, TherapistNoteRow
from bot.storage.timestamps import Clock


class SqlNotes:
    def __init__(self, db: AsyncSession, clock: Clock) -> None:
        self._db = db
        self._clock = clock

    async def add(self, therapist_id: int, client_id: int, text: str, session_id: int | None = None) -> TherapistNote:
        """A new note at the unit of work's now. ValueError if it is blank or longer than NOTE_LENGTH;
        RecordNotFound if the session is not one of this client's. Whether the therapist may write about the
        client (a link) is the caller's check."""
        cleaned = text.strip()
        if not cleaned:
            raise ValueError("a note needs some text")
        if len(cleaned) > NOTE_LENGTH:
            raise ValueError(f"a note is at most {NOTE_LENGTH} characters, not {len(cleaned)}")
        if session_id is not None:
            owner = await self._db.scalar(select(SessionRow.person_id).where(SessionRow.id == session_id))
            if owner != client_id:
                raise RecordNotFound(f"no session {session_id} of person {client_id}")
        row = TherapistNoteRow(therapist_id=therapist_id, client_id=client_id, session_id=session_id, text=cleaned,
                               created_at=self._clock())
        with references_must_exist(f"person {therapist_id} or {client_id}"):
            self._db.add(row)
            await self._db.flush()
        return _note(row)

    async def for_client(self, therapist_id: int, client_id: int) -> list[TherapistNote]:
        """This therapist's notes about the client, on the client and on each exercise, oldest first."""
        return await self._notes(TherapistNoteRow.therapist_id == therapist_id,
                                 TherapistNoteRow.client_id == client_id)

    async def for_session(self, therapist_id: int, session_id: int) -> list[TherapistNote]:
        """This therapist's notes on one exercise, oldest first."""
        return await self._notes(TherapistNoteRow.therapist_id == therapist_id,
                                 TherapistNoteRow.session_id == session_id)

    async def get(self, therapist_id: int, note_id: int) -> TherapistNote | None:
        """The note if this therapist wrote it; None for anyone else's."""
        found = await self._notes(TherapistNoteRow.therapist_id == therapist_id, TherapistNoteRow.id == note_id)
        return found[0] if found else None

    async def delete(self, therapist_id: int, note_id: int) -> bool:
        """Deletes the note if this therapist wrote it; False if there was none of theirs."""
        return await self._delete(TherapistNoteRow.therapist_id == therapist_id, TherapistNoteRow.id == note_id) > 0

    async def forget(self, therapist_id: int, client_id: int) -> int:
        """Deletes every note this therapist has about the client; how many."""
        return await forget_notes(self._db, therapist_id, client_id)

    async def _notes(self, *conditions: Any) -> list[TherapistNote]:
        query = select(TherapistNoteRow).where(*conditions).order_by(TherapistNoteRow.created_at, TherapistNoteRow.id)
        return [_note(row) for row in await self._db.scalars(query.execution_options(populate_existing=True))]

    async def _delete(self, *conditions: Any) -> int:
        result = await self._db.execute(
            delete(TherapistNoteRow).where(*conditions).execution_options(synchronize_session=False)
        )
        return cast(CursorResult[Any], result).rowcount


async def forget_notes(db: AsyncSession, therapist_id: int, client_id: int) -> int:
    """The notes served the therapist's work with the client: when their link ends, the notes go with it."""
    result = await db.execute(delete(TherapistNoteRow).where(
        TherapistNoteRow.therapist_id == therapist_id, TherapistNoteRow.client_id == client_id
    ).execution_options(synchronize_session=False))
    return cast(CursorResult[Any], result).rowcount


def _note(row: TherapistNoteRow) -> TherapistNote:
    return TherapistNote(id=row.id, therapist_id=row.therapist_id, client_id=row.client_id,
                         session_id=row.session_id, text=row.text, created_at=row.created_at)
