"""Lists a client keeps across exercises, and follow-ups they schedule from inside one: what a session is
given when it starts, and what happens when a flow ends with `keep` and `follow_up` steps on the way."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from bot.conversation.flow_library import FlowLibrary
from bot.conversation.messages import Reply, Send
from bot.conversation.texts import ui
from bot.engine.effects import Ended
from bot.engine.render import escape
from bot.flowspec.texts import localize
from bot.storage import Person, UnitOfWork
from bot.therapist.schedule import occurrences, parse_local_time


async def kept_lists(tx: UnitOfWork, person: Person) -> dict[str, Any]:
    """The client's lists as a new session is given them (only the client's own, whichever flow asks)."""
    return {name: list(kept.items) for name, kept in (await tx.kept.latest(person.id)).items()}


async def after_the_end(tx: UnitOfWork, library: FlowLibrary, person: Person, flow_id: str, ended: Ended,
                        chat_id: int, at: float, language: str) -> list[Reply]:
    """Keeps what the flow's keep steps ask, and sets each follow-up as the client's own homework (the
    homework reminders then remind them); says when."""
    for change in ended.kept:
        await tx.kept.apply(person.id, change, flow_id)
    replies: list[Reply] = []
    for follow_up in ended.follow_ups:
        due = datetime.fromtimestamp(at, ZoneInfo(person.timezone)).date() + timedelta(days=follow_up.in_days)
        remind_at = parse_local_time(follow_up.at)
        await tx.homework.assign(
            person.id, person.id, follow_up.flow_id, "once", 1, due, remind_at, person.timezone,
            follow_up.note, occurrences("once", 1, due, remind_at, person.timezone),
        )
        flow = library.current(follow_up.flow_id)
        title = localize(flow.title, language) if flow is not None else follow_up.flow_id
        replies.append(Send(chat_id, ui("follow_up_set", language, flow=escape(title), day=due.isoformat(),
                                        time=follow_up.at)))
    return replies


def saved_text(lists: dict[str, Any], labels: dict[str, str], language: str) -> str:
    """The client's kept lists, each under its label (a flow's `keeps:`), done items marked."""
    shown = {name: items for name, items in lists.items() if items}
    if not shown:
        return ui("saved_none", language)
    parts = [ui("saved_title", language)]
    for name in sorted(shown, key=lambda n: labels.get(n, n)):
        lines = [f"<b>{escape(labels.get(name, name.replace('_', ' ')))}</b>"]
        for item in shown[name]:
            done = f" ({ui('saved_done', language)})" if item.get("done") else ""
            lines.append(f"• {escape(str(item.get('text', '')))}{done}")
        parts.append("\n".join(lines))
    return "\n\n".join(parts)
