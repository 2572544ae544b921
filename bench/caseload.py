"""The caseload overview's time for a therapist with many clients, each with a long history.

    python bench/caseload.py [--clients 25 100] [--sessions 200] [--items 60] [--db sqlite|postgres]
                             [--postgres-url URL]

Seeds a therapist and N linked clients, each with `--sessions` completed quick-reframe sessions (real engine
state, so ratings are read as in the bot), a daily assignment of `--items` items over the past weeks (about
half done) and an SOS episode; then times what /clients does — the one read of the caseload
(SqlCaseload.caseload, five queries) and the rows and first page built from it — p50/p95 over 20 runs, and
counts the SQL statements. Target: /clients under 100 ms for 25 clients.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import time
from datetime import UTC, datetime, timedelta
from datetime import time as wall_time
from pathlib import Path

from sqlalchemy import event, insert, update

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from reminders import DEFAULT_POSTGRES, fresh_database

from bot.conversation.flow_library import FlowLibrary
from bot.conversation.therapist.caseload import overview_page, read_caseload
from bot.engine import FlowEngine
from bot.flow_dirs import SHIPPED_FLOWS
from bot.storage import Store, open_store
from bot.storage.schema import HomeworkItemRow, SessionRow
from bot.therapist.schedule import occurrences
from tests.support.walker import explore

NOW = datetime(2026, 3, 25, 12, 0, tzinfo=UTC)


def completed_state(library: FlowLibrary) -> str:
    flow = library.current("quick_reframe")
    assert flow is not None
    engine = FlowEngine(flow)
    session, _ = engine.start("en", 1000.0)
    for step in explore(engine, "en").ends["done"]:
        engine.handle(session, step)
    assert session.status == "completed"
    return session.to_json()


async def seed(store: Store, library: FlowLibrary, clients: int, sessions: int, items: int) -> int:
    state = completed_state(library)
    async with store.transaction() as tx:
        therapist = await tx.people.get_or_create(9_000_000_000)
        await tx.people.set_role(therapist.id, "therapist")
        version = await tx.flow_versions.ensure("quick_reframe", library.current("quick_reframe").version,  # type: ignore[union-attr]
                                                library.source("quick_reframe"))
    first = (NOW - timedelta(days=items - 3)).date()
    for n in range(clients):
        async with store.transaction() as tx:
            client = await tx.people.get_or_create(9_100_000_000 + n)
            await tx.links.link(therapist.id, client.id)
            plan = occurrences("daily", items, first, wall_time(20), "UTC")
            await tx.homework.assign(therapist.id, client.id, "quick_reframe", "daily", items, first, wall_time(20),
                                     "UTC", None, plan)
            await tx.safety.open_event(client.id, "command", "requested", "")
        async with store.engine.begin() as connection:
            await connection.execute(insert(SessionRow), [
                {"person_id": client.id, "flow_version_id": version, "flow_id": "quick_reframe", "status": "completed",
                 "state": state, "current_step": None, "started_at": NOW - timedelta(hours=s),
                 "updated_at": NOW - timedelta(hours=s), "finished_at": NOW - timedelta(hours=s),
                 "outcome": "done", "delivered_seq": 0, "version_id": 1}
                for s in range(1, sessions + 1)
            ])
            await connection.execute(update(HomeworkItemRow).where(
                HomeworkItemRow.client_id == client.id, HomeworkItemRow.id % 2 == 0,
                HomeworkItemRow.due_on < NOW.date()).values(completed_at=NOW - timedelta(days=1)))
    return therapist.id


async def measure(url: str, clients: int, sessions: int, items: int) -> None:
    library = FlowLibrary.from_dirs([SHIPPED_FLOWS])
    store = await open_store(url, clock=lambda: NOW)
    try:
        started = time.perf_counter()
        therapist_id = await seed(store, library, clients, sessions, items)
        seeded = time.perf_counter() - started
        statements: list[str] = []
        inline = getattr(store, "_inline", None)  # SQLite's units of work run on an engine of their own
        for engine in (store.engine.sync_engine, *([inline.engine] if inline is not None else [])):
            event.listen(engine, "before_cursor_execute", lambda *args: statements.append(args[2]))
        timings = []
        for _ in range(20):
            statements.clear()
            started = time.perf_counter()
            async with store.transaction() as tx:
                therapist = await tx.people.get(therapist_id)
                assert therapist is not None
                rows = await read_caseload(tx, library, therapist, NOW, "en")
            text, _, _ = overview_page(rows, 0, NOW, "UTC", "en")
            timings.append((time.perf_counter() - started) * 1000)
        assert len(rows) == clients and text
        selects = [s for s in statements if s.lstrip().upper().startswith("SELECT")]
        p95 = statistics.quantiles(timings, n=20)[18]
        print(f"{clients} clients x {sessions} sessions x {items} items (seeded in {seeded:.1f} s): /clients "
              f"p50 {statistics.median(timings):.1f} ms, p95 {p95:.1f} ms, {len(selects)} SELECTs")
    finally:
        await store.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clients", type=int, nargs="+", default=[25, 100])
    parser.add_argument("--sessions", type=int, default=200)
    parser.add_argument("--items", type=int, default=60)
    parser.add_argument("--db", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument("--postgres-url", default=os.environ.get("CBT_TEST_POSTGRES_URL", DEFAULT_POSTGRES))
    args = parser.parse_args()
    for clients in args.clients:
        with fresh_database(args.db, args.postgres_url) as url:
            asyncio.run(measure(url, clients, args.sessions, args.items))


if __name__ == "__main__":
    main()
