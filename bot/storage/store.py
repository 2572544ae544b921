"""The Store: the bot's handle on its database."""

from __future__ import annotations

import asyncio
import contextlib
import sqlite3
import time
from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any

from sqlalchemy import Text, and_, case, column, func, or_, select, table, update
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, async_sessionmaker
from sqlalchemy.sql.expression import ColumnClause, TableClause

from bot.storage import health
from bot.storage.crypto import (
    KEY_ENV,
    KEY_FILE_ENV,
    OLD_KEYS_ENV,
    V1,
    DecryptionError,
    Keyring,
    bind_keyring,
    encrypted_columns,
    stored_key_id,
    unseal,
)
from bot.storage.engine import DEFAULT_LOCK_TIMEOUT, create_engine, create_inline_sqlite_engine
from bot.storage.errors import StorageBusy, StorageConfigError, StorageUnavailable, is_busy
from bot.storage.inline_sqlite import InlineSqlite
from bot.storage.migrate import head_revision, read_revision, upgrade
from bot.storage.ports import Storage
from bot.storage.schema import metadata
from bot.storage.timestamps import Clock, utc_now
from bot.storage.unit_of_work import SqlUnitOfWork, unit_of_work
from bot.storage.urls import is_sqlite, parse_url, sqlite_path


class Store:
    """Opens units of work on one engine. Use one `transaction()` per task; never share one between tasks."""

    def __init__(
        self,
        engine: AsyncEngine,
        clock: Clock = utc_now,
        keyring: Keyring | None = None,
        *,
        lock_timeout: float = DEFAULT_LOCK_TIMEOUT,
    ) -> None:
        self.engine = engine
        self._clock = clock
        self._lock_timeout = lock_timeout
        self._keyring = keyring
        bind_keyring(engine, keyring)  # the encrypted columns of this engine's statements use this keyring
        self._sessions = async_sessionmaker(engine, expire_on_commit=False)
        self._inline: InlineSqlite | None = None
        # Told how long each transaction took, begin to commit or rollback (bot/ops sets it; None: not timed).
        self.on_transaction: Callable[[float], None] | None = None
        if is_sqlite(engine.url):
            inline_engine = create_inline_sqlite_engine(engine.url)
            bind_keyring(inline_engine, keyring)
            self._inline = InlineSqlite(inline_engine, clock, lock_timeout)

    @property
    def keyring(self) -> Keyring | None:
        """The keys answers are encrypted with; None: written in plaintext (see crypto.encryption_warning)."""
        return self._keyring

    def transaction(self) -> AbstractAsyncContextManager[SqlUnitOfWork]:
        """`async with store.transaction() as tx:` commits at the end of the block, rolls back on error."""
        work = self._inline.unit_of_work() if self._inline is not None else unit_of_work(self._sessions, self._clock)
        return work if self.on_transaction is None else _timed(work, self.on_transaction)

    async def schema_revision(self) -> str | None:
        """The database's migration revision, read now (the readiness probe compares it with the code's)."""
        return await health.schema_revision(self.engine)

    async def open_sessions(self) -> int:
        return await health.open_sessions(self.engine)

    async def crisis_episodes(self) -> list[health.EpisodeCount]:
        return await health.crisis_episodes(self.engine)

    async def close(self) -> None:
        if self._inline is not None:
            self._inline.dispose()
        await self.engine.dispose()

    async def check_keys(self) -> None:
        """StorageConfigError, naming the key id, if the newest value of an encrypted column is under a key this
        Store lacks: call it at start, so that a forgotten key stops the bot there rather than mid-exercise.
        (Only the newest value of each column is looked at; `key_usage` counts them all.)"""
        async with self.engine.connect() as connection:
            for name, target in _encrypted_targets():
                key = target.primary
                newest = await connection.scalar(
                    select(target.value).where(target.value.is_not(None)).order_by(key.desc()).limit(1)
                )
                found = None if newest is None else stored_key_id(newest)
                if found is None or (self._keyring is not None and found in self._keyring.key_ids):
                    continue
                if self._keyring is None:
                    raise StorageConfigError(
                        f"The database holds values encrypted with key {found} (e.g. in {name}) but no encryption "
                        f"key is configured: set {KEY_ENV} or {KEY_FILE_ENV} to that key."
                    )
                raise StorageConfigError(
                    f"The database holds values encrypted with key {found} (e.g. in {name}), which is not among "
                    f"the configured keys ({', '.join(self._keyring.key_ids)}): add it to {OLD_KEYS_ENV}, or set "
                    f"it as {KEY_ENV}."
                )

    async def compact(self) -> bool:
        """On SQLite, rewrite the file without its free pages and empty the write-ahead log, so that what
        `reencrypt` replaced (plaintext, values under an old key) is gone from the file too; True if done.
        PostgreSQL keeps replaced row versions until VACUUM FULL (docs/encryption.md): False there."""
        path = sqlite_path(self.engine.url)
        if path is None or str(path) in ("", ".", ":memory:"):
            return False
        timeout = self._lock_timeout

        def vacuum() -> None:
            connection = sqlite3.connect(path, isolation_level=None, timeout=timeout)
            try:
                connection.execute("VACUUM")
                connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            finally:
                connection.close()

        try:
            await asyncio.to_thread(vacuum)
        except sqlite3.OperationalError as exc:
            raise StorageBusy(f"could not compact the database ({exc}); run it again") from exc
        return True

    async def key_usage(self) -> dict[str, dict[str | None, int]]:
        """For each encrypted column ("table.column"), how many values are under each key id (None: plaintext).
        Counted by the stored prefix; nothing is decrypted, so no key is needed."""
        usage: dict[str, dict[str | None, int]] = {}
        async with self.engine.connect() as connection:
            for name, target in _encrypted_targets():
                stored = target.value
                key = case((stored.like(f"{V1}%"), func.substr(stored, len(V1) + 1, 8)), else_="").label("k")
                rows = await connection.execute(
                    select(key, func.count()).where(stored.is_not(None)).group_by(key.name)
                )
                usage[name] = {(found or None): count for found, count in rows}
        return usage

    async def reencrypt(
        self, batch_size: int = 500, progress: Callable[[str, int], None] | None = None
    ) -> dict[str, Rotation]:
        """Seal every value of every encrypted column under the current key: values under old keys and
        plaintext alike. Works in batches, each its own transaction; a run that stops part way keeps what it
        did, and running it again only does what is left. A value the bot changed in between is left alone
        (the bot wrote it with its own current key). `progress(table, rows)` is called after each batch."""
        if self._keyring is None:
            raise StorageConfigError(f"No encryption key is configured: set {KEY_ENV} (or {KEY_FILE_ENV}) to the "
                                     f"new key and {OLD_KEYS_ENV} to the old one(s).")
        keyring = self._keyring
        done = {name: Rotation() for name, _ in _encrypted_targets()}
        for table_name, targets in _by_table().items():
            key = targets[0].primary
            current = f"{V1}{keyring.current_id}:%"
            stale = or_(*(and_(t.value.is_not(None), t.value.not_like(current)) for t in targets))
            last: Any = None
            while True:
                query = select(key, *(t.value for t in targets)).where(stale).order_by(key).limit(batch_size)
                if last is not None:
                    query = query.where(key > last)
                try:
                    async with self.engine.begin() as connection:
                        rows = (await connection.execute(query)).all()
                        for row in rows:
                            await _reencrypt_row(connection, keyring, targets, row[0], row[1:], done)
                except DBAPIError as exc:
                    if is_busy(exc):
                        raise StorageBusy(f"the database was busy ({exc.orig}); run it again: the batches "
                                          "done are kept") from exc
                    raise
                if not rows:
                    break
                last = rows[-1][0]
                if progress is not None:
                    progress(table_name, len(rows))
        return done

    async def __aenter__(self) -> Store:
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.close()


