"""One template to several clients at once: a picker that marks the chosen clients with ✓ (edited in place
with each tap), then one confirmation. Each client gets the homework in their own time zone and is told in
their own language."""

from __future__ import annotations

import html
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from bot.conversation.access import client_html, linked_client, linked_clients, named_clients
from bot.conversation.available_flows import available_flows
from bot.conversation.flow_library import FlowLibrary
from bot.conversation.messages import ButtonSpec, Keyboard, Reply, Send
from bot.conversation.therapist import picker
from bot.conversation.therapist.flow_titles import flow_title
from bot.conversation.therapist.homework_notices import client_today, told_of_new_homework
from bot.conversation.therapist.homework_texts import ht
from bot.conversation.therapist.texts import tt
from bot.conversation.therapist.wizard_view import finish, new_state, show, stale, wizard_button
from bot.storage import HomeworkTemplate
from bot.therapist.schedule import occurrences

if TYPE_CHECKING:
    from bot.conversation.turn import Turn

MARK = "✓ "


def describe(template: HomeworkTemplate, title: str, language: str) -> dict[str, str]:
    """The template's exercise, schedule, first day and time, in words."""
    schedule = ht("schedule_once", language) if template.schedule == "once" else \
        ht("schedule_times", language, schedule=tt(template.schedule, language), times=template.times)
    days = template.due_in_days
    due = ht("due_today", language) if days == 0 else ht("due_tomorrow", language) if days == 1 else \
        ht("due_in", language, days=days)
    return {"flow": title, "schedule": schedule, "due": due, "time": template.remind_at.strftime("%H:%M")}


async def start(turn: Turn, library: FlowLibrary, template: HomeworkTemplate) -> list[Reply]:
    if not await linked_clients(turn.tx, turn.person):
        return [Send(turn.chat_id, tt("no_clients", turn.language))]
    state = new_state(mode="bulk", template_id=template.id, picked=[])
    return await _pick(turn, library, state, template)


async def search(turn: Turn, library: FlowLibrary, state: dict[str, Any], text: str) -> list[Reply]:
    """Part of a name typed while clients are being picked: the list narrows to it (what is picked stays)."""
    template = await turn.tx.templates.get(int(state.get("template_id", 0)))
    if template is None or template.therapist_id != turn.person.id:
        await turn.tx.dialogs.clear(turn.person.id)
        return finish(turn, ht("template_gone", turn.language))
    state.update(query=text.strip()[:64], page=0)
    return await _pick(turn, library, state, template)


async def on_button(turn: Turn, library: FlowLibrary, state: dict[str, Any], kind: str, value: str) -> list[Reply]:
    template = await turn.tx.templates.get(int(state.get("template_id", 0)))
    if template is None or template.therapist_id != turn.person.id:
        await turn.tx.dialogs.clear(turn.person.id)
        return finish(turn, ht("template_gone", turn.language))
    picked: list[int] = [int(c) for c in state.get("picked", [])]
    state["warn"] = False
    if kind == "p" and value.isdigit() and state.get("stage") == "pick":
        client_id = int(value)
        state["picked"] = [c for c in picked if c != client_id] if client_id in picked else [*picked, client_id]
    elif kind == "all" and state.get("stage") == "pick":
        state["picked"] = [c.id for c in await linked_clients(turn.tx, turn.person)]
    elif kind == "none" and state.get("stage") == "pick":
        state["picked"] = []
    elif kind == "pg" and value.isdigit() and state.get("stage") == "pick":
        state["page"] = int(value)
    elif kind == "next" and state.get("stage") == "pick":
        if picked:
            return await _confirm(turn, library, state, template)
        state["warn"] = True
    elif kind == "ok" and state.get("stage") == "confirm":
        return await _assign_all(turn, library, template, picked)
    elif kind != "back":
        return stale(turn)
    return await _pick(turn, library, state, template)


