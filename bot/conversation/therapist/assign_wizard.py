"""The /assign wizard, in one message: client → exercise → a confirmation showing the defaults (once, today,
20:00, no note) with Assign / Change…. The same views change or cancel homework already given, repeat a
client's last assignment, or start from a saved template."""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from bot.conversation.access import client_html, is_therapist, linked_client, named_clients
from bot.conversation.available_flows import available_flows
from bot.conversation.callback_data import MenuButton, encode
from bot.conversation.flow_library import FlowLibrary
from bot.conversation.messages import ButtonSpec, Keyboard, Notify, Reply, Send
from bot.conversation.texts import language_of
from bot.conversation.therapist import bulk_assign, picker
from bot.conversation.therapist.flow_titles import escape, flow_title
from bot.conversation.therapist.homework_changes import client_homework
from bot.conversation.therapist.homework_notices import client_today, told_of_new_homework
from bot.conversation.therapist.homework_texts import ht
from bot.conversation.therapist.texts import tt
from bot.conversation.therapist.wizard_view import WIZARD, finish, new_state, show, stale, wizard_button
from bot.flowspec.texts import localize
from bot.storage import Assignment, Person
from bot.therapist.schedule import occurrences, parse_due_date, parse_local_time

if TYPE_CHECKING:
    from bot.conversation.turn import Turn

DEFAULT_TIME = "20:00"
TIMES = ("3", "5", "7", "10", "14")
REMIND_AT = ("0800", "1200", "1800", "2000")
DUE_IN_DAYS = ("0", "1", "3", "7")


# --- entry points --------------------------------------------------------------------------------

async def start(turn: Turn) -> list[Reply]:
    if not is_therapist(turn.person):
        return [Send(turn.chat_id, tt("therapists_only", turn.language))]
    clients = await named_clients(turn.tx, turn.person, turn.language)
    if not clients:
        return [Send(turn.chat_id, tt("no_clients", turn.language))]
    return await _client_page(turn, new_state(mode="new", stage="client"), clients)


async def _client_page(turn: Turn, state: dict[str, Any], clients: list[tuple[Person, str]] | None = None,
                       page: int = 0, query: str = "") -> list[Reply]:
    """The client step: eight clients a page with ‹ ›, narrowed by a name typed (picker.py)."""
    everyone = clients if clients is not None else await named_clients(turn.tx, turn.person, turn.language)
    found = picker.narrow(everyone, query)
    shown, page, pages = picker.page_of(found, page)
    state.update(page=page, query=query)
    rows: list[tuple[ButtonSpec, ...]] = [(wizard_button(label, state, f"c.{c.id}"),) for c, label in shown]
    nav = picker.nav_row(page, pages, turn.language, lambda label, to: wizard_button(label, state, f"pg.{to}"))
    if nav:
        rows.append(nav)
    hint = picker.search_hint(len(everyone), query, len(found), turn.language)
    text = tt("assign_client", turn.language) + (f"\n\n<i>{hint}</i>" if hint else "")
    return await show(turn, state, text, tuple(rows))


async def _name(turn: Turn, client: Person | None) -> str:
    """The client's name as this therapist sees it, for a message."""
    return "?" if client is None else await client_html(turn.tx, turn.person.id, client, turn.language)


async def start_for_client(turn: Turn, library: FlowLibrary, client_id: int) -> list[Reply]:
    """"Assign new" under a client's homework list: straight to the exercises."""
    return await _chose_client(turn, library, new_state(mode="new"), client_id)


async def start_edit(turn: Turn, library: FlowLibrary, assignment_id: int, cancelling: bool) -> list[Reply]:
    """Changing (or cancelling) an assignment: the confirmation view, filled with what it is now. What can
    change is what is still ahead: items done, begun, or already past their day stay as they are."""
    assignment = await turn.tx.homework.get_assignment(assignment_id)
    client = await _owned_live(turn, assignment)
    if assignment is None or client is None:
        return [Send(turn.chat_id, ht("no_longer_live", turn.language))]
    today = client_today(client, turn.at)
    items = [i for i in await turn.tx.homework.items_for(turn.person.id, client.id) if i.assignment_id == assignment.id]
    ahead = [i for i in items if i.completed_at is None and i.session_id is None and i.due_on >= today]
    if not ahead:
        return [Send(turn.chat_id, ht("no_longer_live", turn.language))]
    state = new_state(mode="edit", assignment_id=assignment.id, client_id=client.id, flow_id=assignment.flow_id,
                      schedule=assignment.schedule, times=len(ahead), first_due_on=ahead[0].due_on.isoformat(),
                      remind_at=assignment.remind_at.strftime("%H:%M"), note=assignment.note or "",
                      done=sum(1 for i in items if i.completed_at is not None))
    return await (_ask_cancel(turn, library, state) if cancelling else _confirm(turn, library, state))