async def open_store(
    url: str,
    create: bool = True,
    *,
    clock: Clock = utc_now,
    lock_timeout: float = DEFAULT_LOCK_TIMEOUT,
    keyring: Keyring | None = None,
) -> Store:
    """A Store on a database whose schema is at the newest migration. With `create`, a SQLite file that does
    not exist yet is created and migrated here; anything else must be migrated beforehand (`upgrade`).
    With a `keyring`, answers and notes are encrypted as they are written (Keyring.from_environment)."""
    parsed = parse_url(url)
    path = sqlite_path(parsed)
    if path is not None and not path.exists():
        if not path.parent.is_dir():
            raise StorageConfigError(f"The directory {path.parent} for the SQLite database does not exist.")
        if not create:
            raise StorageConfigError(f"There is no SQLite database at {path}.")
        await asyncio.to_thread(upgrade, url)
    elif path is not None and create and await asyncio.to_thread(_holds_no_tables, path):
        # A first start killed while migrating: the file exists, the migration (one transaction) did not
        # commit. There is nothing in it to lose, so it is migrated as if new.
        await asyncio.to_thread(upgrade, url)
    engine = create_engine(parsed, lock_timeout=lock_timeout)
    try:
        await _check_revision(engine)
    except BaseException:
        await engine.dispose()
        raise
    return Store(engine, clock, keyring, lock_timeout=lock_timeout)


