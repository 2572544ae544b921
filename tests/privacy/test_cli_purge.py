"""`cbt-bot purge [--dry-run]` on a SQLite file seeded through the storage API (the CLI runs its own event
loop, so the async tests call it in a thread)."""

from __future__ import annotations

import asyncio
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import text

from bot.cli import main
from bot.storage import NewTranscriptEntry, Store, open_store

WORDS = "ZEBRA: my boss ignored me"


class Clock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


async def _finished_session(store: Store, person_id: int, version_id: int, words: str) -> None:
    async with store.transaction() as tx:
        row = await tx.sessions.start(person_id, version_id, "{}", "situation")
        await tx.transcript.append(row.id, [
            NewTranscriptEntry("prompt", row.started_at, "situation", "What happened?"),
            NewTranscriptEntry("answer", row.started_at, "situation", words, {"key": "situation", "value": words}),
        ])
        await tx.sessions.save(row, state="{}", status="completed", current_step=None)


async def seed(url: str) -> None:
    """Long ago (100 days): a regular client's exercise and a one-off visitor; recently: the client again."""
    now = datetime.now(UTC)
    clock = Clock(now - timedelta(days=100))
    store = await open_store(url, clock=clock)
    try:
        async with store.transaction() as tx:
            regular = await tx.people.get_or_create(1001)
            await tx.people.get_or_create(1002)  # never came back
            version = await tx.flow_versions.ensure("thought_record", 1, "id: thought_record\n")
            await tx.updates.claim(1, 1, 1001)
        await _finished_session(store, regular.id, version, WORDS)
        clock.now = now - timedelta(hours=1)
        await _finished_session(store, regular.id, version, "recent words")
        async with store.transaction() as tx:
            await tx.updates.claim(1, 2, 1001)
    finally:
        await store.close()


async def counts(url: str) -> dict[str, int]:
    store = await open_store(url, create=False)
    try:
        async with store.engine.connect() as connection:
            tables = ("people", "sessions", "transcript", "processed_updates")
            return {t: (await connection.execute(text(f"SELECT count(*) FROM {t}"))).scalar_one() for t in tables}
    finally:
        await store.close()


@pytest.fixture
def database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.chdir(tmp_path)  # no .env of the developer's
    for name in ("CBT_RETENTION_DAYS", "CBT_INACTIVE_DAYS", "CBT_ENCRYPTION_KEY", "CBT_ENCRYPTION_KEY_FILE",
                 "CBT_ENCRYPTION_OLD_KEYS"):
        monkeypatch.delenv(name, raising=False)
    url = f"sqlite:///{tmp_path / 'cbt.sqlite3'}"
    monkeypatch.setenv("DATABASE_URL", url)
    return url


async def purge(*args: str) -> int:
    return await asyncio.to_thread(main, ["purge", *args])


async def test_a_bad_setting_is_one_line_and_exit_2(
    database: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    await seed(database)
    before = await counts(database)
    monkeypatch.setenv("CBT_RETENTION_DAYS", "ninety")
    assert await purge() == 2
    out, err = capsys.readouterr()
    assert err == "cbt-bot: CBT_RETENTION_DAYS must be a whole number of days (e.g. 90), got 'ninety'\n"
    assert out == ""
    assert await counts(database) == before


async def test_a_missing_database_is_not_created(
    database: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert await purge("--dry-run") == 2
    err = capsys.readouterr().err
    assert "There is no SQLite database" in err
    assert len(err.splitlines()) == 1
    assert not (tmp_path / "cbt.sqlite3").exists()


async def test_without_a_policy_only_old_update_records_go(
    database: str, capsys: pytest.CaptureFixture[str]
) -> None:
    await seed(database)
    assert await purge() == 0
    out = capsys.readouterr().out
    assert "finished exercises are kept until deleted (CBT_RETENTION_DAYS is not set)" in out
    assert "nothing is purged but processed-update records past the 2-day deduplication window" in out
    assert "deleted 1 row(s)" in out
    assert await counts(database) == {"people": 2, "sessions": 2, "transcript": 4, "processed_updates": 1}


async def test_a_dry_run_counts_and_a_real_run_deletes(
    database: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    await seed(database)
    before = await counts(database)
    monkeypatch.setenv("CBT_RETENTION_DAYS", "30")
    monkeypatch.setenv("CBT_INACTIVE_DAYS", "60")

    assert await purge("--dry-run") == 0
    dry = capsys.readouterr().out
    assert await counts(database) == before  # nothing changed
    lines = dict(line.split() for line in dry.splitlines() if line.startswith("  "))
    assert {table: n for table, n in lines.items() if n != "0"} == {"transcript": "2", "sessions": "1",
                                                                    "processed_updates": "1", "people": "1"}
    assert {
        "homework_items": "0", "assignments": "0", "transcript": "2", "sessions": "1", "links": "0",
        "dialogs": "0", "custom_flows": "0", "flow_versions": "0", "invites": "0", "processed_updates": "1",
        "people": "1",
    }.items() <= lines.items()
    assert "retention: finished exercises are kept 30 days; people inactive for 60 days are erased" in dry
    assert "would delete 5 row(s); would erase 1 inactive person(s) — dry run: nothing was changed" in dry

    assert await purge() == 0
    real = capsys.readouterr().out
    assert "deleted 5 row(s); erased 1 inactive person(s)\n" in real
    assert [line for line in real.splitlines() if line.startswith("  ")] == [
        line for line in dry.splitlines() if line.startswith("  ")]  # the dry run's counts were exact
    assert await counts(database) == {"people": 1, "sessions": 1, "transcript": 2, "processed_updates": 1}
    store = await open_store(database, create=False)
    try:
        async with store.transaction() as tx:
            regular = await tx.people.find_by_telegram_id(1001)
            assert regular is not None
            data = await tx.privacy.everything_about(regular.id)
    finally:
        await store.close()
    assert [e.value for s in data.sessions for e in s.entries if e.kind == "answer"] == [
        {"key": "situation", "value": "recent words"}
    ]
    assert WORDS not in json.dumps([str(s) for s in data.sessions])

    assert await purge() == 0  # a second run finds nothing
    assert "deleted 0 row(s); erased 0 inactive person(s)" in capsys.readouterr().out
