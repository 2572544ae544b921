"""Opening a store: SQLite creates itself; anything else must be migrated first, and says so."""

from __future__ import annotations

import asyncio
import contextlib
import signal
import sqlite3
import sys
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


@pytest.mark.parametrize("left_behind", ["empty file", "WAL header, no tables"])
async def test_a_file_left_by_a_first_start_killed_while_migrating_is_migrated(tmp_path: Path,
                                                                              left_behind: str) -> None:
    path = tmp_path / "cbt.sqlite3"
    path.touch()
    if left_behind != "empty file":
        with contextlib.closing(sqlite3.connect(path)) as db:
            db.execute("PRAGMA journal_mode=WAL")
    url = f"sqlite:///{path}"
    async with await open_store(url) as store, store.transaction() as tx:
        assert (await tx.people.get_or_create(5)).telegram_id == 5
    assert await asyncio.to_thread(current_revision, url) == head_revision()


async def test_first_starts_killed_at_any_moment_of_the_migration_never_leave_a_refused_file(
        tmp_path: Path) -> None:
    """kill -9 while the very first migration runs, at several moments: the next start always works."""
    for n, after in enumerate((0.3, 0.6, 0.9, 1.2, 1.6, 2.5)):
        path = tmp_path / f"cbt{n}.sqlite3"
        url = f"sqlite:///{path}"
        migrating = await asyncio.create_subprocess_exec(
            sys.executable, "-c", f"from bot.storage import upgrade; upgrade({url!r})",
            stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.DEVNULL)
        await asyncio.sleep(after)
        if migrating.returncode is None:
            migrating.send_signal(signal.SIGKILL)
        await migrating.wait()
        async with await open_store(url) as store, store.transaction() as tx:
            assert (await tx.people.get_or_create(5)).telegram_id == 5


async def test_a_sqlite_file_with_tables_but_no_revision_is_still_refused(tmp_path: Path) -> None:
    """Only a file with nothing in it is taken for a first start: somebody else's database is left alone."""
    path = tmp_path / "other.sqlite3"
    with contextlib.closing(sqlite3.connect(path)) as db:
        db.execute("CREATE TABLE theirs (x)")
    with pytest.raises(StorageConfigError, match="db upgrade"):
        await open_store(f"sqlite:///{path}")


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
