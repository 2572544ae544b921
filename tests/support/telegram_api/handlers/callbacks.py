"""answerCallbackQuery: each query answered once, within Telegram's time limit."""

from __future__ import annotations

import time
from typing import Any

from tests.support.telegram_api.chats import ChatEvent
from tests.support.telegram_api.errors import QUERY_TOO_OLD, bad_request
from tests.support.telegram_api.state import StandInState

MAX_ANSWER_TEXT = 200


async def answer_callback_query(state: StandInState, params: dict[str, Any]) -> Any:
    query = state.callback_queries.get(params["callback_query_id"])
    too_old = query is not None and time.monotonic() - query.created_at > state.options.callback_query_ttl
    if query is None or query.answered or too_old:
        raise bad_request(QUERY_TOO_OLD)
    text = params.get("text")
    if text is not None and len(text) > MAX_ANSWER_TEXT:
        raise bad_request("MESSAGE_TOO_LONG")
    query.answered = True
    query.answer = {k: params[k] for k in ("text", "show_alert", "url", "cache_time") if k in params}
    chat = state.chats.get(query.user_id)
    if chat is not None:
        chat.record(ChatEvent("bot", "answer", query.message_id, text, detail={"query_id": query.id}))
    return True
