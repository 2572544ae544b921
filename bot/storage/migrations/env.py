"""Alembic environment: async engines, batch mode on SQLite, the whole upgrade in one transaction."""

from __future__ import annotations

import asyncio
from typing import Literal

from alembic import context
from sqlalchemy import text
from sqlalchemy.engine import URL, Connection

from bot.storage.engine import create_engine
from bot.storage.schema import metadata
from bot.storage.timestamps import UtcDateTime
from bot.storage.urls import is_sqlite, parse_url


def _url() -> URL:
    url = context.config.attributes.get("url") or context.config.get_main_option("sqlalchemy.url")
    if url is None:
        raise RuntimeError("no database URL: use bot.storage.migrate, which passes it in")
    return url if isinstance(url, URL) else parse_url(url)


def _render_item(kind: str, item: object, autogen_context: object) -> str | Literal[False]:
    # Migrations must not import application types, which may change after the migration is written.
    if kind == "type" and isinstance(item, UtcDateTime):
        return "sa.DateTime(timezone=True)"
    return False


def _run_offline(url: URL) -> None:
    context.configure(
        url=url, target_metadata=metadata, literal_binds=True, render_as_batch=is_sqlite(url),
        dialect_opts={"paramstyle": "named"},
    )
    with context.begin_transaction():
        context.run_migrations()


def _run(connection: Connection) -> None:
    sqlite = connection.dialect.name == "sqlite"
    # SQLite DDL is transactional once the driver leaves BEGIN to us (see engine.py), so a failed
    # migration leaves the schema as it was.
    context.configure(
        connection=connection, target_metadata=metadata, render_as_batch=sqlite, transactional_ddl=True,
        render_item=_render_item,
    )
    with context.begin_transaction():
        context.run_migrations()
        if sqlite:
            _check_foreign_keys(connection)


def _check_foreign_keys(connection: Connection) -> None:
    # Batch migrations run with foreign keys off (a table rebuild would trip them): check once at the end.
    broken = connection.execute(text("PRAGMA foreign_key_check")).fetchall()
    if broken:
        raise RuntimeError(f"the migration left rows with broken foreign keys: {broken[:5]}")


async def _run_online(url: URL) -> None:
    engine = create_engine(url, foreign_keys=False)
    try:
        async with engine.connect() as connection:
            await connection.run_sync(_run)
    finally:
        await engine.dispose()


if context.is_offline_mode():
    _run_offline(_url())
else:
    asyncio.run(_run_online(_url()))
