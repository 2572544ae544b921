"""Invites: single-use, expiring codes. Only the code's sha256 is stored; the code itself is shown once."""

from __future__ import annotations

import hashlib
import re
import secrets
from datetime import timedelta
from typing import cast

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.storage.records import Invite, InviteKind, clean_name
from bot.storage.repositories.insert_or_ignore import references_must_exist
from bot.storage.schema import InviteRow
from bot.storage.timestamps import Clock

CODE_BYTES = 24  # 192 bits; token_urlsafe gives 32 characters
# What Telegram accepts as a /start deep-link payload; anything else cannot be one of our codes.
_CODE = re.compile(r"[A-Za-z0-9_-]{1,64}")


def code_hash(code: str) -> str:
    return hashlib.sha256(code.encode("ascii")).hexdigest()


class SqlInvites:
    def __init__(self, db: AsyncSession, clock: Clock) -> None:
        self._db = db
        self._clock = clock

    async def create(self, kind: InviteKind, created_by: int | None, valid_for: timedelta,
                     client_name: str | None = None) -> tuple[Invite, str]:
        """A new invite and its code: 32 characters of A-Z a-z 0-9 _ -, usable as a Telegram /start payload
        (t.me/<bot>?start=<code>). Only the code's hash is kept, so show the code now or never. `client_name`:
        the therapist's private name for the client invited (ValueError if clean_name refuses it)."""
        if valid_for <= timedelta(0):
            raise ValueError("an invite must be valid for a positive time")
        code = secrets.token_urlsafe(CODE_BYTES)
        now = self._clock()
        row = InviteRow(
            code_hash=code_hash(code), kind=kind, created_by=created_by, created_at=now, expires_at=now + valid_for,
            client_name=None if client_name is None else clean_name(client_name),
        )
        self._db.add(row)
        with references_must_exist(f"person {created_by}"):
            await self._db.flush()
        return _invite(row), code

    async def peek(self, code: str) -> Invite | None:
        """The invite if the code is known, unused and not expired; nothing changes."""
        if not _CODE.fullmatch(code):
            return None
        query = select(InviteRow).where(
            InviteRow.code_hash == code_hash(code), InviteRow.used_at.is_(None), InviteRow.expires_at > self._clock()
        )
        row = await self._db.scalar(query.execution_options(populate_existing=True))
        return None if row is None else _invite(row)

    async def redeem(self, code: str, person_id: int) -> Invite | None:
        """Marks the invite used by `person_id`, or None if the code is unknown, used or expired. One
        conditional UPDATE: of two concurrent redeemers the second finds the row used (PostgreSQL re-checks
        the condition after the first commits; SQLite runs them one after the other)."""
        if not _CODE.fullmatch(code):
            return None
        now = self._clock()
        redeem = (
            update(InviteRow)
            .where(InviteRow.code_hash == code_hash(code), InviteRow.used_at.is_(None), InviteRow.expires_at > now)
            .values(used_at=now, used_by=person_id)
            .returning(InviteRow)
            .execution_options(synchronize_session=False, populate_existing=True)
        )
        with references_must_exist(f"person {person_id}"):
            row = (await self._db.execute(redeem)).scalar_one_or_none()
        return None if row is None else _invite(row)


    async def take_client_name(self, invite_id: int) -> str | None:
        """The name the invite was made with, cleared from the invite: a redeemed invitation passes it on to
        the link and keeps no copy."""
        row = await self._db.get(InviteRow, invite_id, populate_existing=True)
        if row is None or row.client_name is None:
            return None
        name, row.client_name = row.client_name, None
        await self._db.flush()
        return name


def _invite(row: InviteRow) -> Invite:
    return Invite(
        id=row.id,
        kind=cast(InviteKind, row.kind),
        created_by=row.created_by,
        created_at=row.created_at,
        expires_at=row.expires_at,
        used_at=row.used_at,
        used_by=row.used_by,
    )