def _holds_no_tables(path: Path) -> bool:
    try:
        with contextlib.closing(sqlite3.connect(path, timeout=5)) as db:
            return bool(db.execute("SELECT count(*) FROM sqlite_master").fetchone()[0] == 0)
    except sqlite3.Error:
        return False  # not for us to judge: opening it reports what is wrong


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


@asynccontextmanager
async def _timed(work: AbstractAsyncContextManager[SqlUnitOfWork],
                 report: Callable[[float], None]) -> AsyncIterator[SqlUnitOfWork]:
    started = time.perf_counter()
    try:
        async with work as tx:
            yield tx
    finally:
        report(time.perf_counter() - started)


@dataclass
class Rotation:
    """What `Store.reencrypt` did to one column."""

    encrypted: int = 0  # plaintext now encrypted
    reencrypted: int = 0  # moved from an old key to the current one
    changed_meanwhile: int = 0  # rewritten by someone else during the run: left as they wrote it


@dataclass(frozen=True)
class _Target:
    name: str  # "table.column": the associated data
    table: TableClause
    value: ColumnClause[str]  # the stored text, as it is: no EncryptedText processing
    primary: ColumnClause[Any]


def _encrypted_targets() -> list[tuple[str, _Target]]:
    return [(target.name, target) for targets in _by_table().values() for target in targets]


def _by_table() -> dict[str, list[_Target]]:
    """The encrypted columns, grouped by table, read as plain text (one table clause for each table)."""
    columns: dict[str, list[str]] = {}
    for table_name, column_name in encrypted_columns(metadata):
        columns.setdefault(table_name, []).append(column_name)
    tables: dict[str, list[_Target]] = {}
    for table_name, names in columns.items():
        (primary,) = metadata.tables[table_name].primary_key.columns  # every encrypted table has a one-column key
        raw = table(table_name, column(primary.name), *(column(name, Text()) for name in names))
        tables[table_name] = [
            _Target(f"{table_name}.{name}", raw, raw.c[name], raw.c[primary.name]) for name in names
        ]
    return tables


async def _reencrypt_row(
    connection: AsyncConnection,
    keyring: Keyring,
    targets: list[_Target],
    key: Any,
    stored: Sequence[str | None],
    done: dict[str, Rotation],
) -> None:
    changes: dict[str, str] = {}
    checks = []
    counted: list[tuple[_Target, bool]] = []
    for target, value in zip(targets, stored, strict=True):
        if value is None or stored_key_id(value) == keyring.current_id:
            continue
        try:
            plaintext = unseal(value, target.name, keyring)
        except DecryptionError as exc:
            raise DecryptionError(f"{exc} (row {target.primary.name}={key})") from None
        changes[target.value.name] = keyring.encrypt(plaintext, target.name)
        checks.append(target.value == value)  # only if nobody changed it since it was read
        counted.append((target, stored_key_id(value) is None))
    if not changes:
        return
    result = await connection.execute(
        update(targets[0].table).where(targets[0].primary == key, *checks).values(changes)
    )
    for target, was_plaintext in counted:
        rotation = done[target.name]
        if result.rowcount != 1:
            rotation.changed_meanwhile += 1
        elif was_plaintext:
            rotation.encrypted += 1
        else:
            rotation.reencrypted += 1


if TYPE_CHECKING:

    def _implements_the_port(store: Store) -> Storage:
        return store  # mypy checks here that Store (and its repositories) match ports.py
