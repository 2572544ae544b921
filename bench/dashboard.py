"""The dashboard's server time per page at a real clinic's size (issue 13 §5).

    python bench/dashboard.py [--clients 200] [--sessions 50] [--transcript-rows 1000000] [--items 60]
                              [--db sqlite|postgres] [--postgres-url URL]

Seeds a therapist with N linked clients as bench/caseload.py does (completed quick-reframe sessions with real
engine state, a daily assignment, an SOS episode each), then `--transcript-rows` transcript rows spread over
those sessions; serves the dashboard in this process (aiohttp, as `cbt-bot run` does) with a signed-in
session, and times GET of the caseload and of a client's page over HTTP — p50/p95 over 20 runs — and the bytes
of a page's HTML, CSS and JS. Targets: p95 <= 100 ms for both pages; HTML + CSS + JS under 150 KB.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import socket
import statistics
import sys
import time
from pathlib import Path

import aiohttp
from aiohttp import web
from sqlalchemy import insert, select

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from caseload import NOW, seed
from reminders import DEFAULT_POSTGRES, fresh_database

from bot.conversation.flow_library import FlowLibrary
from bot.flow_dirs import SHIPPED_FLOWS
from bot.storage import Store, open_store
from bot.storage.schema import SessionRow, TranscriptRow
from bot.web.app import COOKIE, Dashboard, mount

BATCH = 20_000


async def add_transcripts(store: Store, rows: int) -> None:
    """`rows` transcript rows over every session, prompt and answer in turn, as the bot writes them."""
    async with store.engine.begin() as connection:
        sessions = list((await connection.execute(select(SessionRow.id))).scalars())
    per_session = max(2, rows // max(1, len(sessions)))
    batch: list[dict[str, object]] = []
    written = 0
    for session_id in sessions:
        for seq in range(1, per_session + 1):
            prompt = seq % 2 == 1
            batch.append({"session_id": session_id, "seq": seq, "at": NOW, "kind": "prompt" if prompt else "answer",
                          "step_id": "thought", "raw": "What went through your mind?" if prompt else None,
                          "value": None if prompt else '{"key": "thought", "value": "I always get it wrong"}'})
            written += 1
            if len(batch) >= BATCH:
                async with store.engine.begin() as connection:
                    await connection.execute(insert(TranscriptRow), batch)
                batch.clear()
            if written >= rows:
                break
        if written >= rows:
            break
    if batch:
        async with store.engine.begin() as connection:
            await connection.execute(insert(TranscriptRow), batch)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def timed(http: aiohttp.ClientSession, url: str, cookie: str, runs: int = 20) -> tuple[list[float], bytes]:
    timings, body = [], b""
    for _ in range(runs):
        started = time.perf_counter()
        async with http.get(url, headers={"Cookie": f"{COOKIE}={cookie}"}) as response:
            body = await response.read()
            assert response.status == 200, (url, response.status)
        timings.append((time.perf_counter() - started) * 1000)
    return timings, body


async def measure(url: str, clients: int, sessions: int, items: int, transcript_rows: int) -> None:
    library = FlowLibrary.from_dirs([SHIPPED_FLOWS])
    store = await open_store(url, clock=lambda: NOW)
    runner: web.AppRunner | None = None
    try:
        started = time.perf_counter()
        therapist_id = await seed(store, library, clients, sessions, items)
        await add_transcripts(store, transcript_rows)
        seeded = time.perf_counter() - started
        async with store.transaction() as tx:
            cookie = await tx.web.start_session(therapist_id)
            client_id = (await tx.links.clients_of(therapist_id))[0].client_id
        app = web.Application()
        mount(app, Dashboard(store, library, "1:bench", clock=NOW.timestamp))
        runner = web.AppRunner(app, access_log=None)
        await runner.setup()
        port = free_port()
        await web.TCPSite(runner, "127.0.0.1", port).start()
        base = f"http://127.0.0.1:{port}/dashboard"
        async with aiohttp.ClientSession() as http:
            print(f"{clients} clients x {sessions} sessions, {transcript_rows} transcript rows "
                  f"(seeded in {seeded:.1f} s)")
            for name, path in (("caseload", "/"), ("client", f"/clients/{client_id}")):
                timings, body = await timed(http, base + path, cookie)
                p95 = statistics.quantiles(timings, n=20)[18]
                print(f"  {name}: p50 {statistics.median(timings):.1f} ms, p95 {p95:.1f} ms, HTML {len(body)} bytes")
            _, css = await timed(http, base + "/static/app.css", cookie, 1)
            _, js = await timed(http, base + "/static/signin.js", cookie, 1)
            print(f"  CSS {len(css)} bytes, JS {len(js)} bytes")
    finally:
        if runner is not None:
            await runner.cleanup()
        await store.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clients", type=int, default=200)
    parser.add_argument("--sessions", type=int, default=50)
    parser.add_argument("--items", type=int, default=60)
    parser.add_argument("--transcript-rows", type=int, default=1_000_000)
    parser.add_argument("--db", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument("--postgres-url", default=os.environ.get("CBT_TEST_POSTGRES_URL", DEFAULT_POSTGRES))
    args = parser.parse_args()
    with fresh_database(args.db, args.postgres_url) as url:
        asyncio.run(measure(url, args.clients, args.sessions, args.items, args.transcript_rows))


if __name__ == "__main__":
    main()
