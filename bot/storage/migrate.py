"""Schema migrations, run programmatically: `upgrade(url)` is `alembic upgrade head` without an alembic.ini.

Migrations run as a step of their own, before the bot starts (the async env.py runs its own event loop).
To write a new migration: `alembic.command.revision(alembic_config(url), message, autogenerate=True)`, then
review the result by hand.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Connection

from bot.storage.engine import create_engine
from bot.storage.urls import parse_url, sqlite_path

MIGRATIONS = Path(__file__).with_name("migrations")


def alembic_config(url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    # In attributes, not in the ini options, where ConfigParser would choke on a '%' in a password.
    config.attributes["url"] = parse_url(url)
    return config


def upgrade(url: str, revision: str = "head") -> None:
    """Migrate the database at `url` to `revision`, creating a SQLite file if there is none."""
    _refuse_running_loop("upgrade")
    command.upgrade(alembic_config(url), revision)


def current_revision(url: str) -> str | None:
    """The database's migration revision; None for an empty database or a SQLite file not yet created."""
    _refuse_running_loop("current_revision")
    parsed = parse_url(url)
    path = sqlite_path(parsed)
    if path is not None and not path.exists():
        return None

    async def read() -> str | None:
        engine = create_engine(parsed)
        try:
            async with engine.connect() as connection:
                return await connection.run_sync(read_revision)
        finally:
            await engine.dispose()

    return asyncio.run(read())


def head_revision() -> str:
    head = ScriptDirectory(str(MIGRATIONS)).get_current_head()
    assert head is not None
    return head


def read_revision(connection: Connection) -> str | None:
    return MigrationContext.configure(connection).get_current_revision()


def _refuse_running_loop(name: str) -> None:
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return
    raise RuntimeError(f"{name}() runs its own event loop; from async code call it in a thread "
                       f"(await asyncio.to_thread({name}, url))")
