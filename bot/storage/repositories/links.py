"""Links between a therapist and their clients. A client has at most one active link (a partial unique index)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import cast

from sqlalchemy import exists, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from bot.storage.errors import ConcurrentUpdate, RecordNotFound, is_unique_violation
from bot.storage.records import Link, LinkEnd, clean_name
from bot.storage.repositories.notes import forget_notes
from bot.storage.schema import LinkRow
from bot.storage.timestamps import Clock


class SqlLinks:
    def __init__(self, db: AsyncSession, clock: Clock) -> None:
        self._db = db
        self._clock = clock

    async def link(self, therapist_id: int, client_id: int) -> Link:
        """Links the client to the therapist; an active link to another therapist ends (ended_by="replaced").
        Linking again to the same therapist returns the existing link. A concurrent link of the same client
        raises ConcurrentUpdate (nothing written; retry)."""
        current = await self._active_row(client_id)
        if current is not None and current.therapist_id == therapist_id:
            return _link(current)
        now = self._clock()
        if current is not None:
            current.ended_at, current.ended_by, current.client_name = now, "replaced", None
            await forget_notes(self._db, current.therapist_id, current.client_id)
            await self._db.flush()  # before the insert: the index allows one active link per client
        row = LinkRow(therapist_id=therapist_id, client_id=client_id, linked_at=now)
        self._db.add(row)
        try:
            await self._db.flush()
        except IntegrityError as exc:
            if is_unique_violation(exc):
                raise ConcurrentUpdate(f"client {client_id} was linked by another transaction") from exc
            raise RecordNotFound(f"no person with id {therapist_id} or {client_id}") from exc
        return _link(row)

    async def active_for_client(self, client_id: int) -> Link | None:
        row = await self._active_row(client_id)
        return None if row is None else _link(row)

    async def clients_of(self, therapist_id: int) -> list[Link]:
        """The therapist's active links, oldest first."""
        query = (
            select(LinkRow)
            .where(LinkRow.therapist_id == therapist_id, LinkRow.ended_at.is_(None))
            .order_by(LinkRow.linked_at, LinkRow.id)
            .execution_options(populate_existing=True)
        )
        return [_link(row) for row in await self._db.scalars(query)]

    async def is_linked(self, therapist_id: int, client_id: int) -> bool:
        """True if the client's active link is to this therapist."""
        active = exists().where(
            LinkRow.therapist_id == therapist_id, LinkRow.client_id == client_id, LinkRow.ended_at.is_(None)
        )
        return bool(await self._db.scalar(select(active)))

    async def set_client_name(self, therapist_id: int, client_id: int, name: str | None) -> bool:
        """The therapist's private name for a linked client (None: none, the client's own first name shows);
        False if the client is not linked to this therapist now. ValueError if clean_name refuses the name."""
        cleaned = None if name is None else clean_name(name)
        row = await self._active_row(client_id)
        if row is None or row.therapist_id != therapist_id:
            return False
        row.client_name = cleaned
        await self._db.flush()
        return True

    async def client_names(self, therapist_id: int, client_ids: Iterable[int] | None = None) -> dict[int, str]:
        """The therapist's private names for their linked clients (all, or those of `client_ids`), by client id;
        clients not named are left out."""
        query = select(LinkRow.client_id, LinkRow.client_name).where(
            LinkRow.therapist_id == therapist_id, LinkRow.ended_at.is_(None), LinkRow.client_name.is_not(None))
        if client_ids is not None:
            query = query.where(LinkRow.client_id.in_(list(client_ids)))
        return {int(row.client_id): str(row.client_name) for row in (await self._db.execute(query)).all()}

    async def end(self, link_id: int, ended_by: LinkEnd) -> None:
        """Ends the link; a link already ended keeps its first end. RecordNotFound for an unknown id."""
        row = await self._db.get(LinkRow, link_id, populate_existing=True)
        if row is None:
            raise RecordNotFound(f"no link with id {link_id}")
        if row.ended_at is None:
            row.ended_at, row.ended_by, row.client_name = self._clock(), ended_by, None
            await forget_notes(self._db, row.therapist_id, row.client_id)
            await self._db.flush()

    async def _active_row(self, client_id: int) -> LinkRow | None:
        query = select(LinkRow).where(LinkRow.client_id == client_id, LinkRow.ended_at.is_(None))
        return await self._db.scalar(query.execution_options(populate_existing=True))


def _link(row: LinkRow) -> Link:
    return Link(
        id=row.id,
        therapist_id=row.therapist_id,
        client_id=row.client_id,
        linked_at=row.linked_at,
        ended_at=row.ended_at,
        ended_by=cast(LinkEnd | None, row.ended_by),
    )
