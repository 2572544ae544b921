"""Tiny aiohttp webhook receivers on 127.0.0.1, for the stand-in to deliver updates to."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

from tests.support.telegram_api import SECRET_HEADER

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


@asynccontextmanager
async def serve(handler: Handler, path: str = "/telegram") -> AsyncIterator[str]:
    """Serves POST `path` at a free port; yields its URL."""

    async def route(request: web.Request) -> web.StreamResponse:
        return await handler(request)

    app = web.Application()
    app.router.add_post(path, route)
    runner = web.AppRunner(app, access_log=None, shutdown_timeout=1.0)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    host, port = runner.addresses[0][:2]
    try:
        yield f"http://{host}:{port}{path}"
    finally:
        await runner.cleanup()


@dataclass
class RecordingReceiver:
    """Records each delivery; answers with the given statuses in turn, then 200."""

    statuses: list[int] = field(default_factory=list)
    received: list[tuple[str | None, dict[str, Any]]] = field(default_factory=list)  # (secret header, update)

    async def __call__(self, request: web.Request) -> web.StreamResponse:
        self.received.append((request.headers.get(SECRET_HEADER), await request.json()))
        return web.Response(status=self.statuses.pop(0) if self.statuses else 200)

    @property
    def update_ids(self) -> list[int]:
        return [update["update_id"] for _, update in self.received]
