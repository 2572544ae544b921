"""The SQLite engine: WAL, enforced foreign keys, a busy timeout, and IMMEDIATE write transactions."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError, OperationalError

from bot.storage.engine import create_engine


async def test_every_connection_gets_the_pragmas(tmp_path: Path) -> None:
    engine = create_engine(f"sqlite:///{tmp_path / 'x.db'}", lock_timeout=2.5)
    try:
        async with engine.connect() as connection:
            pragma = {
                name: (await connection.exec_driver_sql(f"PRAGMA {name}")).scalar()
                for name in ("journal_mode", "foreign_keys", "busy_timeout", "synchronous")
            }
    finally:
        await engine.dispose()
    assert pragma == {"journal_mode": "wal", "foreign_keys": 1, "busy_timeout": 2500, "synchronous": 2}


async def test_foreign_keys_are_enforced(tmp_path: Path) -> None:
    engine = create_engine(f"sqlite:///{tmp_path / 'x.db'}")
    try:
        async with engine.begin() as connection:
            await connection.execute(text("CREATE TABLE parent (id INTEGER PRIMARY KEY)"))
            await connection.execute(text("CREATE TABLE child (parent_id INTEGER REFERENCES parent (id))"))
        with pytest.raises(IntegrityError, match="FOREIGN KEY"):
            async with engine.begin() as connection:
                await connection.execute(text("INSERT INTO child VALUES (1)"))
    finally:
        await engine.dispose()


async def test_a_transaction_holds_the_write_lock_from_its_start(tmp_path: Path) -> None:
    # Two engines, as two bot processes would have (one engine keeps a single connection).
    engine = create_engine(f"sqlite:///{tmp_path / 'x.db'}", lock_timeout=0.1)
    other = create_engine(f"sqlite:///{tmp_path / 'x.db'}", lock_timeout=0.1)
    try:
        async with engine.connect() as first, other.connect() as second:
            await first.execute(text("SELECT 1"))  # only reads, yet BEGIN IMMEDIATE took the lock
            with pytest.raises(OperationalError, match="database is locked"):
                await second.execute(text("SELECT 1"))
    finally:
        await engine.dispose()
        await other.dispose()
