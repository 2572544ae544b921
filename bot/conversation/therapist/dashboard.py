"""/dashboard: a single-use sign-in link to the web dashboard, valid for five minutes (bot/web)."""

from __future__ import annotations

import html
from datetime import timedelta
from typing import TYPE_CHECKING

from bot.conversation.access import is_therapist
from bot.conversation.messages import ButtonSpec, Keyboard, Reply, Send
from bot.conversation.therapist.texts import tt

if TYPE_CHECKING:
    from bot.conversation.turn import Turn

SIGN_IN_VALID = timedelta(minutes=5)


async def sign_in_link(turn: Turn, dashboard_url: str | None) -> list[Reply]:
    if not is_therapist(turn.person):
        return [Send(turn.chat_id, tt("therapists_only", turn.language))]
    if not dashboard_url:
        return [Send(turn.chat_id, tt("dashboard_off", turn.language))]
    token = await turn.tx.web.create_sign_in(turn.person.id, SIGN_IN_VALID)
    link = html.escape(f"{dashboard_url}signin?token={token}")
    # Inside Telegram the dashboard opens as a Mini App, which signs in by initData: Telegram allows https only.
    keyboard: Keyboard = ((ButtonSpec(tt("dashboard_open", turn.language), "", web_app=dashboard_url),),) \
        if dashboard_url.startswith("https://") else ()
    return [Send(turn.chat_id, tt("dashboard_link", turn.language, link=link), keyboard)]
