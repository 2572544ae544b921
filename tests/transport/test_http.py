"""The aiohttp transport under python-telegram-bot: what reaches the server, and how failures come back."""

from __future__ import annotations

import asyncio
import json

import pytest
from aiohttp import web
from telegram import Bot, InputFile
from telegram.error import BadRequest, NetworkError, TimedOut

from bot.transport.http import AiohttpRequest
from tests.transport.conftest import CHAT, ME, TOKEN, Server, answer


def _bot(base_url: str, **timeouts: float) -> Bot:
    return Bot(TOKEN, base_url=base_url, request=AiohttpRequest(connection_pool_size=4, **timeouts))


async def test_fields_go_as_a_form_with_json_encoded_values(server: Server) -> None:
    base_url, handlers, seen = server
    handlers["getMe"] = answer(ME)
    handlers["sendMessage"] = answer({"message_id": 7, "date": 1700000000, "chat": CHAT, "text": "hi"})
    async with _bot(base_url) as bot:
        message = await bot.send_message(42, "<b>hi</b>", parse_mode="HTML")
    assert message.message_id == 7 and message.chat.id == 42
    call = seen[-1]
    assert call["method"] == "sendMessage"
    assert call["content_type"] == "application/x-www-form-urlencoded"
    assert call["fields"] == {"chat_id": "42", "text": "<b>hi</b>", "parse_mode": "HTML"}
    assert str(call["agent"]).startswith("python-telegram-bot")


async def test_a_file_goes_as_multipart_with_its_name_and_type(server: Server) -> None:
    base_url, handlers, seen = server
    handlers["getMe"] = answer(ME)
    document = {"file_id": "f1", "file_unique_id": "u1", "file_name": "notes.json"}
    handlers["sendDocument"] = answer({"message_id": 8, "date": 1700000000, "chat": CHAT, "document": document})
    async with _bot(base_url) as bot:
        sent = await bot.send_document(42, InputFile(b'{"answers": []}', filename="notes.json"), caption="yours")
    assert sent.document is not None and sent.document.file_name == "notes.json"
    call = seen[-1]
    assert str(call["content_type"]).startswith("multipart/form-data")
    fields = call["fields"]
    assert isinstance(fields, dict)
    assert fields["document"] == b'{"answers": []}' and fields["caption"] == "yours" and fields["chat_id"] == "42"


async def test_telegrams_refusal_becomes_ptbs_error(server: Server) -> None:
    base_url, handlers, _ = server
    handlers["getMe"] = answer(ME)

    async def refuse(request: web.Request) -> web.StreamResponse:
        return web.json_response({"ok": False, "error_code": 400, "description": "Bad Request: message is too long"},
                                 status=400)

    handlers["sendMessage"] = refuse
    async with _bot(base_url) as bot:
        with pytest.raises(BadRequest, match="too long"):
            await bot.send_message(42, "x")


async def test_a_slow_answer_is_a_timeout(server: Server) -> None:
    base_url, handlers, _ = server
    handlers["getMe"] = answer(ME)

    async def slow(request: web.Request) -> web.StreamResponse:
        await asyncio.sleep(2)
        return web.json_response({"ok": True, "result": True})

    handlers["sendChatAction"] = slow
    async with _bot(base_url, read_timeout=0.2) as bot:
        with pytest.raises(TimedOut):
            await bot.send_chat_action(42, "typing")


async def test_a_dropped_connection_is_a_network_error(server: Server) -> None:
    base_url, handlers, _ = server
    handlers["getMe"] = answer(ME)

    async def drop(request: web.Request) -> web.StreamResponse:
        assert request.transport is not None
        request.transport.close()
        return web.Response()

    handlers["sendChatAction"] = drop
    async with _bot(base_url) as bot:
        with pytest.raises(NetworkError) as raised:
            await bot.send_chat_action(42, "typing")
    assert not isinstance(raised.value, TimedOut)


async def test_nobody_listening_is_a_network_error(unused_tcp_port: int) -> None:
    request = AiohttpRequest()
    await request.initialize()
    try:
        with pytest.raises(NetworkError):
            await request.post(f"http://127.0.0.1:{unused_tcp_port}/bot{TOKEN}/getMe")
    finally:
        await request.shutdown()


async def test_it_must_be_initialized_and_can_start_again() -> None:
    request = AiohttpRequest()
    with pytest.raises(RuntimeError, match="not initialized"):
        await request.do_request("http://127.0.0.1:1/x", "POST")
    await request.initialize()
    await request.shutdown()
    await request.shutdown()  # twice is harmless
    await request.initialize()
    assert request.read_timeout == 5.0
    await request.shutdown()


def test_body_without_files_is_plain_fields() -> None:
    from telegram.request import RequestData
    from telegram.request._requestparameter import RequestParameter

    data = RequestData([RequestParameter("chat_id", 5, None), RequestParameter("entities", [{"a": 1}], None)])
    from bot.transport.http import _body

    assert _body(data) == {"chat_id": "5", "entities": json.dumps([{"a": 1}])}
    assert _body(None) is None


async def test_a_proxy_named_in_the_environment_is_used(server: Server, monkeypatch: pytest.MonkeyPatch) -> None:
    """Where Telegram is reachable only through a proxy, HTTPS_PROXY/HTTP_PROXY are honoured, as by httpx.
    The loopback server plays the proxy for a host that does not exist."""
    base_url, handlers, seen = server
    handlers["getMe"] = answer(ME)
    proxy = base_url.removesuffix("/bot")
    for name in ("HTTP_PROXY", "http_proxy"):
        monkeypatch.setenv(name, proxy)
    for name in ("NO_PROXY", "no_proxy"):
        monkeypatch.delenv(name, raising=False)
    async with Bot(TOKEN, base_url="http://api.telegram.invalid/bot", request=AiohttpRequest()) as bot:
        assert bot.username == "test_bot"
    assert seen[-1]["method"] == "getMe"


@pytest.mark.usefixtures("offline_names")  # the direct lookup of the exempt host is answered here, not by DNS
async def test_no_proxy_exempts_a_host(server: Server, monkeypatch: pytest.MonkeyPatch) -> None:
    base_url, _, seen = server
    for name in ("HTTP_PROXY", "http_proxy"):
        monkeypatch.setenv(name, base_url.removesuffix("/bot"))
    for name in ("NO_PROXY", "no_proxy"):
        monkeypatch.setenv(name, "api.telegram.invalid")
    request = AiohttpRequest(connect_timeout=2.0)
    await request.initialize()
    try:
        with pytest.raises(NetworkError):  # straight to a host that does not exist, not through the proxy
            await request.post(f"http://api.telegram.invalid/bot{TOKEN}/getMe")
    finally:
        await request.shutdown()
    assert seen == []
