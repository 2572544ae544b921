"""Sessions: one client's run through one flow version, saved after every step with a version check."""

from __future__ import annotations

from dataclasses import replace
from typing import Any, cast

from sqlalchemy import CursorResult, Row, Table, bindparam, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm.attributes import set_committed_value
from sqlalchemy.sql.dml import Update

from bot.storage.errors import ConcurrentUpdate, RecordNotFound, SessionAlreadyOpen, is_unique_violation
from bot.storage.records import OPEN_STATUSES, SessionStatus, StoredSession
from bot.storage.schema import FlowVersionRow, SessionRow
from bot.storage.timestamps import Clock

# The per-answer statements are Core on the table, built once: no identity map to keep, no unit-of-work
# flush, and SQLAlchemy finds their compiled form by identity. An answer costs a few of these.
_SESSIONS = cast(Table, SessionRow.__table__)
_BY_ID = select(_SESSIONS).where(_SESSIONS.c.id == bindparam("id"))
_CURRENT = select(_SESSIONS).where(_SESSIONS.c.person_id == bindparam("person_id"),
                                   _SESSIONS.c.status.in_(OPEN_STATUSES))
_SAVES: dict[tuple[str, ...], Update] = {}  # by the columns written


def _save_statement(columns: tuple[str, ...]) -> Update:
    statement = _SAVES.get(columns)
    if statement is None:
        statement = _SAVES[columns] = (
            update(_SESSIONS)
            .where(_SESSIONS.c.id == bindparam("session_id"), _SESSIONS.c.version_id == bindparam("read_version"))
            .values({name: bindparam(name) for name in columns})
        )
    return statement


class SqlSessions:
    def __init__(self, db: AsyncSession, clock: Clock) -> None:
        self._db = db
        self._clock = clock

    async def start(
        self, person_id: int, flow_version_id: int, state: str, current_step: str | None
    ) -> StoredSession:
        """A new active session. Raises SessionAlreadyOpen if the person has an active or paused one."""
        flow_id = await self._db.scalar(
            select(FlowVersionRow.flow_id).where(FlowVersionRow.id == flow_version_id)
        )
        if flow_id is None:
            raise RecordNotFound(f"no flow version with id {flow_version_id}")
        await self._refuse_second_open_session(person_id)
        now = self._clock()
        row = SessionRow(
            person_id=person_id,
            flow_version_id=flow_version_id,
            flow_id=flow_id,
            status="active",
            state=state,
            current_step=current_step,
            started_at=now,
            updated_at=now,
            delivered_seq=0,
        )
        try:
            async with self._db.begin_nested():
                self._db.add(row)
            self._db.expunge(row)  # later reads and saves are Core: no stale copy may linger in the session
        except IntegrityError as exc:
            if not is_unique_violation(exc):
                raise RecordNotFound(f"no person with id {person_id}") from exc
            # A concurrent transaction started one first; the partial unique index caught it.
            await self._refuse_second_open_session(person_id)
            raise
        return _stored(row)

    async def get(self, session_id: int) -> StoredSession | None:
        row = (await self._db.execute(_BY_ID, {"id": session_id})).first()
        return None if row is None else _stored(row)

    async def get_current(self, person_id: int) -> StoredSession | None:
        """The person's active or paused session, if any (there is at most one)."""
        row = (await self._db.execute(_CURRENT, {"person_id": person_id})).first()
        return None if row is None else _stored(row)

    async def save(
        self,
        session: StoredSession,
        *,
        state: str,
        status: SessionStatus,
        current_step: str | None,
        outcome: str | None = None,
    ) -> StoredSession:
        """Write the new state if the row is still at `session.version`, else raise ConcurrentUpdate.
        `outcome=None` keeps the stored outcome. A session that has finished cannot change."""
        if not session.is_open:
            raise ValueError(f"session {session.id} is {session.status}; a finished session cannot change")
        now = self._clock()
        changes: dict[str, Any] = {"state": state, "status": status, "current_step": current_step,
                                   "updated_at": now, "version_id": session.version + 1}
        if outcome is not None:
            changes["outcome"] = outcome
        if status not in OPEN_STATUSES:
            changes["finished_at"] = now
        result = await self._db.execute(
            _save_statement(tuple(changes)),
            {"session_id": session.id, "read_version": session.version, **changes},
        )
        if cast(CursorResult[Any], result).rowcount != 1:
            raise ConcurrentUpdate(f"session {session.id} changed since version {session.version} was read")
        self._update_loaded_copy(session.id, changes)
        return replace(session, state=state, status=status, current_step=current_step, updated_at=now,
                       version=session.version + 1, outcome=changes.get("outcome", session.outcome),
                       finished_at=changes.get("finished_at", session.finished_at))

    def _update_loaded_copy(self, session_id: int, changes: dict[str, Any]) -> None:
        """Another repository may have loaded this session as an ORM object in this transaction: it must not
        keep (or later write back) the old values."""
        sync = self._db.sync_session
        loaded = sync.identity_map.get(sync.identity_key(SessionRow, session_id))
        if loaded is not None:
            for name, value in changes.items():
                set_committed_value(loaded, name, value)

    async def list_completed(self, person_id: int, limit: int | None = None) -> list[StoredSession]:
        """The person's completed sessions, newest first."""
        query = (
            select(SessionRow)
            .where(SessionRow.person_id == person_id, SessionRow.status == "completed")
            .order_by(SessionRow.started_at.desc(), SessionRow.id.desc())
            .limit(limit)
        )
        return [_stored(row) for row in await self._db.scalars(query)]

    async def list_for_person(self, person_id: int, limit: int | None = None) -> list[StoredSession]:
        """Every session of the person (any status), newest first."""
        query = (
            select(SessionRow)
            .where(SessionRow.person_id == person_id)
            .order_by(SessionRow.started_at.desc(), SessionRow.id.desc())
            .limit(limit)
        )
        return [_stored(row) for row in await self._db.scalars(query)]

    async def mark_delivered(self, session_id: int, seq: int) -> None:
        """Record that prompt `seq` reached the person. Not a state change: no version bump, never lowers."""
        await self._db.execute(
            update(SessionRow)
            .where(SessionRow.id == session_id, SessionRow.delivered_seq < seq)
            .values(delivered_seq=seq)
            .execution_options(synchronize_session=False)
        )

    async def list_open(
        self, status: SessionStatus = "active", limit: int | None = None, after_id: int = 0
    ) -> list[StoredSession]:
        """Open sessions in one status, in id order from above `after_id`: page through them all by passing
        the last id of one page to get the next (as resuming after a restart does)."""
        query = (
            select(_SESSIONS).where(_SESSIONS.c.status == status, _SESSIONS.c.id > after_id)
            .order_by(_SESSIONS.c.id).limit(limit)
        )
        return [_stored(row) for row in await self._db.execute(query)]

    async def _refuse_second_open_session(self, person_id: int) -> None:
        current = await self.get_current(person_id)
        if current is not None:
            raise SessionAlreadyOpen(person_id, current.id)


def _stored(row: SessionRow | Row[Any]) -> StoredSession:
    return StoredSession(
        id=row.id,
        person_id=row.person_id,
        flow_version_id=row.flow_version_id,
        flow_id=row.flow_id,
        status=cast(SessionStatus, row.status),
        state=row.state,
        current_step=row.current_step,
        started_at=row.started_at,
        updated_at=row.updated_at,
        finished_at=row.finished_at,
        outcome=row.outcome,
        version=row.version_id,
        delivered_seq=row.delivered_seq,
    )
