"""Database URLs: what the operator may write, and the async driver URL SQLAlchemy gets."""

from __future__ import annotations

import re
from pathlib import Path

from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError

from bot.storage.errors import StorageConfigError

DEFAULT_DATABASE_URL = "sqlite:///cbt-bot.sqlite3"

_EXAMPLES = "e.g. sqlite:///cbt-bot.sqlite3 or postgresql://user:password@host:5432/dbname"
_ASYNC_DRIVERS = {
    "sqlite": "sqlite+aiosqlite",
    "sqlite+aiosqlite": "sqlite+aiosqlite",
    "postgresql": "postgresql+asyncpg",
    "postgres": "postgresql+asyncpg",
    "postgresql+asyncpg": "postgresql+asyncpg",
}
_PASSWORD = re.compile(r"(://[^:/@]*:)[^@/]*@")


def parse_url(raw: str) -> URL:
    """The URL with its async driver, or StorageConfigError naming what is wrong."""
    text = raw.strip()
    if not text:
        raise StorageConfigError(f"The database URL is empty; set DATABASE_URL, {_EXAMPLES}.")
    try:
        url = make_url(text)
    except (ArgumentError, ValueError):
        raise StorageConfigError(
            f"The database URL {mask_password(text)!r} is malformed; expected a URL {_EXAMPLES}."
        ) from None
    driver = _ASYNC_DRIVERS.get(url.drivername)
    if driver is None:
        raise StorageConfigError(
            f"The database URL scheme {url.drivername!r} is not supported; use sqlite:// or postgresql://, "
            f"{_EXAMPLES}."
        )
    url = url.set(drivername=driver)
    return _check_sqlite(url) if driver.startswith("sqlite") else _adapt_postgresql(url)


def normalise_url(raw: str) -> str:
    """The URL rewritten for the async drivers (password kept), for example for logging via mask_password."""
    return parse_url(raw).render_as_string(hide_password=False)


def sqlite_path(url: URL) -> Path | None:
    """The database file of a SQLite URL; None for any other backend."""
    if not url.drivername.startswith("sqlite"):
        return None
    return Path(url.database or "")


def is_sqlite(url: URL) -> bool:
    return url.drivername.startswith("sqlite")


def mask_password(text: str) -> str:
    return _PASSWORD.sub(r"\1***@", text)


def _check_sqlite(url: URL) -> URL:
    # aiosqlite's in-memory database is one shared connection and vanishes on exit: every answer is lost.
    if url.database in (None, "", ":memory:") or url.query.get("mode") == "memory":
        raise StorageConfigError(
            "An in-memory SQLite database loses every answer on restart; give a file, "
            "e.g. sqlite:///cbt-bot.sqlite3."
        )
    return url


def _adapt_postgresql(url: URL) -> URL:
    # Hosted PostgreSQL URLs carry libpq's sslmode, which asyncpg only understands as ssl.
    sslmode = url.query.get("sslmode")
    if sslmode is None:
        return url
    return url.difference_update_query(["sslmode"]).update_query_dict({"ssl": sslmode})
