"""Homework: the therapist's /assign wizard, the client's /homework, reminders' words and buttons, and
the therapist's notice when an item is done — who and which exercise, never the client's words."""

from __future__ import annotations

import secrets
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from bot.conversation.access import client_label, is_therapist, linked_client, linked_clients
from bot.conversation.available_flows import available_flows
from bot.conversation.callback_data import MenuButton, encode
from bot.conversation.flow_library import FlowLibrary
from bot.conversation.messages import ButtonSpec, Keyboard, Notify, Reply, Send
from bot.conversation.texts import language_of, ui
from bot.conversation.therapist.texts import tt
from bot.flowspec.texts import localize
from bot.storage import Person, UnitOfWork
from bot.storage.records import DueReminder
from bot.therapist.schedule import occurrences, parse_due_date, parse_local_time

if TYPE_CHECKING:
    from bot.conversation.turn import Turn

WIZARD = "assign"
SNOOZE = timedelta(hours=1)
TIMES = ("3", "5", "7", "10", "14")
REMIND_AT = ("0800", "1200", "1800", "2000")
DUE_IN_DAYS = ("0", "1", "3", "7")


def _b(label: str, menu: str, arg: str = "") -> ButtonSpec:
    return ButtonSpec(label, encode(MenuButton(menu, arg)))


def _wb(label: str, state: dict[str, Any], answer: str) -> ButtonSpec:
    """A button of the wizard's current question. It names the dialog and the question it belongs to, so a
    button of an older /assign, or of a question already answered, can never act on the wizard as it is now."""
    return _b(label, "asg", f"{state['id']}.{state['q']}.{answer}")


def _stale(turn: Turn) -> list[Reply]:
    return [Send(turn.chat_id, ui("stale_menu", turn.language))]


def _local_today(person: Person, at: float) -> date:
    return datetime.fromtimestamp(at, ZoneInfo(person.timezone)).date()


# --- the therapist's wizard ----------------------------------------------------------------------

async def start_wizard(turn: Turn) -> list[Reply]:
    if not is_therapist(turn.person):
        return [Send(turn.chat_id, tt("therapists_only", turn.language))]
    clients = await linked_clients(turn.tx, turn.person)
    if not clients:
        return [Send(turn.chat_id, tt("no_clients", turn.language))]
    state: dict[str, Any] = {"stage": "client", "id": secrets.token_urlsafe(6), "q": 1}
    await turn.tx.dialogs.put(turn.person.id, WIZARD, state)
    rows = tuple((_wb(client_label(c, turn.language), state, f"c.{c.id}"),) for c in clients)
    return [Send(turn.chat_id, tt("assign_client", turn.language), rows)]


async def start_wizard_for(turn: Turn, library: FlowLibrary, client_id: int) -> list[Reply]:
    """/assign with the client already chosen (the Assign button of a client's card)."""
    if not is_therapist(turn.person):
        return [Send(turn.chat_id, tt("therapists_only", turn.language))]
    state: dict[str, Any] = {"stage": "client", "id": secrets.token_urlsafe(6), "q": 1}
    return await _chose_client(turn, library, state, client_id)


async def wizard_button(turn: Turn, library: FlowLibrary, arg: str) -> list[Reply]:
    dialog = await turn.tx.dialogs.get(turn.person.id)
    dialog_id, _, rest = arg.partition(".")
    question, _, answer = rest.partition(".")
    if not is_therapist(turn.person) or dialog is None or dialog.kind != WIZARD or \
            dialog.state.get("id") != dialog_id or str(dialog.state.get("q")) != question:
        return _stale(turn)
    state = dict(dialog.state)
    kind, _, value = answer.partition(".")
    if kind == "x":
        await turn.tx.dialogs.clear(turn.person.id)
        return [Send(turn.chat_id, tt("assign_cancelled", turn.language))]
    if kind == "c" and value.isdigit():
        return await _chose_client(turn, library, state, int(value))
    if kind == "f":
        return await _chose_flow(turn, library, state, value)
    if kind == "s" and value in ("once", "daily", "weekly"):
        state.update(schedule=value, times=1 if value == "once" else None)
        return await _next_question(turn, library, state)
    if kind == "n" and value in TIMES:
        state["times"] = int(value)
        return await _next_question(turn, library, state)
    if kind == "d" and value in DUE_IN_DAYS:
        state["first_due_on"] = await _client_today_plus(turn, state, int(value))
        return await _next_question(turn, library, state)
    if kind == "t" and value in REMIND_AT:
        state["remind_at"] = f"{value[:2]}:{value[2:]}"
        return await _next_question(turn, library, state)
    if kind == "nonote":
        state["note"] = ""
        return await _next_question(turn, library, state)
    if kind == "ok" and state.get("stage") == "confirm":
        return await _assign(turn, library, state)
    return [Send(turn.chat_id, tt("wizard_expired", turn.language))]


