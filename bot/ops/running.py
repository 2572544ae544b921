"""What the running bot sets up for its operator, from its settings: the observer its hooks call (counting
metrics when METRICS_PORT is set), the readiness checks, and the probe and metrics servers."""

from __future__ import annotations

import asyncio
import logging

from aiohttp import web
from telegram import Bot

from bot.ops.observer import Observer
from bot.ops.probes import Readiness, probe_app, start_site
from bot.settings import Settings
from bot.storage import Store

log = logging.getLogger(__name__)


class PortUnavailable(OSError):  # noqa: N818 (the name says what happened)
    """HEALTH_PORT or METRICS_PORT is taken (or not allowed): one line saying which."""


class Operations:
    def __init__(self, settings: Settings, store: Store, stop: asyncio.Event) -> None:
        self._settings, self._store, self._stop = settings, store, stop
        self._runners: list[web.AppRunner] = []
        self.readiness: Readiness | None = None
        if settings.metrics_port is None:
            self.observer = Observer()
            self._metrics = None
        else:
            from bot.ops.metrics import Metrics  # loaded only when asked for

            self._metrics = Metrics(store)
            self.observer = self._metrics
            store.on_transaction = self._metrics.transaction

    async def start(self, bot: Bot) -> None:
        """Builds the readiness checks and starts the servers: /readyz says "starting" until `serving()`."""
        from bot.storage.migrate import head_revision

        self.readiness = Readiness(self._store, bot, self.observer, head_revision(), self._stop)
        try:
            if self._settings.health_port is not None:
                await self._listen("HEALTH_PORT", probe_app(self.readiness), self._settings.health_port)
                log.info("health probes on port %s", self._settings.health_port)
            if self._metrics is not None and self._settings.metrics_port is not None:
                from bot.ops.metrics import metrics_app

                await self._listen("METRICS_PORT", metrics_app(self._metrics), self._settings.metrics_port)
                log.info("metrics on port %s", self._settings.metrics_port)
        except BaseException:
            await self.stop()
            raise

    async def _listen(self, setting: str, app: web.Application, port: int) -> None:
        try:
            self._runners.append(await start_site(app, port))
        except OSError as error:
            raise PortUnavailable(f"cannot listen on {setting}={port}: {error.strerror or error}") from error

    def serving(self) -> None:
        if self.readiness is not None:
            self.readiness.serving = True

    async def stop(self) -> None:
        for runner in reversed(self._runners):
            await runner.cleanup()
        self._runners.clear()
