"""INSERT ... ON CONFLICT DO NOTHING: the race-free way to create a row only if it is not there yet."""

from __future__ import annotations

from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql.dml import Insert

from bot.storage.schema import Base


def insert_or_ignore(db: AsyncSession, model: type[Base]) -> Insert:
    if db.get_bind().dialect.name == "postgresql":
        return postgresql.insert(model).on_conflict_do_nothing()
    return sqlite.insert(model).on_conflict_do_nothing()