async def wizard_text(turn: Turn, library: FlowLibrary, text: str) -> list[Reply]:
    """Typed answers: a due date, a reminder time, or the note."""
    dialog = await turn.tx.dialogs.get(turn.person.id)
    assert dialog is not None
    state = dict(dialog.state)
    stage = state.get("stage")
    try:
        if stage == "due":
            today = date.fromisoformat(await _client_today_plus(turn, state, 0))
            state["first_due_on"] = parse_due_date(text, today).isoformat()
        elif stage == "time":
            state["remind_at"] = parse_local_time(text).strftime("%H:%M")
        elif stage == "note":
            state["note"] = text.strip()[:1000]
        else:
            return [Send(turn.chat_id, tt("use_buttons", turn.language))]
    except ValueError:
        return [Send(turn.chat_id, tt(f"bad_{stage}", turn.language))]
    return await _next_question(turn, library, state)


async def _chose_client(turn: Turn, library: FlowLibrary, state: dict[str, Any], client_id: int) -> list[Reply]:
    client = await linked_client(turn.tx, turn.person, client_id)
    if client is None:
        return [Send(turn.chat_id, tt("not_your_client", turn.language))]
    state.update(stage="flow", client_id=client_id, q=state["q"] + 1)
    await turn.tx.dialogs.put(turn.person.id, WIZARD, state)
    flows = await available_flows(turn.tx, library, client)
    rows = tuple((_wb(localize(a.flow.title, turn.language), state, f"f.{fid}"),) for fid, a in flows.items())
    return [Send(turn.chat_id, tt("assign_flow", turn.language, client=client_label(client, turn.language)), rows)]


async def _chose_flow(turn: Turn, library: FlowLibrary, state: dict[str, Any], flow_id: str) -> list[Reply]:
    client = await linked_client(turn.tx, turn.person, int(state.get("client_id", 0)))
    if client is None or flow_id not in await available_flows(turn.tx, library, client):
        return [Send(turn.chat_id, tt("wizard_expired", turn.language))]
    state.update(flow_id=flow_id)
    return await _next_question(turn, library, state)


async def _client_today_plus(turn: Turn, state: dict[str, Any], days: int) -> str:
    client = await turn.tx.people.get(int(state.get("client_id", 0)))
    zone = client.timezone if client else "UTC"
    today = datetime.fromtimestamp(turn.at, ZoneInfo(zone)).date()
    return (today + timedelta(days=days)).isoformat()


async def _next_question(turn: Turn, library: FlowLibrary, state: dict[str, Any]) -> list[Reply]:
    """Asks the first thing the wizard does not know yet; the buttons of every earlier question go stale."""
    lang = turn.language
    state.setdefault("id", secrets.token_urlsafe(6))  # a wizard begun before dialogs were named
    state["q"] = int(state.get("q", 0)) + 1
    if "schedule" not in state:
        stage, text = "schedule", tt("assign_schedule", lang)
        keyboard: Keyboard = (tuple(_wb(tt(s, lang), state, f"s.{s}") for s in ("once", "daily", "weekly")),)
    elif state.get("times") is None:
        stage, text = "times", tt("assign_times", lang)
        keyboard = (tuple(_wb(n, state, f"n.{n}") for n in TIMES),)
    elif "first_due_on" not in state:
        stage, text = "due", tt("assign_due" if state["schedule"] == "once" else "assign_first", lang)
        keyboard = (tuple(_wb(tt(f"in_days_{d}", lang), state, f"d.{d}") for d in DUE_IN_DAYS),)
    elif "remind_at" not in state:
        stage, text = "time", tt("assign_time", lang)
        keyboard = (tuple(_wb(f"{t[:2]}:{t[2:]}", state, f"t.{t}") for t in REMIND_AT),)
    elif "note" not in state:
        stage, text = "note", tt("assign_note", lang)
        keyboard = ((_wb(tt("no_note", lang), state, "nonote"),),)
    else:
        stage, text = "confirm", await _summary(turn, library, state)
        keyboard = ((_wb(tt("assign_ok", lang), state, "ok"), _wb(tt("assign_cancel", lang), state, "x")),)
    state["stage"] = stage
    await turn.tx.dialogs.put(turn.person.id, WIZARD, state)
    return [Send(turn.chat_id, text, keyboard)]