async def on_button(turn: Turn, library: FlowLibrary, arg: str) -> list[Reply]:
    dialog = await turn.tx.dialogs.get(turn.person.id)
    dialog_id, _, rest = arg.partition(".")
    question, _, answer = rest.partition(".")
    if not is_therapist(turn.person) or dialog is None or dialog.kind != WIZARD or \
            dialog.state.get("id") != dialog_id or str(dialog.state.get("q")) != question:
        return stale(turn)
    state = dict(dialog.state)
    state["q"] = int(state.get("q", 0)) + 1  # the buttons now on screen are the only live ones
    kind, _, value = answer.partition(".")
    if kind == "x":
        await turn.tx.dialogs.clear(turn.person.id)
        return finish(turn, ht("edit_kept", turn.language) if state.get("mode") == "edit"
                      else tt("assign_cancelled", turn.language))
    if state.get("mode") == "bulk":
        return await bulk_assign.on_button(turn, library, state, kind, value)
    return await _answer(turn, library, state, kind, value)


async def _answer(turn: Turn, library: FlowLibrary, state: dict[str, Any], kind: str, value: str) -> list[Reply]:
    if kind == "c" and value.isdigit():
        return await _chose_client(turn, library, state, int(value))
    if kind == "pg" and value.isdigit() and state.get("stage") == "client":
        return await _client_page(turn, state, page=int(value), query=str(state.get("query", "")))
    if kind in ("f", "r", "tp"):
        return await _chose_exercise(turn, library, state, kind, value)
    if kind == "chg":
        return await _ask_change(turn, state)
    if kind == "back":
        return await _confirm(turn, library, state)
    if kind == "e" and value in ("s", "d", "t", "note"):
        return await _ask_field(turn, state, value)
    if kind == "s" and value in ("once", "daily", "weekly"):
        state.update(schedule=value, times=1)
        return await (_confirm(turn, library, state) if value == "once" else _ask_field(turn, state, "n"))
    if kind == "n" and value in TIMES:
        state["times"] = int(value)
    elif kind == "d" and value in DUE_IN_DAYS:
        client = await turn.tx.people.get(int(state["client_id"]))
        state["first_due_on"] = (client_today(client, turn.at) + timedelta(days=int(value))).isoformat()
    elif kind == "t" and value in REMIND_AT:
        state["remind_at"] = f"{value[:2]}:{value[2:]}"
    elif kind == "nonote":
        state["note"] = ""
    elif kind == "ok" and state.get("stage") == "confirm":
        return await (_save_changes(turn, library, state) if state.get("mode") == "edit"
                      else _assign(turn, library, state))
    elif kind == "drop" and state.get("mode") == "edit":
        return await _ask_cancel(turn, library, state)
    elif kind == "dropok" and state.get("stage") == "drop":
        return await _cancel(turn, library, state)
    elif kind == "l" and state.get("client_id"):
        await turn.tx.dialogs.clear(turn.person.id)
        return await client_homework(turn, library, int(state["client_id"]))
    else:
        return stale(turn)
    return await _confirm(turn, library, state)


