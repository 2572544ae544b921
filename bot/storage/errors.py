"""What can go wrong in storage, as types a caller can act on without knowing SQLAlchemy."""

from __future__ import annotations

import sqlite3

from sqlalchemy.exc import DBAPIError

# SQLSTATEs after which the whole transaction may simply be tried again.
_RETRYABLE_SQLSTATES = frozenset({"40001", "40P01", "55P03"})  # serialization, deadlock, lock timeout
_SQLITE_BUSY_CODES = frozenset({sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED})


# The names say what happened, as the callers and the design speak of them; hence the N818 waivers.
class StorageError(Exception):
    """Base class of every error this package raises on purpose."""


class StorageConfigError(StorageError):
    """The database URL or the database itself is not usable as configured; the message is one sentence."""


class StorageUnavailable(StorageError):  # noqa: N818
    """The database server could not be reached."""


class StorageBusy(StorageError):  # noqa: N818
    """Another transaction held a lock too long, or the database aborted this one to avoid a conflict.
    Nothing was written: run the whole transaction again."""


class ConcurrentUpdate(StorageError):  # noqa: N818
    """The row changed since it was read (optimistic locking). Nothing was written: reload and retry."""


class SessionAlreadyOpen(StorageError):  # noqa: N818
    """The person already has an active or paused session."""

    def __init__(self, person_id: int, session_id: int | None = None) -> None:
        super().__init__(f"person {person_id} already has an open session" +
                         (f" ({session_id})" if session_id is not None else ""))
        self.person_id = person_id
        self.session_id = session_id


class RecordNotFound(StorageError, LookupError):  # noqa: N818
    """The row a call refers to does not exist."""


def is_busy(error: BaseException) -> bool:
    """True for a lock timeout or a conflict abort that a retry of the whole transaction can cure."""
    if not isinstance(error, DBAPIError):
        return False
    orig = error.orig
    if getattr(orig, "sqlstate", None) in _RETRYABLE_SQLSTATES:
        return True
    code = getattr(orig, "sqlite_errorcode", None)
    if isinstance(code, int):
        return code & 0xFF in _SQLITE_BUSY_CODES  # extended codes such as SQLITE_BUSY_SNAPSHOT
    return "database is locked" in str(orig)


def is_unique_violation(error: BaseException) -> bool:
    return _constraint_code(error) in ("23505", 2067, 1555)  # PostgreSQL; SQLite UNIQUE, PRIMARYKEY


def is_foreign_key_violation(error: BaseException) -> bool:
    return _constraint_code(error) in ("23503", 787)  # PostgreSQL; SQLite FOREIGNKEY


def _constraint_code(error: BaseException) -> str | int | None:
    orig = error.orig if isinstance(error, DBAPIError) else None
    code: str | int | None = getattr(orig, "sqlstate", None) or getattr(orig, "sqlite_errorcode", None)
    return code
