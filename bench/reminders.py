"""Reminder and review benchmark, on a fresh SQLite file or PostgreSQL database.

    python bench/reminders.py [--reminders 10000] [--db sqlite|postgres] [--dispatchers 2]
                              [--transcript-rows 1000000] [--rows-per-session 50] [--postgres-url URL]

1. Reminders: seeds due reminders through the storage API (a therapist, linked clients, daily assignments),
   then drains them with ReminderDispatchers (each on a Store of its own, as separate bot processes would
   be) sharing the real 30/s RateLimiter, which runs on a simulated clock: a fake sleep moves the clock
   instead of waiting, so 10,000 reminders take seconds, not 5.5 minutes. The stores' "now" is the same
   simulated clock, so the claim leases see the time pass. Prints reminders dispatched, duplicates (must
   be 0), lost (must be 0), the peak in any one-second window (must be <= 30), the simulated and the wall
   time, and the database time per claim batch and per "mark sent".
2. Review: bulk-inserts transcript rows (SQLAlchemy core executemany, in chunks) for completed sessions,
   then times what a therapist's review does: sessions.list_for_person(client, limit=10) and
   transcript.for_session(latest), in one transaction; p50/p99 over 50 runs (target <= 50 ms).

Targets (issue 4): duplicates 0, peak <= 30/s, review p99 <= 50 ms.
PostgreSQL: --postgres-url, else $CBT_TEST_POSTGRES_URL, else postgresql://postgres@127.0.0.1:5432/postgres;
a database cbt_bench_* is created for the run and dropped after it.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import sys
import tempfile
import time
import uuid
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from datetime import time as wall_time
from pathlib import Path
from typing import Any

from sqlalchemy import insert, text

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.storage import Store, open_store, upgrade
from bot.storage.engine import create_engine
from bot.storage.records import DueReminder
from bot.storage.schema import metadata
from bot.storage.urls import mask_password, parse_url
from bot.therapist.rate_limit import RateLimiter, busiest_window
from bot.therapist.reminders import ReminderDispatcher, Round, SendResult
from bot.therapist.schedule import occurrences

DEFAULT_POSTGRES = "postgresql://postgres@127.0.0.1:5432/postgres"
START = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
PER_CLIENT = 10  # daily items per client
SEED_CLIENTS_PER_TRANSACTION = 100
INSERT_CHUNK = 10_000
REVIEW_CLIENTS = 1_000
SESSIONS_PER_PAGE = 10
TARGET_REVIEW_MS = 50.0


class SimTime:
    """The simulated clock: the stores' and dispatchers' "now", the limiter's monotonic clock and sleep."""

    def __init__(self) -> None:
        self.elapsed = 0.0

    def now(self) -> datetime:
        return START + timedelta(seconds=self.elapsed)

    def monotonic(self) -> float:
        return self.elapsed

    async def sleep(self, seconds: float) -> None:
        self.elapsed += max(0.0, seconds)
        await asyncio.sleep(0)  # still let the other dispatchers and the database run


@dataclass
class Outbox:
    sim: SimTime
    sent: list[tuple[int, float]] = field(default_factory=list)  # item id, simulated second

    async def send(self, reminder: DueReminder) -> SendResult:
        self.sent.append((reminder.item_id, self.sim.elapsed))
        return SendResult.SENT


# --- databases ---------------------------------------------------------------------------------------


@contextmanager
def fresh_database(kind: str, postgres_url: str) -> Iterator[str]:
    """The URL of a new, migrated database; removed afterwards."""
    if kind == "sqlite":
        with tempfile.TemporaryDirectory(prefix="cbt-bench-") as folder:
            url = f"sqlite:///{folder}/bench.sqlite3"
            upgrade(url)
            yield url
        return
    name = f"cbt_bench_{uuid.uuid4().hex[:10]}"
    asyncio.run(_postgres_admin(postgres_url, f'CREATE DATABASE "{name}"'))
    try:
        url = parse_url(postgres_url).set(database=name).render_as_string(hide_password=False)
        upgrade(url)
        yield url
    finally:
        asyncio.run(_postgres_admin(postgres_url, f'DROP DATABASE "{name}" WITH (FORCE)'))


async def _postgres_admin(url: str, sql: str) -> None:
    engine = create_engine(url)
    try:
        async with engine.connect() as connection:
            await connection.execution_options(isolation_level="AUTOCOMMIT")
            await connection.execute(text(sql))
    finally:
        await engine.dispose()


# --- 1. reminders ------------------------------------------------------------------------------------


async def seed_reminders(store: Store, reminders: int) -> list[int]:
    """Clients with PER_CLIENT daily items each, all due before START; the item ids."""
    items: list[int] = []
    first_due_on = START.date() - timedelta(days=PER_CLIENT + 5)
    async with store.transaction() as tx:
        therapist = await tx.people.get_or_create(1)
        await tx.people.set_role(therapist.id, "therapist")
    client_number = 0
    while len(items) < reminders:
        async with store.transaction() as tx:
            for _ in range(SEED_CLIENTS_PER_TRANSACTION):
                times = min(PER_CLIENT, reminders - len(items))
                if times == 0:
                    break
                client_number += 1
                client = await tx.people.get_or_create(10**9 + client_number)
                await tx.links.link(therapist.id, client.id)
                due = occurrences("daily", times, first_due_on, wall_time(9), "Europe/Berlin")
                _, new = await tx.homework.assign(
                    therapist.id, client.id, "thought_record", "daily", times, first_due_on, wall_time(9),
                    "Europe/Berlin", "After work, 10 minutes", due,
                )
                items += [item.id for item in new]
    return items