async def on_text(turn: Turn, library: FlowLibrary, text: str) -> list[Reply]:
    """Typed answers: a due date, a reminder time, or the note."""
    dialog = await turn.tx.dialogs.get(turn.person.id)
    assert dialog is not None
    state = dict(dialog.state)
    stage = state.get("stage")
    state["q"] = int(state.get("q", 0)) + 1
    try:
        if stage == "due":
            client = await turn.tx.people.get(int(state["client_id"]))
            state["first_due_on"] = parse_due_date(text, client_today(client, turn.at)).isoformat()
        elif stage == "time":
            state["remind_at"] = parse_local_time(text).strftime("%H:%M")
        elif stage == "note":
            state["note"] = text.strip()[:1000]
        elif stage == "client":  # part of a name: the client step, narrowed to it
            return await _client_page(turn, state, query=text.strip()[:64])
        elif stage == "pick" and state.get("mode") == "bulk":
            return await bulk_assign.search(turn, library, state, text)
        else:
            return [Send(turn.chat_id, tt("use_buttons", turn.language))]
    except ValueError:
        return [Send(turn.chat_id, tt(f"bad_{stage}", turn.language))]
    return await _confirm(turn, library, state)


# --- the views -----------------------------------------------------------------------------------

async def _chose_client(turn: Turn, library: FlowLibrary, state: dict[str, Any], client_id: int) -> list[Reply]:
    client = await linked_client(turn.tx, turn.person, client_id)
    if client is None:
        return [Send(turn.chat_id, tt("not_your_client", turn.language))]
    lang = turn.language
    state.update(stage="flow", client_id=client_id)
    flows = await available_flows(turn.tx, library, client)
    rows: list[tuple[ButtonSpec, ...]] = []
    last = await _last_assignment(turn, client_id)
    if last is not None and last.flow_id in flows:
        title = localize(flows[last.flow_id].flow.title, lang)
        rows.append((wizard_button(ht("repeat_last", lang, flow=title)[:60], state, f"r.{last.id}"),))
    for template in await turn.tx.templates.for_therapist(turn.person.id):
        if template.flow_id in flows:
            title = localize(flows[template.flow_id].flow.title, lang)
            rows.append((wizard_button(ht("from_template", lang, flow=title)[:60], state, f"tp.{template.id}"),))
    rows.extend((wizard_button(localize(a.flow.title, lang), state, f"f.{fid}"),) for fid, a in flows.items())
    rows.append((wizard_button(ht("their_homework", lang), state, "l"), wizard_button(tt("assign_cancel", lang),
                                                                                       state, "x")))
    return await show(turn, state, tt("assign_flow", lang, client=await _name(turn, client)), tuple(rows))


async def _chose_exercise(turn: Turn, library: FlowLibrary, state: dict[str, Any], kind: str,
                          value: str) -> list[Reply]:
    """An exercise with the defaults, the client's last assignment again, or a template: all go straight to
    the confirmation, due today or as the template says."""
    client = await linked_client(turn.tx, turn.person, int(state.get("client_id", 0)))
    if client is None or state.get("stage") != "flow":
        return stale(turn)
    today = client_today(client, turn.at)
    settings: dict[str, Any] = {"schedule": "once", "times": 1, "first_due_on": today.isoformat(),
                                "remind_at": DEFAULT_TIME, "note": "", "flow_id": value}
    if kind == "r" and value.isdigit():
        last = await turn.tx.homework.get_assignment(int(value))
        if last is None or last.therapist_id != turn.person.id or last.client_id != client.id:
            return stale(turn)
        settings.update(flow_id=last.flow_id, schedule=last.schedule, times=last.times,
                        remind_at=last.remind_at.strftime("%H:%M"), note=last.note or "")
    elif kind == "tp" and value.isdigit():
        template = await turn.tx.templates.get(int(value))
        if template is None or template.therapist_id != turn.person.id:
            return [Send(turn.chat_id, ht("template_gone", turn.language))]
        settings.update(flow_id=template.flow_id, schedule=template.schedule, times=template.times,
                        first_due_on=(today + timedelta(days=template.due_in_days)).isoformat(),
                        remind_at=template.remind_at.strftime("%H:%M"), note=template.note or "")
    if settings["flow_id"] not in await available_flows(turn.tx, library, client):
        return [Send(turn.chat_id, tt("wizard_expired", turn.language))]
    state.update(settings)
    return await _confirm(turn, library, state)


