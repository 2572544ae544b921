"""The SQLAlchemy engines, with the SQLite settings that keep concurrent writes from being lost."""

from __future__ import annotations

import sqlite3
from typing import Any

from sqlalchemy import Engine, event
from sqlalchemy import create_engine as create_sync_engine
from sqlalchemy.engine import URL, Connection
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine
from sqlalchemy.pool import ConnectionPoolEntry

from bot.storage.urls import is_sqlite, parse_url

DEFAULT_LOCK_TIMEOUT = 5.0  # seconds a statement waits for another transaction's lock before StorageBusy


def create_engine(
    url: str | URL, *, lock_timeout: float = DEFAULT_LOCK_TIMEOUT, foreign_keys: bool = True
) -> AsyncEngine:
    """An async engine for `url`. `foreign_keys=False` is for SQLite migrations only: a batch migration
    recreates tables, which enforced foreign keys would refuse or cascade."""
    parsed = parse_url(url) if isinstance(url, str) else url
    if is_sqlite(parsed):
        return _sqlite_engine(parsed, lock_timeout, foreign_keys)
    settings = {"lock_timeout": str(int(lock_timeout * 1000)), "application_name": "cbt-bot"}
    # hide_parameters: a logged database error must not carry the clients' answers it was writing.
    return create_async_engine(parsed, pool_pre_ping=True, hide_parameters=True,
                               connect_args={"server_settings": settings})


def _sqlite_engine(url: URL, lock_timeout: float, foreign_keys: bool) -> AsyncEngine:
    # One connection: SQLite has one writer anyway, and with several connections the losers of the race
    # for its lock sleep in the busy handler (up to 100 ms a time) instead of queueing here in order.
    engine = create_async_engine(url, hide_parameters=True, pool_size=1, max_overflow=0, pool_timeout=lock_timeout * 6)
    _configure_sqlite(engine.sync_engine, int(lock_timeout * 1000), foreign_keys)
    return engine


def create_inline_sqlite_engine(url: URL) -> Engine:
    """A plain (synchronous) engine on the same SQLite file, for units of work that run their statements in
    the event loop's own thread (see inline_sqlite.py). It never waits in SQLite's busy handler, which would
    stop the loop: busy_timeout is 0 and inline_sqlite.py waits for a held lock itself. check_same_thread
    is off for the pool's sake (it may close the connection from another thread); one unit of work at a time
    uses it."""
    sync_url = url.set(drivername="sqlite+pysqlite")
    engine = create_sync_engine(sync_url, hide_parameters=True, pool_size=1, max_overflow=0,
                                connect_args={"check_same_thread": False, "factory": _InlineConnection})
    _configure_sqlite(engine, busy_timeout_ms=0, foreign_keys=True)
    return engine


class _InlineCursor(sqlite3.Cursor):
    async def _async_soft_close(self) -> None:
        """AsyncSession calls this on its driver's cursor after a statement that returns rows (an async
        driver releases the cursor here); a sqlite3 cursor read in the loop's thread has nothing to release."""


class _InlineConnection(sqlite3.Connection):
    def cursor(self, factory: Any = _InlineCursor) -> Any:
        return super().cursor(factory)


def _configure_sqlite(engine: Engine, busy_timeout_ms: int, foreign_keys: bool) -> None:
    pragmas = (
        "PRAGMA journal_mode=WAL",
        # FULL: a commit the client was told about survives a power cut, not only a crash.
        "PRAGMA synchronous=FULL",
        f"PRAGMA foreign_keys={'ON' if foreign_keys else 'OFF'}",
        f"PRAGMA busy_timeout={busy_timeout_ms}",
    )

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: ConnectionPoolEntry) -> None:
        # Stop the driver's own deferred BEGIN, so that _on_begin decides how transactions start.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        for pragma in pragmas:
            cursor.execute(pragma)
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Connection) -> None:
        # A deferred BEGIN lets two transactions read the same row, then one fails (or, without WAL,
        # overwrites the other) on upgrading to a write lock. IMMEDIATE takes the write lock up front,
        # waiting up to busy_timeout, so read-modify-write transactions run one after another.
        connection.exec_driver_sql("BEGIN IMMEDIATE")