async def drain(dispatcher: ReminderDispatcher, rounds: list[Round]) -> None:
    while (done := await dispatcher.run_round()).claimed:
        rounds.append(done)


async def bench_reminders(url: str, reminders: int, dispatchers: int, batch: int, analyze: bool) -> None:
    sim = SimTime()
    stores = [await open_store(url, clock=sim.now) for _ in range(dispatchers)]
    try:
        started = time.perf_counter()
        items = await seed_reminders(stores[0], reminders)
        print(f"  seeded {len(items):,} due reminders through the storage API in "
              f"{time.perf_counter() - started:.1f} s")
        if analyze:
            # Autovacuum would within a minute or so; without statistics PostgreSQL's planner misjudges the
            # claim's join on a freshly filled table (see --no-analyze).
            async with stores[0].engine.begin() as db:
                await db.execute(text("ANALYZE"))
        outbox = Outbox(sim)
        limiter = RateLimiter(30, 1.0, clock=sim.monotonic, sleep=sim.sleep)  # one bot token, one limit
        workers = [ReminderDispatcher(s, outbox.send, sim.now, limiter, batch) for s in stores]
        rounds: list[Round] = []
        started = time.perf_counter()
        await asyncio.gather(*(drain(worker, rounds) for worker in workers))
        wall = time.perf_counter() - started
    finally:
        for store in stores:
            await store.close()
    sent = Counter(item for item, _ in outbox.sent)
    times = sorted(at for _, at in outbox.sent)
    claims = sorted(r.claim_seconds * 1000 for r in rounds)
    marks = sum(r.mark_seconds for r in rounds) * 1000 / max(1, len(outbox.sent))
    print(f"  reminders dispatched:        {len(sent):,} of {len(items):,} "
          f"(by {dispatchers} dispatcher(s), batches of {batch})")
    print(f"  duplicates:                  {sum(sent.values()) - len(sent)} (must be 0)")
    print(f"  lost:                        {len(set(items) - set(sent))} (must be 0)")
    print(f"  peak in any 1 s window:      {busiest_window(times)} (must be <= 30)")
    print(f"  simulated duration:          {times[-1] - times[0]:.1f} s (at 30/s: {len(times) / 30:.1f} s)")
    print(f"  wall time:                   {wall:.2f} s")
    print(f"  database time per claim:     p50 {percentile(claims, 50):.1f} ms, p99 {percentile(claims, 99):.1f} ms, "
          f"max {claims[-1]:.1f} ms over {len(claims)} batches")
    print(f"  database time per mark sent: {marks:.2f} ms on average")


# --- 2. review ---------------------------------------------------------------------------------------