async def _confirm(turn: Turn, library: FlowLibrary, state: dict[str, Any]) -> list[Reply]:
    lang = turn.language
    if "flow_id" not in state or "client_id" not in state:
        return stale(turn)
    client = await turn.tx.people.get(int(state["client_id"]))
    # A draft begun by the older step-by-step wizard may lack what it had not asked yet: the defaults.
    today = client_today(client, turn.at).isoformat()
    for name, default in (("schedule", "once"), ("times", 1), ("first_due_on", today), ("remind_at", DEFAULT_TIME),
                          ("note", "")):
        state.setdefault(name, default)
    state["stage"] = "confirm"
    fields = {
        "client": await _name(turn, client),
        "flow": await flow_title(turn.tx, library, client, state["flow_id"], lang),
        "schedule": tt(state["schedule"], lang), "times": int(state["times"]), "due": state["first_due_on"],
        "time": state["remind_at"], "zone": client.timezone if client else "UTC", "note": escape(state["note"]) or "—",
    }
    keyboard: Keyboard
    if state.get("mode") == "edit":
        text = ht("edit_confirm", lang, done=int(state.get("done", 0)), **fields)
        keyboard = ((wizard_button(ht("save_changes", lang), state, "ok"),
                     wizard_button(ht("change", lang), state, "chg")),
                    (wizard_button(ht("cancel_homework", lang), state, "drop"),
                     wizard_button(tt("assign_cancel", lang), state, "x")))
    else:
        text = tt("assign_confirm", lang, **fields)
        keyboard = ((wizard_button(tt("assign_ok", lang), state, "ok"),
                     wizard_button(ht("change", lang), state, "chg")),
                    (wizard_button(tt("assign_cancel", lang), state, "x"),))
    return await show(turn, state, text, keyboard)


async def _ask_change(turn: Turn, state: dict[str, Any]) -> list[Reply]:
    lang = turn.language
    state["stage"] = "change"
    def field(name: str, code: str) -> ButtonSpec:
        return wizard_button(ht(name, lang), state, f"e.{code}")

    keyboard = ((field("field_schedule", "s"), field("field_due", "d")),
                (field("field_time", "t"), field("field_note", "note")),
                (wizard_button(ht("back", lang), state, "back"),))
    return await show(turn, state, ht("change_what", lang), keyboard)


async def _ask_field(turn: Turn, state: dict[str, Any], field: str) -> list[Reply]:
    lang = turn.language
    back = (wizard_button(ht("back", lang), state, "back"),)
    keyboard: Keyboard
    if field == "s":
        stage, text = "schedule", tt("assign_schedule", lang)
        keyboard = (tuple(wizard_button(tt(s, lang), state, f"s.{s}") for s in ("once", "daily", "weekly")), back)
    elif field == "n":
        editing = state.get("mode") == "edit"
        stage, text = "times", ht("assign_times_more", lang) if editing else tt("assign_times", lang)
        keyboard = (tuple(wizard_button(n, state, f"n.{n}") for n in TIMES), back)
    elif field == "d":
        stage, text = "due", tt("assign_due" if state["schedule"] == "once" else "assign_first", lang)
        keyboard = (tuple(wizard_button(tt(f"in_days_{d}", lang), state, f"d.{d}") for d in DUE_IN_DAYS), back)
    elif field == "t":
        stage, text = "time", tt("assign_time", lang)
        keyboard = (tuple(wizard_button(f"{t[:2]}:{t[2:]}", state, f"t.{t}") for t in REMIND_AT), back)
    else:
        stage, text = "note", tt("assign_note", lang)
        keyboard = ((wizard_button(tt("no_note", lang), state, "nonote"),), back)
    state["stage"] = stage
    return await show(turn, state, text, keyboard)


async def _ask_cancel(turn: Turn, library: FlowLibrary, state: dict[str, Any]) -> list[Reply]:
    lang = turn.language
    state["stage"] = "drop"
    client = await turn.tx.people.get(int(state["client_id"]))
    text = ht("cancel_sure", lang, flow=await flow_title(turn.tx, library, client, state["flow_id"], lang),
              client=await _name(turn, client))
    keyboard = ((wizard_button(ht("cancel_yes", lang), state, "dropok"),
                 wizard_button(ht("cancel_no", lang), state, "back")),)
    return await show(turn, state, text, keyboard)


