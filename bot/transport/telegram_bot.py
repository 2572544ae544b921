"""python-telegram-bot's Bot, with lighter forms of the two calls every answer makes."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from telegram import Bot

from bot.conversation.messages import ButtonSpec, Keyboard


def _button(button: ButtonSpec) -> dict[str, object]:
    if button.web_app:
        return {"text": button.label, "web_app": {"url": button.web_app}}
    return {"text": button.label, "callback_data": button.data}


class CbtBot(Bot):
    async def send_html(self, chat_id: int, text: str, keyboard: Keyboard = ()) -> int:
        """sendMessage in Telegram HTML; returns the new message's id. Unlike `send_message` it neither builds
        the keyboard from PTB objects nor turns Telegram's answer into a Message (with its chat, sender and
        keyboard): the bot needs only the id, and those two took a sixth of the CPU an answer costs.
        Errors are PTB's own, as from any other call."""
        data: dict[str, object] = {"chat_id": chat_id, "text": text, "parse_mode": "HTML"}
        if keyboard:
            data["reply_markup"] = {"inline_keyboard": [[_button(button) for button in row] for row in keyboard]}
        result = await self._post("sendMessage", data)
        return int(result["message_id"])

    async def get_update_dicts(self, offset: int | None, timeout: int,  # noqa: ASYNC109 (Telegram's long-poll wait)
                               allowed_updates: Sequence[str]) -> list[dict[str, Any]]:
        """getUpdates, as Telegram's JSON: the poller builds Update objects only for updates it has not seen
        (while some are being handled, Telegram sends them again with every answer)."""
        data: dict[str, object] = {"timeout": timeout, "allowed_updates": list(allowed_updates)}
        if offset is not None:
            data["offset"] = offset
        base = self._request[0].read_timeout  # the getUpdates request's own, as get_updates adds the wait to it
        result = await self._post("getUpdates", data, read_timeout=None if base is None else base + timeout)
        return list(result)
