"""A loopback HTTP server that answers Bot API calls as each test tells it, and keeps what it was sent."""

from __future__ import annotations

import socket
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import pytest
from aiohttp import web

TOKEN = "123456:ABC-test-token"
ME = {"id": 123456, "is_bot": True, "first_name": "Bot", "username": "test_bot"}
CHAT = {"id": 42, "type": "private", "first_name": "Ann"}
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
Server = tuple[str, dict[str, Handler], list[dict[str, object]]]


def answer(result: object) -> Handler:
    async def handler(request: web.Request) -> web.StreamResponse:
        return web.json_response({"ok": True, "result": result})
    return handler


@pytest.fixture
async def server(unused_tcp_port: int) -> AsyncIterator[Server]:
    """A loopback server: handlers by method name; every request's method, content type and fields are kept."""
    handlers: dict[str, Handler] = {}
    seen: list[dict[str, object]] = []

    async def route(request: web.Request) -> web.StreamResponse:
        method = request.match_info["method"]
        fields: dict[str, object] = {}
        for name, value in (await request.post()).items():
            fields[name] = value.file.read() if isinstance(value, web.FileField) else value
        seen.append({"method": method, "content_type": request.content_type, "fields": fields,
                     "agent": request.headers.get("User-Agent", "")})
        handler = handlers.get(method)
        if handler is not None:
            return await handler(request)
        return web.json_response({"ok": True, "result": True})

    app = web.Application()
    app.router.add_post("/bot{token}/{method}", route)
    runner = web.AppRunner(app)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", unused_tcp_port).start()
    try:
        yield f"http://127.0.0.1:{unused_tcp_port}/bot", handlers, seen
    finally:
        await runner.cleanup()



PROXY_VARIABLES = ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY")


@pytest.fixture
def no_proxies(monkeypatch: pytest.MonkeyPatch) -> None:
    """None of the machine's proxy settings: each test sets the ones it is about."""
    for name in PROXY_VARIABLES:
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.lower(), raising=False)


@pytest.fixture
def offline_names(monkeypatch: pytest.MonkeyPatch) -> None:
    """Name lookups answered here, never by a DNS server: names under the reserved `.invalid` do not
    resolve, loopback names do, and any other lookup fails the test (nothing may leave 127.0.0.0/8)."""
    real = socket.getaddrinfo

    def lookup(host: object, *args: Any, **kwargs: Any) -> Any:
        name = host.decode() if isinstance(host, bytes) else str(host)
        if name.endswith(".invalid"):
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        if name not in ("localhost", "127.0.0.1") and not name.startswith("127."):
            raise AssertionError(f"a test looked up {name}, which could leave this machine")
        return real(host, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(socket, "getaddrinfo", lookup)
