"""/templates: a therapist's saved homework. Saved from a confirmed assignment with one tap, listed with a
button to assign each (to one or several clients) and one to delete it."""

from __future__ import annotations

from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from bot.conversation.access import client_html, is_therapist
from bot.conversation.callback_data import MenuButton, encode
from bot.conversation.flow_library import FlowLibrary
from bot.conversation.messages import ButtonSpec, EditMessage, Keyboard, Reply, Send
from bot.conversation.therapist import bulk_assign
from bot.conversation.therapist.flow_titles import flow_title
from bot.conversation.therapist.homework_texts import ht
from bot.conversation.therapist.texts import tt
from bot.conversation.therapist.wizard_view import finish, pressed_message

if TYPE_CHECKING:
    from bot.conversation.turn import Turn

MENU = "tpl"


def _b(label: str, arg: str) -> ButtonSpec:
    return ButtonSpec(label, encode(MenuButton(MENU, arg)))


async def list_templates(turn: Turn, library: FlowLibrary) -> list[Reply]:
    """The list; in place of the message whose button asked for it (after a deletion)."""
    lang = turn.language
    if not is_therapist(turn.person):
        return [Send(turn.chat_id, tt("therapists_only", lang))]
    templates = await turn.tx.templates.for_therapist(turn.person.id)
    lines = [ht("templates_title", lang) if templates else ht("templates_none", lang)]
    rows: list[tuple[ButtonSpec, ...]] = []
    for number, template in enumerate(templates, 1):
        title = await flow_title(turn.tx, library, turn.person, template.flow_id, lang)
        note = ht("template_has_note", lang) if template.note else ""
        lines.append(ht("template_line", lang, number=number, note=note,
                        **bulk_assign.describe(template, title, lang)))
        rows.append((_b(ht("template_assign", lang, number=number), f"a.{template.id}"),
                     _b(ht("template_delete", lang, number=number), f"d.{template.id}")))
    keyboard: Keyboard = tuple(rows)
    pressed = pressed_message(turn)
    if pressed is None:
        return [Send(turn.chat_id, "\n".join(lines), keyboard)]
    return [EditMessage(turn.chat_id, pressed, "\n".join(lines), keyboard)]


async def on_button(turn: Turn, library: FlowLibrary, arg: str) -> list[Reply]:
    kind, _, value = arg.partition(".")
    if not is_therapist(turn.person) or not value.isdigit():
        return [Send(turn.chat_id, ui_stale(turn))]
    if kind == "s":
        return await _save_from_assignment(turn, int(value))
    template = await turn.tx.templates.get(int(value))
    if template is None or template.therapist_id != turn.person.id:
        return [Send(turn.chat_id, ht("template_gone", turn.language))]
    if kind == "a":
        return await bulk_assign.start(turn, library, template)
    if kind == "d":
        await turn.tx.templates.delete(template.id)
        return await list_templates(turn, library)
    return [Send(turn.chat_id, ui_stale(turn))]


def ui_stale(turn: Turn) -> str:
    return ht("wizard_stale", turn.language)


async def _save_from_assignment(turn: Turn, assignment_id: int) -> list[Reply]:
    """Under "Assigned": the assignment's exercise, schedule, time and note become a template. Its first day
    is kept as days after the day it was given (0: the same day)."""
    assignment = await turn.tx.homework.get_assignment(assignment_id)
    if assignment is None or assignment.therapist_id != turn.person.id:
        return [Send(turn.chat_id, ht("no_longer_live", turn.language))]
    given_on = assignment.created_at.astimezone(ZoneInfo(assignment.timezone)).date()
    await turn.tx.templates.save(
        turn.person.id, assignment.flow_id, assignment.schedule,
        1 if assignment.schedule == "once" else assignment.times,
        max(0, (assignment.first_due_on - given_on).days), assignment.remind_at, assignment.note)
    client = await turn.tx.people.get(assignment.client_id)
    name = await client_html(turn.tx, turn.person.id, client, turn.language) if client else ""
    assigned = tt("assigned", turn.language, client=name) if client else ""
    return finish(turn, f"{assigned}\n{ht('template_saved', turn.language)}".strip())