async def _summary(turn: Turn, library: FlowLibrary, state: dict[str, Any]) -> str:
    client = await turn.tx.people.get(int(state["client_id"]))
    title = await _flow_title(turn.tx, library, client, state["flow_id"], turn.language)
    label = client_label(client, turn.language) if client else "?"
    return tt("assign_confirm", turn.language, client=label, flow=title,
              schedule=tt(state["schedule"], turn.language), times=int(state["times"]), due=state["first_due_on"],
              time=state["remind_at"], zone=client.timezone if client else "UTC",
              note=_escape(state["note"]) or "—")


async def _assign(turn: Turn, library: FlowLibrary, state: dict[str, Any]) -> list[Reply]:
    client = await linked_client(turn.tx, turn.person, int(state["client_id"]))
    if client is None:
        return [Send(turn.chat_id, tt("not_your_client", turn.language))]
    first_due = date.fromisoformat(state["first_due_on"])
    remind_at = parse_local_time(state["remind_at"])
    plan = occurrences(state["schedule"], int(state["times"]), first_due, remind_at, client.timezone)
    await turn.tx.homework.assign(turn.person.id, client.id, state["flow_id"], state["schedule"],
                                  int(state["times"]), first_due, remind_at, client.timezone,
                                  state["note"] or None, plan)
    await turn.tx.dialogs.clear(turn.person.id)
    client_language = language_of(client)
    title = await _flow_title(turn.tx, library, client, state["flow_id"], client_language)
    note = tt("note_line", client_language, note=_escape(state["note"])) if state["note"] else ""
    return [Send(turn.chat_id, tt("assigned", turn.language, client=client_label(client, turn.language))),
            Notify(client.telegram_id, tt("new_homework", client_language, flow=title, due=plan[0][0].isoformat(),
                                          time=state["remind_at"], times=len(plan)) + note)]


# --- the client's side ---------------------------------------------------------------------------

async def homework_list(turn: Turn, library: FlowLibrary) -> list[Reply]:
    items = await turn.tx.homework.open_items_for_client(turn.person.id)
    if not items:
        return [Send(turn.chat_id, tt("no_homework", turn.language))]
    lines = [tt("homework_title", turn.language)]
    rows = []
    for item in items[:10]:
        title = await _flow_title(turn.tx, library, turn.person, item.flow_id, turn.language)
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
    note = tt("note_line", language, note=_escape(due.note)) if due.note else ""
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
    title = await _flow_title(tx, library, client, item.flow_id, language)
    changes = [f"{measure}: {before:g} → {after:g}" for measure, (before, after) in ratings.items()
               if before is not None and after is not None]
    text = tt("completed_notice", language, client=client_label(client, language), flow=title,
              due=item.due_on.isoformat())
    if changes:
        text += "\n" + "; ".join(changes)
    return [Notify(therapist.telegram_id, text)]


async def _flow_title(tx: UnitOfWork, library: FlowLibrary, person: Person | None, flow_id: str,
                      language: str) -> str:
    flow = library.current(flow_id)
    if flow is None and person is not None:
        found = (await available_flows(tx, library, person)).get(flow_id)
        flow = found.flow if found else None
    return localize(flow.title, language) if flow else flow_id


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
