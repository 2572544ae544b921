"""Units of work on SQLite whose statements run in the event loop's own thread.

A SQLite statement on a local file takes microseconds; handing it to aiosqlite's thread and back costs about
a hundred, three times per statement (execute, fetch, close). So the repositories get a real AsyncSession
whose synchronous Session sits on a plain pysqlite connection: its awaits finish without ever leaving the
thread. Waiting for another process's write lock does not stop the loop: BEGIN IMMEDIATE fails at once
(busy_timeout is 0) and is tried again after an asynchronous pause. COMMIT runs inline too, fsync and all
(a few hundred microseconds on a local SSD): handed to a worker thread, it had to win the GIL back from a
busy loop, which held the write lock for milliseconds and halved the bot's throughput. Commits are one at a
time anyway; a deployment on slow disks, or with many clients, belongs on PostgreSQL (docs/deploy.md).

One unit of work at a time, in arrival order, through an asyncio lock taken before the connection: the
synchronous pool must never be asked for its one connection while another unit holds it, as that would
block the loop — and with it the holder."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import cast

from sqlalchemy import Engine
from sqlalchemy.exc import OperationalError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Session, sessionmaker

from bot.storage.errors import StorageBusy, is_busy
from bot.storage.timestamps import Clock
from bot.storage.unit_of_work import SqlUnitOfWork, storage_errors


class InlineSqlite:
    def __init__(self, engine: Engine, clock: Clock, lock_timeout: float) -> None:
        self.engine = engine
        self._clock = clock
        self._lock_timeout = lock_timeout  # seconds to wait for another process's write lock
        self._wait = lock_timeout * 6  # seconds a unit of work waits for its turn before StorageBusy
        self._sessions = sessionmaker(engine, expire_on_commit=False)
        self._turn = asyncio.Lock()

    @asynccontextmanager
    async def unit_of_work(self) -> AsyncIterator[SqlUnitOfWork]:
        try:
            await asyncio.wait_for(self._turn.acquire(), self._wait)
        except TimeoutError:
            raise StorageBusy("the database connection did not come free in time") from None
        try:
            with storage_errors():
                db = await self._begin()
                sync = db.sync_session
                try:
                    yield SqlUnitOfWork(db, self._clock)
                    await db.flush()
                    sync.commit()
                except BaseException:
                    sync.rollback()
                    raise
                finally:
                    sync.close()
        finally:
            self._turn.release()

    async def _begin(self) -> AsyncSession:
        """A session in a transaction that holds the write lock (BEGIN IMMEDIATE)."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self._lock_timeout
        pause = 0.002
        while True:
            # Documented as "a Session subclass or other callable"; typed as the subclass only.
            db = AsyncSession(sync_session_class=cast(type[Session], self._session))
            try:
                db.sync_session.connection()
                return db
            except OperationalError as exc:
                db.sync_session.close()
                if not is_busy(exc) or loop.time() + pause > deadline:
                    raise
            await asyncio.sleep(pause)
            pause = min(pause * 2, 0.05)

    def _session(self, **options: object) -> Session:
        return self._sessions()

    def dispose(self) -> None:
        self.engine.dispose()