# --- what the buttons do -------------------------------------------------------------------------

async def _assign(turn: Turn, library: FlowLibrary, state: dict[str, Any]) -> list[Reply]:
    client = await linked_client(turn.tx, turn.person, int(state["client_id"]))
    if client is None:
        return [Send(turn.chat_id, tt("not_your_client", turn.language))]
    first_due = date.fromisoformat(state["first_due_on"])
    remind_at = parse_local_time(state["remind_at"])
    plan = occurrences(state["schedule"], int(state["times"]), first_due, remind_at, client.timezone)
    assignment, _ = await turn.tx.homework.assign(
        turn.person.id, client.id, state["flow_id"], state["schedule"], int(state["times"]), first_due, remind_at,
        client.timezone, state["note"] or None, plan)
    await turn.tx.dialogs.clear(turn.person.id)
    save = ButtonSpec(ht("save_template", turn.language), encode(MenuButton("tpl", f"s.{assignment.id}")))
    return [*finish(turn, tt("assigned", turn.language, client=await _name(turn, client)), ((save,),)),
            await told_of_new_homework(turn.tx, library, client, assignment, plan[0][0])]


async def _save_changes(turn: Turn, library: FlowLibrary, state: dict[str, Any]) -> list[Reply]:
    assignment = await turn.tx.homework.get_assignment(int(state["assignment_id"]))
    client = await _owned_live(turn, assignment)
    if assignment is None or client is None:
        await turn.tx.dialogs.clear(turn.person.id)
        return finish(turn, ht("no_longer_live", turn.language))
    today = client_today(client, turn.at)
    items = [i for i in await turn.tx.homework.items_for(turn.person.id, client.id) if i.assignment_id == assignment.id]
    kept = [i for i in items if i.completed_at is not None or i.session_id is not None or i.due_on < today]
    first_due = max(date.fromisoformat(state["first_due_on"]), today)
    remind_at = parse_local_time(state["remind_at"])
    plan = occurrences(state["schedule"], int(state["times"]), first_due, remind_at, client.timezone)
    await turn.tx.homework.reschedule(
        assignment.id, state["schedule"], len(kept) + len(plan), assignment.first_due_on if kept else first_due,
        remind_at, client.timezone, state["note"] or None, plan, keep_due_before=today)
    await turn.tx.dialogs.clear(turn.person.id)
    language = language_of(client)
    title = await flow_title(turn.tx, library, client, assignment.flow_id, language)
    note = tt("note_line", language, note=escape(state["note"])) if state["note"] else ""
    told = ht("client_changed", language, flow=title, due=plan[0][0].isoformat(), times=len(plan),
              time=state["remind_at"]) + note
    return [*finish(turn, ht("changed", turn.language, client=await _name(turn, client))),
            Notify(client.telegram_id, told)]


async def _cancel(turn: Turn, library: FlowLibrary, state: dict[str, Any]) -> list[Reply]:
    assignment = await turn.tx.homework.get_assignment(int(state["assignment_id"]))
    client = await _owned_live(turn, assignment)
    await turn.tx.dialogs.clear(turn.person.id)
    if assignment is None or client is None:
        return finish(turn, ht("no_longer_live", turn.language))
    await turn.tx.homework.cancel_assignment(assignment.id)
    title = await flow_title(turn.tx, library, client, assignment.flow_id, turn.language)
    language = language_of(client)
    client_title = await flow_title(turn.tx, library, client, assignment.flow_id, language)
    return [*finish(turn, ht("cancelled_done", turn.language, flow=title,
                             client=await _name(turn, client))),
            Notify(client.telegram_id, ht("client_cancelled", language, flow=client_title))]


async def _owned_live(turn: Turn, assignment: Assignment | None) -> Person | None:
    """The client of an assignment this therapist gave, not cancelled, to a client still linked."""
    if assignment is None or assignment.therapist_id != turn.person.id or assignment.cancelled_at is not None:
        return None
    return await linked_client(turn.tx, turn.person, assignment.client_id)


async def _last_assignment(turn: Turn, client_id: int) -> Assignment | None:
    given = await turn.tx.homework.assignments_for(turn.person.id, client_id)
    return given[0] if given else None
