"""The Store: the bot's handle on its database."""

from __future__ import annotations

import asyncio
from contextlib import AbstractAsyncContextManager
from types import TracebackType
from typing import TYPE_CHECKING

from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker

from bot.storage.engine import DEFAULT_LOCK_TIMEOUT, create_engine
from bot.storage.errors import StorageConfigError, StorageUnavailable
from bot.storage.migrate import head_revision, read_revision, upgrade
from bot.storage.ports import Storage
from bot.storage.timestamps import Clock, utc_now
from bot.storage.unit_of_work import SqlUnitOfWork, unit_of_work
from bot.storage.urls import parse_url, sqlite_path


class Store:
    """Opens units of work on one engine. Use one `transaction()` per task; never share one between tasks."""

    def __init__(self, engine: AsyncEngine, clock: Clock = utc_now) -> None:
        self.engine = engine
        self._clock = clock
        self._sessions = async_sessionmaker(engine, expire_on_commit=False)

    def transaction(self) -> AbstractAsyncContextManager[SqlUnitOfWork]:
        """`async with store.transaction() as tx:` commits at the end of the block, rolls back on error."""
        return unit_of_work(self._sessions, self._clock)

    async def close(self) -> None:
        await self.engine.dispose()

    async def __aenter__(self) -> Store:
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.close()


async def open_store(
    url: str, create: bool = True, *, clock: Clock = utc_now, lock_timeout: float = DEFAULT_LOCK_TIMEOUT
) -> Store:
    """A Store on a database whose schema is at the newest migration. With `create`, a SQLite file that does
    not exist yet is created and migrated here; anything else must be migrated beforehand (`upgrade`)."""
    parsed = parse_url(url)
    path = sqlite_path(parsed)
    if path is not None and not path.exists():
        if not path.parent.is_dir():
            raise StorageConfigError(f"The directory {path.parent} for the SQLite database does not exist.")
        if not create:
            raise StorageConfigError(f"There is no SQLite database at {path}.")
        await asyncio.to_thread(upgrade, url)
    engine = create_engine(parsed, lock_timeout=lock_timeout)
    try:
        await _check_revision(engine)
    except BaseException:
        await engine.dispose()
        raise
    return Store(engine, clock)


async def _check_revision(engine: AsyncEngine) -> None:
    where = engine.url.render_as_string(hide_password=True)
    try:
        async with engine.connect() as connection:
            current = await connection.run_sync(read_revision)
    except (OSError, DBAPIError) as exc:
        reason = str(exc.orig if isinstance(exc, DBAPIError) else exc).strip().rstrip(".")
        raise StorageUnavailable(f"Cannot open the database at {where}: {reason}.") from exc
    head = head_revision()
    if current != head:
        raise StorageConfigError(
            f"The database at {where} is at schema revision {current or 'none'}, this code needs {head}; "
            "run `cbt-bot db upgrade` first."
        )


if TYPE_CHECKING:

    def _implements_the_port(store: Store) -> Storage:
        return store  # mypy checks here that Store (and its repositories) match ports.py
