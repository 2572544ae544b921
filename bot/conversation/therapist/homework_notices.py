"""What a client is told when homework is given to them, in their language; and the client's today, by which
homework is due."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from bot.conversation.flow_library import FlowLibrary
from bot.conversation.messages import Notify
from bot.conversation.texts import language_of
from bot.conversation.therapist.flow_titles import escape, flow_title
from bot.conversation.therapist.texts import tt
from bot.storage import Assignment, Person, UnitOfWork


async def told_of_new_homework(tx: UnitOfWork, library: FlowLibrary, client: Person, assignment: Assignment,
                               first_due: date) -> Notify:
    language = language_of(client)
    title = await flow_title(tx, library, client, assignment.flow_id, language)
    note = tt("note_line", language, note=escape(assignment.note)) if assignment.note else ""
    return Notify(client.telegram_id, tt("new_homework", language, flow=title, due=first_due.isoformat(),
                                         time=assignment.remind_at.strftime("%H:%M"), times=assignment.times) + note)


def client_today(client: Person | None, at: float) -> date:
    return datetime.fromtimestamp(at, ZoneInfo(client.timezone if client else "UTC")).date()
