"""CbtBot.send_html: what Telegram receives, and what comes back."""

from __future__ import annotations

import json

import pytest
from aiohttp import web
from telegram.error import BadRequest, Forbidden

from bot.conversation.messages import ButtonSpec
from bot.transport.http import AiohttpRequest
from bot.transport.telegram_bot import CbtBot
from tests.transport.conftest import CHAT, ME, TOKEN, Server, answer


def _bot(base_url: str) -> CbtBot:
    return CbtBot(TOKEN, base_url=base_url, request=AiohttpRequest())


async def test_the_text_and_keyboard_go_as_send_message_and_the_id_comes_back(server: Server) -> None:
    base_url, handlers, seen = server
    handlers["getMe"] = answer(ME)
    handlers["sendMessage"] = answer({"message_id": 77, "date": 1700000000, "chat": CHAT, "text": "Q"})
    keyboard = ((ButtonSpec("Yes", "a:1:2:0"), ButtonSpec("No", "a:1:2:1")), (ButtonSpec("Ünïcødé ✓", "a:1:2:2"),))
    async with _bot(base_url) as bot:
        assert await bot.send_html(42, "<b>Q</b> &amp; A", keyboard) == 77
        assert await bot.send_html(42, "no keyboard") == 77
    with_keyboard, without = seen[-2]["fields"], seen[-1]["fields"]
    assert isinstance(with_keyboard, dict) and isinstance(without, dict)
    assert (with_keyboard["chat_id"], with_keyboard["text"], with_keyboard["parse_mode"]) == (
        "42", "<b>Q</b> &amp; A", "HTML")
    assert json.loads(str(with_keyboard["reply_markup"])) == {"inline_keyboard": [
        [{"text": "Yes", "callback_data": "a:1:2:0"}, {"text": "No", "callback_data": "a:1:2:1"}],
        [{"text": "Ünïcødé ✓", "callback_data": "a:1:2:2"}]]}
    assert "reply_markup" not in without


@pytest.mark.parametrize(("status", "error"), [(400, BadRequest), (403, Forbidden)])
async def test_refusals_are_ptbs_errors(server: Server, status: int, error: type[Exception]) -> None:
    base_url, handlers, _ = server
    handlers["getMe"] = answer(ME)

    async def refuse(request: web.Request) -> web.StreamResponse:
        return web.json_response({"ok": False, "error_code": status, "description": "Forbidden: bot was blocked"
                                  if status == 403 else "Bad Request: can't parse entities"}, status=status)

    handlers["sendMessage"] = refuse
    async with _bot(base_url) as bot:
        with pytest.raises(error):
            await bot.send_html(42, "<b>broken")
