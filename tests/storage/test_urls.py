"""Database URLs: accepted spellings become async-driver URLs; anything else is one clear sentence."""

from __future__ import annotations

import re

import pytest

from bot.storage import DEFAULT_DATABASE_URL, StorageConfigError, normalise_url


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("sqlite:///cbt.db", "sqlite+aiosqlite:///cbt.db"),
        ("sqlite:////var/lib/cbt/cbt.db", "sqlite+aiosqlite:////var/lib/cbt/cbt.db"),
        ("sqlite+aiosqlite:///cbt.db", "sqlite+aiosqlite:///cbt.db"),
        ("postgresql://bot:pw@db:5432/cbt", "postgresql+asyncpg://bot:pw@db:5432/cbt"),
        ("postgres://bot:pw@db/cbt", "postgresql+asyncpg://bot:pw@db/cbt"),
        ("postgresql+asyncpg://bot@db/cbt", "postgresql+asyncpg://bot@db/cbt"),
        ("  postgres://bot@db/cbt\n", "postgresql+asyncpg://bot@db/cbt"),
        ("postgres://bot@db/cbt?sslmode=require", "postgresql+asyncpg://bot@db/cbt?ssl=require"),
    ],
)
def test_accepted_urls_use_the_async_drivers(given: str, expected: str) -> None:
    assert normalise_url(given) == expected


def test_the_default_is_a_sqlite_file_in_the_working_directory() -> None:
    assert normalise_url(DEFAULT_DATABASE_URL) == "sqlite+aiosqlite:///cbt-bot.sqlite3"


@pytest.mark.parametrize(
    ("given", "says"),
    [
        ("", "empty"),
        ("not a url", "malformed"),
        ("postgresql://bot@db:port/cbt", "malformed"),
        ("mysql://bot@db/cbt", "'mysql' is not supported"),
        ("postgresql+psycopg2://bot@db/cbt", "'postgresql+psycopg2' is not supported"),
        ("http://example.com", "'http' is not supported"),
        ("sqlite://", "in-memory"),
        ("sqlite:///:memory:", "in-memory"),
    ],
)
def test_a_bad_url_is_one_clear_sentence(given: str, says: str) -> None:
    with pytest.raises(StorageConfigError) as error:
        normalise_url(given)
    message = str(error.value)
    assert says in message
    assert message.endswith(".")
    assert "\n" not in message
    assert re.search(r"\.\s+[A-Z]", message) is None  # one sentence


def test_a_password_is_not_repeated_in_the_message() -> None:
    with pytest.raises(StorageConfigError) as error:
        normalise_url("postgresql://bot:s3cret@db:port/cbt")
    assert "s3cret" not in str(error.value)
    assert "bot:***@db" in str(error.value)
