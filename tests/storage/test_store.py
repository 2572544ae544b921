"""Opening a store: SQLite creates itself; anything else must be migrated first, and says so."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from bot.storage import (
    StorageConfigError,
    StorageUnavailable,
    current_revision,
    head_revision,
    open_store,
    upgrade,
)


async def test_a_missing_sqlite_file_is_created_and_migrated(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'new.sqlite3'}"
    async with await open_store(url) as store, store.transaction() as tx:
        assert (await tx.people.get_or_create(5)).telegram_id == 5
    assert await asyncio.to_thread(current_revision, url) == head_revision()


async def test_without_create_a_missing_sqlite_file_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "absent.sqlite3"
    with pytest.raises(StorageConfigError, match="no SQLite database"):
        await open_store(f"sqlite:///{path}", create=False)
    assert not path.exists()


async def test_a_missing_directory_is_named(tmp_path: Path) -> None:
    with pytest.raises(StorageConfigError, match="does not exist"):
        await open_store(f"sqlite:///{tmp_path / 'no' / 'such' / 'cbt.sqlite3'}")


async def test_a_malformed_url_is_a_config_error() -> None:
    with pytest.raises(StorageConfigError, match="malformed"):
        await open_store("postgres//nohost")


async def test_an_unreachable_server_is_reported(unused_tcp_port: int) -> None:
    with pytest.raises(StorageUnavailable, match="Cannot open the database") as error:
        await open_store(f"postgresql://bot:secret@127.0.0.1:{unused_tcp_port}/cbt")
    assert "secret" not in str(error.value)
    assert "\n" not in str(error.value)


def test_current_revision_does_not_create_a_sqlite_file(tmp_path: Path) -> None:
    path = tmp_path / "absent.sqlite3"
    assert current_revision(f"sqlite:///{path}") is None
    assert not path.exists()


async def test_migrating_inside_a_running_loop_is_refused_with_the_fix(tmp_path: Path) -> None:
    with pytest.raises(RuntimeError, match=r"asyncio\.to_thread\(upgrade, url\)"):
        upgrade(f"sqlite:///{tmp_path / 'x.sqlite3'}")
