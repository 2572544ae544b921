"""`/healthz` and `/readyz`, beside the webhook (PORT) and, in any mode, on HEALTH_PORT.

/healthz: the process is alive and its event loop answers. /readyz: the database answers, its schema is at
the revision this code needs, Telegram answers, and the bot is not stopping; otherwise 503 with a short JSON
reason per failing check. Telegram is asked (getMe, short timeout) only when the bot's own calls have not
shown it reachable lately, and a result is kept a while: probes never hammer the Bot API."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from typing import Protocol

from aiohttp import web
from telegram import Bot

from bot.ops.observer import Observer

TELEGRAM_FRESH = 30.0  # a Telegram answer this recent, with no failure since, shows it reachable
RECHECK_OK = 30.0  # seconds a getMe that worked is trusted
RECHECK_FAILED = 5.0  # seconds before a failed (or doubted) getMe is tried again
TIMEOUT = 3.0  # seconds for each check


class SchemaReader(Protocol):
    def schema_revision(self) -> Awaitable[str | None]: ...


class Readiness:
    def __init__(self, database: SchemaReader, bot: Bot, observer: Observer, head: str,
                 stopping: asyncio.Event | None = None, *, clock: Callable[[], float] = time.monotonic,
                 timeout: float = TIMEOUT) -> None:
        self._database, self._bot, self._observer, self._head = database, bot, observer, head
        self._stopping, self._clock, self._timeout = stopping, clock, timeout
        self._telegram_lock = asyncio.Lock()
        self._checked_at: float | None = None  # of the last getMe
        self._telegram_failure: str | None = None  # its result: None when it worked
        self.serving = False  # set once the bot takes updates: until then /readyz says "starting"

    async def failing(self) -> dict[str, str]:
        """Each failing check with a short reason (no URL, no password, no text); empty when ready."""
        failures: dict[str, str] = {}
        if not self.serving:
            failures["starting"] = "the bot is not taking updates yet"
        if self._stopping is not None and self._stopping.is_set():
            failures["stopping"] = "the bot is shutting down"
        database, telegram = await asyncio.gather(self._check_database(), self._check_telegram())
        failures.update(database)
        if telegram is not None:
            failures["telegram"] = telegram
        return failures

    async def _check_database(self) -> dict[str, str]:
        try:
            revision = await asyncio.wait_for(self._database.schema_revision(), self._timeout)
        except TimeoutError:
            return {"database": f"no answer within {self._timeout:g} s"}
        except Exception as error:
            return {"database": f"unreachable ({type(error).__name__})"}
        if revision != self._head:
            return {"migrations": f"the database is at {revision or 'no revision'}, this code needs {self._head}"}
        return {}

    async def _check_telegram(self) -> str | None:
        observer = self._observer
        now = self._clock()
        answered, failed = observer.telegram_answered_at, observer.telegram_failed_at
        if answered is not None and now - answered < TELEGRAM_FRESH and (failed is None or failed < answered):
            return None
        async with self._telegram_lock:  # probes at the same moment share one getMe
            now = self._clock()
            if self._checked_at is not None:
                doubted = failed is not None and failed > self._checked_at
                keep = RECHECK_FAILED if self._telegram_failure or doubted else RECHECK_OK
                if now - self._checked_at < keep:
                    return self._telegram_failure
            try:
                await asyncio.wait_for(self._bot.get_me(read_timeout=self._timeout, write_timeout=self._timeout,
                                                        connect_timeout=self._timeout, pool_timeout=1.0),
                                       self._timeout + 1.0)
                self._telegram_failure = None
            except TimeoutError:
                self._telegram_failure = f"no answer within {self._timeout:g} s"
            except Exception as error:
                self._telegram_failure = f"unreachable ({type(error).__name__})"
            self._checked_at = self._clock()
            return self._telegram_failure


def add_probe_routes(app: web.Application, readiness: Readiness | None) -> None:
    async def healthz(_request: web.Request) -> web.Response:
        return web.json_response({"status": "alive"})

    async def readyz(_request: web.Request) -> web.Response:
        assert readiness is not None
        failing = await readiness.failing()
        if failing:
            return web.json_response({"status": "not ready", "failing": failing}, status=503)
        return web.json_response({"status": "ready"})

    app.router.add_get("/healthz", healthz)
    if readiness is not None:
        app.router.add_get("/readyz", readyz)


def probe_app(readiness: Readiness) -> web.Application:
    app = web.Application()
    add_probe_routes(app, readiness)
    return app


async def start_site(app: web.Application, port: int) -> web.AppRunner:
    """Serves `app` on every interface at `port` (probes come from the orchestrator, scrapes from Prometheus);
    `await runner.cleanup()` stops it."""
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    await web.TCPSite(runner, "0.0.0.0", port).start()  # noqa: S104 (a probe port is reached from outside)
    return runner
