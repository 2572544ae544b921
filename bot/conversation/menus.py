"""Everything outside an exercise: welcome and consent, the catalogue, language, history."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING

from bot.conversation import check_in, crisis, homework, linking, location, privacy_menu, review_menu
from bot.conversation.available_flows import available_flows
from bot.conversation.callback_data import MenuButton, encode
from bot.conversation.consent import consent_answer, consent_question
from bot.conversation.flow_library import FlowLibrary
from bot.conversation.messages import ButtonSpec, Keyboard, Reply, Send
from bot.conversation.practice import open_exercise, repeat_prompt, start_exercise
from bot.conversation.texts import ui
from bot.conversation.therapist_texts import tt
from bot.flowspec.texts import localize
from bot.i18n import language_name, languages
from bot.storage import SessionAlreadyOpen

if TYPE_CHECKING:
    from bot.conversation.service import Turn

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
    order = {"reframing": 0, "relaxation": 1, "boundaries": 2, "other": 3}
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
        flow = library.current(row.flow_id)
        title = localize(flow.title, turn.language) if flow else row.flow_id
        finished = (row.finished_at or row.updated_at).strftime("%Y-%m-%d")
        lines.append(f"• {finished} — {title}")
    return [Send(turn.chat_id, "\n".join(lines))]


async def on_menu_button(turn: Turn, button: MenuButton, library: FlowLibrary) -> list[Reply]:
    if button.menu == "consent":
        return await _consent(turn, *consent_answer(button.arg))
    if button.menu == "join":
        return [*await linking.accept_invite(turn, button.arg), *await location.ask_if_deferred(turn)]
    if button.menu == "sos":
        return await crisis.choose(turn, library, button.arg)
    if button.menu == check_in.MENU:
        return await check_in.answer(turn, library, button.arg)
    if button.menu == "priv":
        return await privacy_menu.privacy_button(turn, button.arg)
    if button.menu == "erase":
        return await privacy_menu.erase(turn, button.arg == "yes")
    if button.menu == location.MENU:
        return await location.on_button(turn, button.arg)
    if button.menu == "nojoin":
        return [Send(turn.chat_id, tt("join_declined", turn.language)), *await location.ask_if_deferred(turn)]
    therapist_menu = _THERAPIST_MENUS.get(button.menu)
    if therapist_menu is not None:
        return await therapist_menu(turn, library, button.arg)
    if button.menu == "lang" and button.arg in languages():
        turn.person = await turn.tx.people.set_language(turn.person.id, button.arg)
        turn.language = button.arg
        return [Send(turn.chat_id, ui("language_set", button.arg))]
    if not turn.person.has_consent:
        return consent_first(turn)
    if button.menu == "hw" and button.arg.isdigit():
        return await start_homework(turn, library, int(button.arg))
    if button.menu == "snooze" and button.arg.isdigit():
        return await homework.snooze(turn, int(button.arg))
    if button.menu == "flow":
        return await start_flow(turn, library, button.arg, replace=False)
    if button.menu == "replace":
        return await start_flow(turn, library, button.arg, replace=True)
    if button.menu == "resume":
        exercise = await open_exercise(turn.tx, library, turn.person)
        if exercise is None:
            return [Send(turn.chat_id, ui("nothing_to_resume", turn.language))]
        return repeat_prompt(exercise, turn.chat_id, turn.person)
    return [Send(turn.chat_id, ui("stale_menu", turn.language))]


async def _consent(turn: Turn, given: bool, invite_code: str) -> list[Reply]:
    if given:
        turn.person = await turn.tx.people.give_consent(turn.person.id)
        if invite_code:  # agreed on the way in through an invitation: whether to link is asked next, apart
            replies = await linking.open_invite(turn, invite_code) or []
            if await linking.asks_to_join(turn, invite_code):
                await location.ask_after_invitation(turn)
                return replies
            return [*replies, *await location.ask(turn)]
        return [Send(turn.chat_id, ui("consent_thanks", turn.language)), *await location.ask(turn)]
    if turn.person.has_consent:
        turn.person = await turn.tx.people.withdraw_consent(turn.person.id)
    return [Send(turn.chat_id, ui("consent_declined", turn.language))]


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
        return [Send(turn.chat_id, tt("item_gone", turn.language))]
    current = await open_exercise(turn.tx, library, turn.person)
    if current is not None:
        if item.session_id == current.row.id:
            return repeat_prompt(current, turn.chat_id, turn.person)
        return [Send(turn.chat_id, tt("finish_first", turn.language))]
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


async def _release_button(turn: Turn, library: FlowLibrary, arg: str) -> list[Reply]:
    return await linking.release(turn, int(arg)) if arg.isdigit() else [Send(turn.chat_id, ui("stale_menu",
                                                                                             turn.language))]


async def _assign_button(turn: Turn, library: FlowLibrary, arg: str) -> list[Reply]:
    return await homework.wizard_button(turn, library, arg)


_THERAPIST_MENUS: dict[str, Callable[[Turn, FlowLibrary, str], Awaitable[list[Reply]]]] = {
    "asg": _assign_button,
    "release": _release_button,
    "rv": review_menu.review_button,
    "ex": review_menu.export_button,
    "pg": review_menu.progress_button,
}
