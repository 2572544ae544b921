"""A client outside an exercise: welcome, the catalogue, starting an exercise or a homework item, history,
language and time zone."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.conversation.available_flows import available_flows
from bot.conversation.callback_data import MenuButton, encode
from bot.conversation.consent import consent_question
from bot.conversation.flow_library import FlowLibrary, stored_engine
from bot.conversation.kept import kept_lists, saved_text
from bot.conversation.messages import ButtonSpec, Keyboard, Reply, Send
from bot.conversation.practice import open_exercise, repeat_prompt, start_exercise
from bot.conversation.texts import ui
from bot.flowspec.texts import localize
from bot.i18n import language_name, languages
from bot.storage import SessionAlreadyOpen

if TYPE_CHECKING:
    from bot.conversation.turn import Turn

def _button(label: str, menu: str, arg: str = "") -> ButtonSpec:
    return ButtonSpec(label, encode(MenuButton(menu, arg)))


def welcome(turn: Turn) -> list[Reply]:
    if turn.person.has_consent:
        return [Send(turn.chat_id, ui("consent_thanks", turn.language))]
    return [consent_question(turn)]


def consent_first(turn: Turn) -> list[Reply]:
    return [Send(turn.chat_id, ui("consent_needed", turn.language)), consent_question(turn)]


async def catalogue(turn: Turn, library: FlowLibrary) -> list[Reply]:
    lines = [ui("catalogue", turn.language)]
    rows: list[tuple[ButtonSpec, ...]] = []
    category = None
    order = {"reframing": 0, "relaxation": 1, "boundaries": 2, "measures": 3, "other": 4}
    flows = [a.flow for a in (await available_flows(turn.tx, library, turn.person)).values()]
    for flow in sorted(flows, key=lambda f: (order[f.category], f.estimated_minutes, f.id)):
        if flow.category != category:
            category = flow.category
            lines.append(f"\n<b>{ui('category_' + category, turn.language)}</b>")
        title = localize(flow.title, turn.language)
        lines.append(f"• {title} — {localize(flow.description, turn.language)}")
        minutes = ui("minutes", turn.language, minutes=flow.estimated_minutes)
        rows.append((_button(f"{title} · {minutes}", "flow", flow.id),))
    return [Send(turn.chat_id, "\n".join(lines), tuple(rows))]


def language_menu(turn: Turn) -> list[Reply]:
    row = tuple(_button(language_name(code), "lang", code) for code in languages())
    return [Send(turn.chat_id, ui("language_choose", turn.language), (row,))]


async def history(turn: Turn, library: FlowLibrary) -> list[Reply]:
    done = await turn.tx.sessions.list_completed(turn.person.id, limit=20)
    if not done:
        return [Send(turn.chat_id, ui("history_empty", turn.language))]
    lines = [ui("history", turn.language)]
    for row in done:
        # the version the exercise ran on: a therapist's own flow has its title there too
        engine = await stored_engine(turn.tx, library, row.flow_version_id)
        flow = engine.flow if engine is not None else library.current(row.flow_id)
        title = localize(flow.title, turn.language) if flow else row.flow_id
        finished = (row.finished_at or row.updated_at).strftime("%Y-%m-%d")
        lines.append(f"• {finished} — {title}")
    return [Send(turn.chat_id, "\n".join(lines))]


async def saved(turn: Turn, library: FlowLibrary) -> list[Reply]:
    """The client's kept lists (goals, plan, activities), each under the label a flow declares for it."""
    labels = {name: localize(kept.label, turn.language)
              for flow in library.listing() for name, kept in flow.keeps.items()}
    return [Send(turn.chat_id, saved_text(await kept_lists(turn.tx, turn.person), labels, turn.language))]


async def start_flow(turn: Turn, library: FlowLibrary, flow_id: str, replace: bool) -> list[Reply]:
    available = (await available_flows(turn.tx, library, turn.person)).get(flow_id)
    if available is None:
        return [Send(turn.chat_id, ui("flow_unavailable", turn.language))]
    flow = available.flow
    current = await open_exercise(turn.tx, library, turn.person)
    if current is not None and not replace:
        keyboard: Keyboard = ((_button(ui("carry_on", turn.language), "resume"),),
                              (_button(ui("start_new", turn.language), "replace", flow_id),))
        title = localize(current.engine.flow.title, turn.language)
        text = ui("in_progress", turn.language, title=title, new_title=localize(flow.title, turn.language))
        return [Send(turn.chat_id, text, keyboard)]
    if current is not None:
        await turn.tx.sessions.save(current.row, state=current.session.to_json(), status="abandoned",
                                    current_step=current.session.state, outcome="replaced")
    try:
        replies, _session_id = await start_exercise(turn.tx, library, turn.person, flow, turn.language,
                                                    turn.chat_id, turn.at, available.flow_version_id)
    except SessionAlreadyOpen:
        return [Send(turn.chat_id, ui("stale_menu", turn.language))]
    return replies


async def start_homework(turn: Turn, library: FlowLibrary, item_id: int) -> list[Reply]:
    item = await turn.tx.homework.get_item(item_id)
    if item is None or item.client_id != turn.person.id or item.completed_at is not None:
        return [Send(turn.chat_id, ui("item_gone", turn.language))]
    current = await open_exercise(turn.tx, library, turn.person)
    if current is not None:
        if item.session_id == current.row.id:
            return repeat_prompt(current, turn.chat_id, turn.person)
        return [Send(turn.chat_id, ui("finish_first", turn.language))]
    available = (await available_flows(turn.tx, library, turn.person)).get(item.flow_id)
    if available is None:
        return [Send(turn.chat_id, ui("flow_unavailable", turn.language))]
    replies, session_id = await start_exercise(turn.tx, library, turn.person, available.flow, turn.language,
                                               turn.chat_id, turn.at, available.flow_version_id)
    await turn.tx.homework.start_item(item.id, session_id)
    return replies


async def set_timezone(turn: Turn, name: str) -> list[Reply]:
    """`/timezone Europe/Berlin`: reminders come at the chosen local time of this zone."""
    if not name.strip():
        return [Send(turn.chat_id, ui("timezone_current", turn.language, zone=turn.person.timezone))]
    try:
        turn.person = await turn.tx.people.set_timezone(turn.person.id, name.strip())
    except ValueError:
        return [Send(turn.chat_id, ui("timezone_unknown", turn.language))]
    return [Send(turn.chat_id, ui("timezone_set", turn.language, zone=turn.person.timezone))]