async def seed_transcripts(store: Store, rows: int, per_session: int) -> list[int]:
    """Completed sessions with `per_session` transcript entries each, spread over REVIEW_CLIENTS clients;
    the client ids. Bulk inserts, bypassing the repositories (which append one session at a time)."""
    sessions = max(1, rows // per_session)
    clients = min(REVIEW_CLIENTS, sessions)
    async with store.transaction() as tx:
        flow_version_id = await tx.flow_versions.ensure("thought_record", 1, "id: thought_record\n")
    started = time.perf_counter()
    async with store.engine.begin() as db:
        people = [{"telegram_id": 5 * 10**9 + n, "role": "client", "timezone": "Europe/Berlin",
                   "created_at": START, "updated_at": START} for n in range(clients)]
        await db.execute(insert(metadata.tables["people"]), people)
        client_ids = list((await db.execute(
            text("SELECT id FROM people WHERE telegram_id >= :low ORDER BY id"), {"low": 5 * 10**9}
        )).scalars())
        session_rows = [_session_row(n, client_ids[n % clients], flow_version_id) for n in range(sessions)]
        for chunk in _chunks(session_rows, INSERT_CHUNK):
            await db.execute(insert(metadata.tables["sessions"]), chunk)
        session_ids = list((await db.execute(
            text("SELECT id FROM sessions WHERE flow_version_id = :v ORDER BY id"), {"v": flow_version_id}
        )).scalars())
    done = 0
    pending: list[dict[str, Any]] = []
    for session_id in session_ids:
        pending += _transcript_rows(session_id, per_session)
        if len(pending) >= INSERT_CHUNK * 5:
            done += await _insert_transcript(store, pending)
            pending = []
            _progress(done, rows, started)
    done += await _insert_transcript(store, pending)
    _progress(done, rows, started)
    print()
    async with store.engine.begin() as db:
        await db.execute(text("ANALYZE"))
    return client_ids


def _session_row(n: int, person_id: int, flow_version_id: int) -> dict[str, Any]:
    started_at = START - timedelta(hours=n)
    return {
        "person_id": person_id, "flow_version_id": flow_version_id, "flow_id": "thought_record",
        "status": "completed", "state": '{"answers":{}}', "current_step": None, "started_at": started_at,
        "updated_at": started_at + timedelta(minutes=15), "finished_at": started_at + timedelta(minutes=15),
        "outcome": "done", "delivered_seq": 0, "version_id": 1,
    }


def _transcript_rows(session_id: int, count: int) -> list[dict[str, Any]]:
    at = START - timedelta(days=1)
    rows = []
    for seq in range(1, count + 1):
        kind = "prompt" if seq % 2 else "answer"
        answer = kind == "answer"
        rows.append({
            "session_id": session_id, "seq": seq, "at": at + timedelta(seconds=seq * 20), "kind": kind,
            "step_id": f"step_{seq // 2}",
            "raw": "I thought everyone at the meeting noticed my mistake and judged me for it" if answer else None,
            "value": json.dumps({"text": "everyone noticed", "rating": seq % 10}) if answer else None,
        })
    return rows


async def _insert_transcript(store: Store, rows: list[dict[str, Any]]) -> int:
    async with store.engine.begin() as db:
        for chunk in _chunks(rows, INSERT_CHUNK):
            await db.execute(insert(metadata.tables["transcript"]), chunk)
    return len(rows)


def _chunks(rows: list[dict[str, Any]], size: int) -> Iterator[list[dict[str, Any]]]:
    for start in range(0, len(rows), size):
        yield rows[start:start + size]


def _progress(done: int, total: int, started: float) -> None:
    elapsed = time.perf_counter() - started
    print(f"\r  seeding transcript rows: {done:,} of {total:,} ({elapsed:.0f} s, "
          f"{done / max(elapsed, 1e-9):,.0f} rows/s)", end="", flush=True)


async def review(store: Store, client_id: int) -> int:
    """What the review screen reads: the client's latest sessions and the newest one's transcript."""
    async with store.transaction() as tx:
        sessions = await tx.sessions.list_for_person(client_id, limit=SESSIONS_PER_PAGE)
        entries = await tx.transcript.for_session(sessions[0].id) if sessions else []
    return len(entries)


async def bench_review(url: str, rows: int, per_session: int, runs: int) -> None:
    async with await open_store(url) as store:
        started = time.perf_counter()
        clients = await seed_transcripts(store, rows, per_session)
        print(f"  seeded {rows:,} transcript rows ({rows // per_session:,} sessions x {per_session} rows, "
              f"{len(clients):,} clients) in {time.perf_counter() - started:.1f} s")
        picks = random.Random(4).choices(clients, k=runs + 1)
        await review(store, picks[0])  # warm the pool and the statement caches
        timings, entries = [], 0
        for client_id in picks[1:]:
            started = time.perf_counter()
            entries = await review(store, client_id)
            timings.append((time.perf_counter() - started) * 1000)
    timings.sort()
    p99 = percentile(timings, 99)
    verdict = "OK" if p99 <= TARGET_REVIEW_MS else "OVER TARGET"
    print(f"  review (list_for_person limit 10 + for_session of the latest, {entries} entries), {runs} runs:")
    print(f"    p50 {percentile(timings, 50):.1f} ms, p90 {percentile(timings, 90):.1f} ms, p99 {p99:.1f} ms, "
          f"max {timings[-1]:.1f} ms "
          f"(target p99 <= {TARGET_REVIEW_MS:.0f} ms: {verdict})")


def percentile(sorted_values: list[float], pct: float) -> float:
    if not sorted_values:
        return float("nan")
    index = min(len(sorted_values) - 1, max(0, round(pct / 100 * len(sorted_values)) - 1))
    return sorted_values[index]


# --- main --------------------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--reminders", type=int, default=10_000)
    parser.add_argument("--dispatchers", type=int, default=2, help="concurrent dispatchers, one Store each")
    parser.add_argument("--batch", type=int, default=100)
    parser.add_argument("--no-analyze", dest="analyze", action="store_false",
                        help="claim on the freshly seeded tables without updating the planner's statistics")
    parser.add_argument("--transcript-rows", type=int, default=1_000_000, help="0 skips the review part")
    parser.add_argument("--rows-per-session", type=int, default=50)
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--postgres-url",
                        default=os.environ.get("CBT_TEST_POSTGRES_URL") or DEFAULT_POSTGRES)
    args = parser.parse_args()
    where = "a SQLite file" if args.db == "sqlite" else f"PostgreSQL at {mask_password(args.postgres_url)}"
    print(f"benchmark on {where}")
    with fresh_database(args.db, args.postgres_url) as url:
        if args.reminders > 0:
            print(f"reminders: {args.reminders:,} due")
            asyncio.run(bench_reminders(url, args.reminders, args.dispatchers, args.batch, args.analyze))
        if args.transcript_rows > 0:
            print(f"review: {args.transcript_rows:,} transcript rows")
            asyncio.run(bench_review(url, args.transcript_rows, args.rows_per_session, args.runs))


if __name__ == "__main__":
    main()
