"""A client's homework as their therapist sees it: what is going on, with a button to change or cancel each
assignment and one to assign something new. Reached from /assign (after choosing the client) or
/assignments."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from bot.conversation.access import client_html, is_therapist, linked_client, named_clients
from bot.conversation.callback_data import MenuButton, encode
from bot.conversation.flow_library import FlowLibrary
from bot.conversation.messages import ButtonSpec, EditMessage, Keyboard, Reply, Send
from bot.conversation.therapist import picker
from bot.conversation.therapist.flow_titles import flow_title
from bot.conversation.therapist.homework_texts import ht
from bot.conversation.therapist.texts import tt
from bot.conversation.therapist.wizard_view import pressed_message

if TYPE_CHECKING:
    from bot.conversation.turn import Turn


def _b(label: str, menu: str, arg: str) -> ButtonSpec:
    return ButtonSpec(label, encode(MenuButton(menu, arg)))


async def choose_client(turn: Turn) -> list[Reply]:
    """/assignments: whose homework to show."""
    if not is_therapist(turn.person):
        return [Send(turn.chat_id, tt("therapists_only", turn.language))]
    clients = await named_clients(turn.tx, turn.person, turn.language)
    if not clients:
        return [Send(turn.chat_id, tt("no_clients", turn.language))]
    return [await picker.show(turn, picker.Picker("hwl", ht("choose_client_list", turn.language)), clients)]


async def list_button(turn: Turn, library: FlowLibrary, arg: str) -> list[Reply]:
    if not arg.isdigit():
        return [Send(turn.chat_id, tt("not_your_client", turn.language))]
    return await client_homework(turn, library, int(arg))


async def client_homework(turn: Turn, library: FlowLibrary, client_id: int) -> list[Reply]:
    """The assignments still going on (something ahead of them), newest first; shown in place of the
    message whose button asked for it."""
    lang = turn.language
    client = await linked_client(turn.tx, turn.person, client_id)
    if client is None:
        return [Send(turn.chat_id, tt("not_your_client", lang))]
    today = datetime.fromtimestamp(turn.at, ZoneInfo(client.timezone)).date()
    items = await turn.tx.homework.items_for(turn.person.id, client.id)
    name = await client_html(turn.tx, turn.person.id, client, lang)
    lines = [ht("list_title", lang, client=name)]
    rows: list[tuple[ButtonSpec, ...]] = []
    for assignment in await turn.tx.homework.assignments_for(turn.person.id, client.id):
        own = [i for i in items if i.assignment_id == assignment.id]
        ahead = [i for i in own if i.completed_at is None and i.session_id is None and i.due_on >= today]
        if assignment.cancelled_at is not None or not ahead:
            continue
        title = await flow_title(turn.tx, library, client, assignment.flow_id, lang)
        lines.append(ht("list_line", lang, flow=title, schedule=tt(assignment.schedule, lang),
                        done=sum(1 for i in own if i.completed_at is not None), times=assignment.times,
                        due=ahead[0].due_on.isoformat(), time=assignment.remind_at.strftime("%H:%M")))
        rows.append((_b(ht("list_edit", lang, flow=title)[:60], "hwe", str(assignment.id)),
                     _b(ht("list_cancel", lang, flow=title)[:60], "hwe", f"{assignment.id}.x")))
    if len(lines) == 1:
        lines = [ht("list_none", lang, client=name)]
    rows.append((_b(ht("list_new", lang), "hwn", str(client.id)),))
    keyboard: Keyboard = tuple(rows)
    pressed = pressed_message(turn)
    if pressed is None:
        return [Send(turn.chat_id, "\n".join(lines), keyboard)]
    return [EditMessage(turn.chat_id, pressed, "\n".join(lines), keyboard)]
