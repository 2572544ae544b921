"""INSERT ... ON CONFLICT: the race-free ways to create a row only if it is not there yet, or else update it."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
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


class PerDialect:
    """A statement built once per dialect (the ON CONFLICT forms differ) and reused: SQLAlchemy then finds its
    compiled form by identity instead of rebuilding and hashing a new statement on every call."""

    def __init__(self, build: Callable[[Any], Insert]) -> None:
        self._build = build
        self._built: dict[str, Insert] = {}

    def __call__(self, db: AsyncSession) -> Insert:
        name = db.get_bind().dialect.name
        statement = self._built.get(name)
        if statement is None:
            statement = self._built[name] = self._build(postgresql if name == "postgresql" else sqlite)
        return statement


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
