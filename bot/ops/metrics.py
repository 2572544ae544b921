"""The bot's Prometheus metrics, served on METRICS_PORT at /metrics (docs/deploy.md lists them).

Counted as things happen: updates, Telegram calls, 429 waits, reminders, transaction times. Read from the
database when Prometheus scrapes (at most once per `db_every` seconds, however often it scrapes): open
sessions and crisis episodes on record. Labels are kinds from fixed sets, never an id or a text."""

from __future__ import annotations

import asyncio
import logging
import os
import time
from collections.abc import Awaitable, Callable
from typing import Protocol

from aiohttp import web

from bot.ops.exposition import CONTENT_TYPE, Counter, Gauge, Histogram, Labels, Registry
from bot.ops.observer import Observer
from bot.storage.health import EpisodeCount

log = logging.getLogger(__name__)

LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)
DB_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 5.0)
LATE_AFTER = 60.0  # seconds after its time: a reminder sent later than this counts as late
DB_READ_TIMEOUT = 3.0


class DatabaseCounts(Protocol):
    def open_sessions(self) -> Awaitable[int]: ...
    def crisis_episodes(self) -> Awaitable[list[EpisodeCount]]: ...


class Metrics(Observer):
    def __init__(self, database: DatabaseCounts | None = None, db_every: float = 10.0,
                 clock: Callable[[], float] = time.monotonic) -> None:
        super().__init__()
        self._database, self._db_every, self._clock = database, db_every, clock
        self._db_read_at: float | None = None
        self._db_lock = asyncio.Lock()
        r = self.registry = Registry()
        self.updates = r.add(Counter("cbt_updates_total", "Updates (and elapsed timers) handled, by kind and outcome.",
                                     ("kind", "outcome")))
        self.update_seconds = r.add(Histogram(
            "cbt_update_seconds", "Time from taking an update to its replies sent: one step's latency.",
            LATENCY_BUCKETS, ("kind",)))
        self.telegram_calls = r.add(Counter("cbt_telegram_calls_total", "Bot API calls, by method and outcome.",
                                            ("method", "outcome")))
        self.telegram_seconds = r.add(Histogram("cbt_telegram_call_seconds", "Bot API call time (getUpdates "
                                                "excluded: it waits by design).", LATENCY_BUCKETS))
        self.retry_waits = r.add(Counter("cbt_telegram_retry_after_waits_total",
                                         "429 answers waited out before calling again."))
        self.retry_seconds = r.add(Counter("cbt_telegram_retry_after_seconds_total",
                                           "Seconds spent waiting out 429 answers."))
        self.reminders_due = r.add(Counter("cbt_reminders_due_total", "Reminders, digests and missed-item notices "
                                           "claimed for sending.", ("what",)))
        self.reminders_sent = r.add(Counter("cbt_reminders_sent_total", "Reminders, digests and notices tried, by "
                                            "result (sent, unreachable, failed).", ("what", "result")))
        self.reminders_late = r.add(Counter("cbt_reminders_late_total", f"Sent more than {LATE_AFTER:.0f} s after "
                                            "their time.", ("what",)))
        self.transactions = r.add(Histogram("cbt_db_transaction_seconds", "Database transactions (units of "
                                            "work), begin to commit or rollback.", DB_BUCKETS))
        self.open_sessions_gauge = r.add(Gauge("cbt_open_sessions", "Exercise sessions active or paused (read "
                                               "from the database at scrape time)."))
        self.crisis = r.add(Gauge("cbt_crisis_episodes", "Crisis episodes on record (read from the database at "
                                  "scrape time), by how they began, the response, level and category.",
                                  ("source", "response", "level", "category")))
        self.database_up = r.add(Gauge("cbt_database_read_ok", "1 if the last scrape-time database read worked."))
        self.memory = r.add(Gauge("process_resident_memory_bytes", "Resident memory of the bot process."))
        self.started = r.add(Gauge("process_start_time_seconds", "When the bot process started (Unix time)."))
        self.started.set(value=time.time())  # the bot builds its metrics as it starts

    # ---- the hooks -------------------------------------------------------------------------------------------

    def update_handled(self, kind: str, outcome: str, seconds: float) -> None:
        self.updates.inc(kind, outcome)
        self.update_seconds.observe(seconds, kind)

    def telegram_call(self, method: str, status: int | None, outcome: str, seconds: float) -> None:
        super().telegram_call(method, status, outcome, seconds)
        self.telegram_calls.inc(method, outcome)
        if method != "getUpdates":
            self.telegram_seconds.observe(seconds)

    def retry_after(self, seconds: float) -> None:
        self.retry_waits.inc()
        self.retry_seconds.inc(amount=seconds)

    def dispatched(self, what: str, result: str, late_by: float | None = None) -> None:
        if result == "due":
            self.reminders_due.inc(what)
            return
        self.reminders_sent.inc(what, result)
        if result == "sent" and late_by is not None and late_by > LATE_AFTER:
            self.reminders_late.inc(what)

    def transaction(self, seconds: float) -> None:
        self.transactions.observe(seconds)

    # ---- the scrape ------------------------------------------------------------------------------------------

    async def render(self) -> str:
        await self._read_database()
        memory = _resident_memory()
        if memory is not None:
            self.memory.set(value=memory)
        return self.registry.render()

    async def _read_database(self) -> None:
        if self._database is None:
            return
        async with self._db_lock:  # two scrapes at once read once
            now = self._clock()
            if self._db_read_at is not None and now - self._db_read_at < self._db_every:
                return
            self._db_read_at = now
            try:
                sessions, episodes = await asyncio.wait_for(
                    asyncio.gather(self._database.open_sessions(), self._database.crisis_episodes()),
                    DB_READ_TIMEOUT)
            except Exception as error:  # the last values stay; the scrape still answers
                log.warning("metrics: database not read: %s", type(error).__name__)
                self.database_up.set(value=0)
                return
            self.database_up.set(value=1)
            self.open_sessions_gauge.set(value=sessions)
            counts: dict[Labels, float] = {}
            for episode in episodes:
                key = (episode.source, episode.response, episode.level, episode.category or "none")
                counts[key] = counts.get(key, 0) + episode.count
            self.crisis.replace(counts)


def _resident_memory() -> int | None:
    try:
        with open("/proc/self/statm", encoding="ascii") as statm:
            return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return None



def metrics_app(metrics: Metrics) -> web.Application:
    """GET /metrics, in Prometheus' text format."""
    async def scrape(_request: web.Request) -> web.Response:
        return web.Response(body=(await metrics.render()).encode(), headers={"Content-Type": CONTENT_TYPE})

    app = web.Application()
    app.router.add_get("/metrics", scrape)
    return app