async def _pick(turn: Turn, library: FlowLibrary, state: dict[str, Any], template: HomeworkTemplate) -> list[Reply]:
    lang = turn.language
    state["stage"] = "pick"
    named = await named_clients(turn.tx, turn.person, lang)
    clients = [c for c, _ in named]
    picked = {int(c) for c in state.get("picked", [])} & {c.id for c in clients}
    state["picked"] = [c.id for c in clients if c.id in picked]
    query = str(state.get("query", ""))
    found = picker.narrow(named, query)
    shown, page, pages = picker.page_of(found, int(state.get("page", 0)))
    state["page"] = page
    rows: list[tuple[ButtonSpec, ...]] = [
        (wizard_button((MARK if c.id in picked else "") + label, state, f"p.{c.id}"),) for c, label in shown
    ]
    nav = picker.nav_row(page, pages, lang, lambda label, to: wizard_button(label, state, f"pg.{to}"))
    if nav:
        rows.append(nav)
    everyone = len(picked) == len(clients)
    toggle_all = ("pick_none", "none") if everyone else ("pick_all", "all")
    rows.append((wizard_button(ht(toggle_all[0], lang), state, toggle_all[1]),))
    rows.append((wizard_button(ht("pick_next", lang, count=len(picked)), state, "next"),
                 wizard_button(tt("assign_cancel", lang), state, "x")))
    title = await flow_title(turn.tx, library, turn.person, template.flow_id, lang)
    text = ht("pick_clients", lang, **describe(template, title, lang))
    hint = picker.search_hint(len(named), query, len(found), lang)
    if hint:
        text += f"\n\n<i>{hint}</i>"
    if state.get("warn"):
        text += "\n\n" + ht("pick_at_least_one", lang)
    keyboard: Keyboard = tuple(rows)
    return await show(turn, state, text, keyboard)


async def _confirm(turn: Turn, library: FlowLibrary, state: dict[str, Any], template: HomeworkTemplate) -> list[Reply]:
    lang = turn.language
    state["stage"] = "confirm"
    names = [html.escape(label, quote=False) for c, label in await named_clients(turn.tx, turn.person, lang)
             if c.id in state["picked"]]
    title = await flow_title(turn.tx, library, turn.person, template.flow_id, lang)
    text = ht("bulk_confirm", lang, count=len(names), clients=", ".join(names), **describe(template, title, lang))
    keyboard = ((wizard_button(tt("assign_ok", lang), state, "ok"), wizard_button(ht("back", lang), state, "back")),
                (wizard_button(tt("assign_cancel", lang), state, "x"),))
    return await show(turn, state, text, keyboard)


async def _assign_all(turn: Turn, library: FlowLibrary, template: HomeworkTemplate, picked: list[int]) -> list[Reply]:
    lang = turn.language
    told: list[Reply] = []
    skipped: list[str] = []
    for client_id in picked:
        client = await linked_client(turn.tx, turn.person, client_id)
        if client is None or template.flow_id not in await available_flows(turn.tx, library, client):
            if client is not None:
                skipped.append(await client_html(turn.tx, turn.person.id, client, lang))
            continue
        first_due = client_today(client, turn.at) + timedelta(days=template.due_in_days)
        plan = occurrences(template.schedule, template.times, first_due, template.remind_at, client.timezone)
        assignment, _ = await turn.tx.homework.assign(
            turn.person.id, client.id, template.flow_id, template.schedule, template.times, first_due,
            template.remind_at, client.timezone, template.note, plan)
        told.append(await told_of_new_homework(turn.tx, library, client, assignment, plan[0][0]))
    await turn.tx.dialogs.clear(turn.person.id)
    title = await flow_title(turn.tx, library, turn.person, template.flow_id, lang)
    text = ht("bulk_done", lang, flow=title, count=len(told))
    if skipped:
        text += "\n" + ht("bulk_skipped", lang, clients=", ".join(skipped))
    return [*finish(turn, text), *told]
