"""INSERT ... ON CONFLICT: the race-free ways to create a row only if it is not there yet, or else update it."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any

from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql.dml import Insert

from bot.storage.errors import RecordNotFound, is_foreign_key_violation
from bot.storage.schema import Base


def insert_or_ignore(db: AsyncSession, model: type[Base]) -> Insert:
    if db.get_bind().dialect.name == "postgresql":
        return postgresql.insert(model).on_conflict_do_nothing()
    return sqlite.insert(model).on_conflict_do_nothing()


def insert_or_update(
    db: AsyncSession, model: type[Base], values: Mapping[str, Any], key: Sequence[str], update: Sequence[str]
) -> Insert:
    """Insert `values`; if a row with the same `key` columns exists, set its `update` columns instead."""
    if db.get_bind().dialect.name == "postgresql":
        pg = postgresql.insert(model).values(dict(values))
        return pg.on_conflict_do_update(index_elements=list(key), set_={c: pg.excluded[c] for c in update})
    lite = sqlite.insert(model).values(dict(values))
    return lite.on_conflict_do_update(index_elements=list(key), set_={c: lite.excluded[c] for c in update})


@contextmanager
def references_must_exist(what: str) -> Iterator[None]:
    """A foreign key violation in the block becomes RecordNotFound("no such <what>"). On PostgreSQL the
    transaction is then unusable: let the error end it."""
    try:
        yield
    except IntegrityError as exc:
        if is_foreign_key_violation(exc):
            raise RecordNotFound(f"no such {what}") from exc
        raise
