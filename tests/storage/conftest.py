"""Backends for the storage contract suite: a SQLite file always; PostgreSQL when CBT_TEST_POSTGRES_URL
names a reachable server, in a database created for this test run and dropped after it."""

from __future__ import annotations

import asyncio
import os
import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import asyncpg
import pytest

from bot.storage import Store, open_store, upgrade
from bot.storage.urls import mask_password, parse_url
from tests.storage.backends import (
    Backend,
    FakeClock,
    postgres_admin,
    postgres_backend,
    run_outside_loop,
    sqlite_backend,
)

POSTGRES_ENV = "CBT_TEST_POSTGRES_URL"


@pytest.fixture(scope="session")
def postgres_database() -> Iterator[str]:
    """The URL of a fresh database on the server named by CBT_TEST_POSTGRES_URL; dropped at the end."""
    server = os.environ.get(POSTGRES_ENV)
    if not server:
        pytest.skip(f"set {POSTGRES_ENV} to run the PostgreSQL half")
    name = f"cbt_test_{uuid.uuid4().hex[:12]}"
    try:
        run_outside_loop(postgres_admin(server, f'CREATE DATABASE "{name}"'))
    except (OSError, asyncpg.PostgresError, TimeoutError) as exc:
        pytest.skip(
            f"PostgreSQL at {mask_password(server)} is unreachable ({exc}); point {POSTGRES_ENV} at a "
            "running server to run the PostgreSQL half"
        )
    try:
        yield parse_url(server).set(database=name).render_as_string(hide_password=False)
    finally:
        run_outside_loop(postgres_admin(server, f'DROP DATABASE "{name}" WITH (FORCE)'))


@pytest.fixture(params=["sqlite", "postgresql"])
async def backend(request: pytest.FixtureRequest, tmp_path: Path) -> Backend:
    """An empty database on each backend."""
    if request.param == "sqlite":
        return sqlite_backend(tmp_path / "cbt.sqlite3")
    return await postgres_backend(request.getfixturevalue("postgres_database"))


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
async def store(backend: Backend, clock: FakeClock) -> AsyncIterator[Store]:
    """A store on a freshly migrated database."""
    await asyncio.to_thread(upgrade, backend.url)
    store = await open_store(backend.url, clock=clock)
    try:
        yield store
    finally:
        await store.close()
