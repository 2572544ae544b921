"""Homework: the therapist's /assign wizard (assign_wizard.py), the client's /homework, reminders' words and
buttons, and the therapist's notice when an item is done — who and which exercise, never the client's words."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from bot.conversation.access import client_html
from bot.conversation.callback_data import MenuButton, encode
from bot.conversation.flow_library import FlowLibrary
from bot.conversation.messages import ButtonSpec, Keyboard, Notify, Reply, Send
from bot.conversation.texts import language_of, ui
from bot.conversation.therapist import assign_wizard, wizard_view
from bot.conversation.therapist.flow_titles import escape, flow_title
from bot.conversation.therapist.texts import tt
from bot.flowspec.texts import localize
from bot.storage import Person, UnitOfWork
from bot.storage.records import DueReminder

if TYPE_CHECKING:
    from bot.conversation.turn import Turn

WIZARD = wizard_view.WIZARD
SNOOZE = timedelta(hours=1)


def _b(label: str, menu: str, arg: str = "") -> ButtonSpec:
    return ButtonSpec(label, encode(MenuButton(menu, arg)))


# --- the therapist's wizard (assign_wizard.py) -------------------------------------------------------

async def start_wizard(turn: Turn) -> list[Reply]:
    return await assign_wizard.start(turn)


async def start_wizard_for(turn: Turn, library: FlowLibrary, client_id: int) -> list[Reply]:
    """/assign with the client already chosen (the Assign button of a client's card)."""
    return await assign_wizard.start_for_client(turn, library, client_id)


async def wizard_button(turn: Turn, library: FlowLibrary, arg: str) -> list[Reply]:
    return await assign_wizard.on_button(turn, library, arg)


async def wizard_text(turn: Turn, library: FlowLibrary, text: str) -> list[Reply]:
    return await assign_wizard.on_text(turn, library, text)


# --- the client's side ---------------------------------------------------------------------------

async def homework_list(turn: Turn, library: FlowLibrary) -> list[Reply]:
    items = await turn.tx.homework.open_items_for_client(turn.person.id)
    if not items:
        return [Send(turn.chat_id, tt("no_homework", turn.language))]
    lines = [tt("homework_title", turn.language)]
    rows = []
    for item in items[:10]:
        title = await flow_title(turn.tx, library, turn.person, item.flow_id, turn.language)
        started = tt("in_progress_mark", turn.language) if item.session_id else ""
        lines.append(f"• {title} — {tt('due', turn.language, due=item.due_on.isoformat())}{started}")
        rows.append((_b(tt("start_item", turn.language, flow=title)[:60], "hw", str(item.id)),))
    return [Send(turn.chat_id, "\n".join(lines), tuple(rows))]


async def own_open_item(turn: Turn, item_id: int) -> int | None:
    item = await turn.tx.homework.get_item(item_id)
    if item is None or item.client_id != turn.person.id or item.completed_at is not None:
        return None
    return item.id


async def snooze(turn: Turn, item_id: int) -> list[Reply]:
    if await own_open_item(turn, item_id) is None:
        return [Send(turn.chat_id, ui("item_gone", turn.language))]
    await turn.tx.homework.snooze(item_id, datetime.fromtimestamp(turn.at, UTC) + SNOOZE)
    return [Send(turn.chat_id, tt("snoozed", turn.language))]


def reminder_message(library: FlowLibrary, due: DueReminder) -> tuple[str, Keyboard]:
    language = language_of(due)
    flow = library.current(due.flow_id)
    title = localize(flow.title, language) if flow else due.flow_id
    note = tt("note_line", language, note=escape(due.note)) if due.note else ""
    keyboard: Keyboard = ((_b(tt("start", language), "hw", str(due.item_id)),
                           _b(tt("snooze", language), "snooze", str(due.item_id))),)
    return tt("reminder", language, flow=title, due=due.due_on.isoformat()) + note, keyboard


async def completion_notice(tx: UnitOfWork, library: FlowLibrary, session_id: int, client: Person,
                            ratings: dict[str, tuple[float | None, float | None]]) -> list[Reply]:
    item = await tx.homework.complete_by_session(session_id)
    if item is None:
        return []
    assignment = await tx.homework.get_assignment(item.assignment_id)
    therapist = await tx.people.get(assignment.therapist_id) if assignment else None
    if therapist is None or not await tx.links.is_linked(therapist.id, client.id):
        return []
    language = language_of(therapist)
    title = await flow_title(tx, library, client, item.flow_id, language)
    changes = [f"{measure}: {before:g} → {after:g}" for measure, (before, after) in ratings.items()
               if before is not None and after is not None]
    text = tt("completed_notice", language, client=await client_html(tx, therapist.id, client, language), flow=title,
              due=item.due_on.isoformat())
    if changes:
        text += "\n" + "; ".join(changes)
    return [Notify(therapist.telegram_id, text)]
