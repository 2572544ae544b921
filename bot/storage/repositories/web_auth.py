"""The dashboard's sign-in links and sessions. Only a token's sha256 is stored; the token itself is shown once
(in the link, or in the cookie). A link is taken by one conditional UPDATE, so it signs in at most once."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.storage.repositories.insert_or_ignore import references_must_exist
from bot.storage.schema import WebSessionRow, WebSignInRow
from bot.storage.timestamps import Clock

TOKEN_BYTES = 32  # 256 bits; 43 URL-safe characters


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "replace")).hexdigest()


class SqlWebAuth:
    def __init__(self, db: AsyncSession, clock: Clock) -> None:
        self._db = db
        self._clock = clock

    async def create_sign_in(self, person_id: int, valid_for: timedelta) -> str:
        if valid_for <= timedelta(0):
            raise ValueError("a sign-in link must be valid for a positive time")
        token = secrets.token_urlsafe(TOKEN_BYTES)
        now = self._clock()
        self._db.add(WebSignInRow(token_hash=token_hash(token), person_id=person_id, created_at=now,
                                  expires_at=now + valid_for))
        with references_must_exist(f"person {person_id}"):
            await self._db.flush()
        return token

    async def redeem_sign_in(self, token: str) -> int | None:
        now = self._clock()
        taken = (
            update(WebSignInRow)
            .where(WebSignInRow.token_hash == token_hash(token), WebSignInRow.used_at.is_(None),
                   WebSignInRow.expires_at > now)
            .values(used_at=now)
            .returning(WebSignInRow.person_id)
            .execution_options(synchronize_session=False)
        )
        return (await self._db.execute(taken)).scalar_one_or_none()

    async def start_session(self, person_id: int) -> str:
        token = secrets.token_urlsafe(TOKEN_BYTES)
        now = self._clock()
        self._db.add(WebSessionRow(token_hash=token_hash(token), person_id=person_id, created_at=now,
                                   last_seen_at=now))
        with references_must_exist(f"person {person_id}"):
            await self._db.flush()
        return token

    async def session_person(self, token: str, idle: timedelta) -> int | None:
        """The person whose live session this is (used within `idle`), and it is marked used now."""
        now = self._clock()
        touched = (
            update(WebSessionRow)
            .where(WebSessionRow.token_hash == token_hash(token), WebSessionRow.ended_at.is_(None),
                   WebSessionRow.last_seen_at > now - idle)
            .values(last_seen_at=now)
            .returning(WebSessionRow.person_id)
            .execution_options(synchronize_session=False)
        )
        return (await self._db.execute(touched)).scalar_one_or_none()

    async def end_session(self, token: str) -> None:
        await self._db.execute(update(WebSessionRow).where(WebSessionRow.token_hash == token_hash(token))
                               .values(ended_at=self._clock()).execution_options(synchronize_session=False))

    async def sessions_of(self, person_id: int) -> int:
        """How many live (not signed out) sessions the person has: for tests and /mydata."""
        rows = await self._db.scalars(select(WebSessionRow.id).where(WebSessionRow.person_id == person_id,
                                                                     WebSessionRow.ended_at.is_(None)))
        return len(list(rows))
