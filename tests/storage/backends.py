"""The databases the contract suite runs on, and a clock the tests move by hand."""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import AsyncIterator, Awaitable, Callable, Coroutine
from concurrent.futures import ThreadPoolExecutor
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, TypeVar

import asyncpg

from bot.storage.urls import parse_url

T = TypeVar("T")


class FakeClock:
    def __init__(self) -> None:
        self.now = datetime(2026, 1, 5, 9, 30, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, delta: timedelta) -> None:
        self.now += delta


@dataclass(frozen=True)
class Backend:
    name: str
    url: str
    serialises_writers: bool  # SQLite's BEGIN IMMEDIATE: one write transaction at a time, no conflicts
    make_empty_database: Callable[[], Awaitable[None]]
    block_writers: Callable[[], AbstractAsyncContextManager[None]]  # holds a lock on processed_updates


def run_outside_loop(coroutine: Coroutine[Any, Any, T]) -> T:
    """Run admin work on a loop of its own, away from the tests' loops."""
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


def asyncpg_dsn(url: str) -> str:
    return parse_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


async def postgres_admin(url: str, sql: str) -> None:
    connection = await asyncpg.connect(asyncpg_dsn(url), timeout=3)
    try:
        await connection.execute(sql)
    finally:
        await connection.close()


def sqlite_backend(path: Path) -> Backend:
    async def make_empty() -> None:
        sqlite3.connect(path).close()

    @asynccontextmanager
    async def block_writers() -> AsyncIterator[None]:
        holder = sqlite3.connect(path, isolation_level=None)
        holder.execute("BEGIN IMMEDIATE")
        try:
            yield
        finally:
            holder.execute("ROLLBACK")
            holder.close()

    return Backend("sqlite", f"sqlite:///{path}", True, make_empty, block_writers)


async def postgres_backend(url: str) -> Backend:
    # Each test starts from an empty database: dropping the schema is much faster than a new database.
    await postgres_admin(url, "DROP SCHEMA public CASCADE; CREATE SCHEMA public")

    async def make_empty() -> None:
        pass

    @asynccontextmanager
    async def block_writers() -> AsyncIterator[None]:
        holder = await asyncpg.connect(asyncpg_dsn(url))
        try:
            async with holder.transaction():
                await holder.execute("LOCK TABLE processed_updates IN EXCLUSIVE MODE")
                yield
        finally:
            await holder.close()

    return Backend("postgresql", url, False, make_empty, block_writers)
