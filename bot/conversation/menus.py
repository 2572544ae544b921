"""Everything outside an exercise: welcome and consent, the catalogue, language, history."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.conversation.callback_data import MenuButton, encode
from bot.conversation.flow_library import FlowLibrary
from bot.conversation.messages import ButtonSpec, Keyboard, Reply, Send
from bot.conversation.practice import open_exercise, repeat_prompt, start_exercise
from bot.conversation.texts import LANGUAGES, ui
from bot.flowspec.texts import localize
from bot.storage import SessionAlreadyOpen

if TYPE_CHECKING:
    from bot.conversation.service import Turn

_LANGUAGE_NAMES = {"en": "English", "ru": "Русский"}


def _button(label: str, menu: str, arg: str = "") -> ButtonSpec:
    return ButtonSpec(label, encode(MenuButton(menu, arg)))


def welcome(turn: Turn) -> list[Reply]:
    if turn.person.has_consent:
        return [Send(turn.chat_id, ui("consent_thanks", turn.language))]
    return [_consent_question(turn)]


def consent_first(turn: Turn) -> list[Reply]:
    return [Send(turn.chat_id, ui("consent_needed", turn.language)), _consent_question(turn)]


def _consent_question(turn: Turn) -> Send:
    keyboard: Keyboard = ((_button(ui("consent_yes", turn.language), "consent", "yes"),
                           _button(ui("consent_no", turn.language), "consent", "no")),)
    return Send(turn.chat_id, ui("welcome", turn.language), keyboard)


def catalogue(turn: Turn, library: FlowLibrary) -> list[Reply]:
    lines = [ui("catalogue", turn.language)]
    rows: list[tuple[ButtonSpec, ...]] = []
    category = None
    for flow in library.listing():
        if flow.category != category:
            category = flow.category
            lines.append(f"\n<b>{ui('category_' + category, turn.language)}</b>")
        title = localize(flow.title, turn.language)
        lines.append(f"• {title} — {localize(flow.description, turn.language)}")
        minutes = ui("minutes", turn.language, minutes=flow.estimated_minutes)
        rows.append((_button(f"{title} · {minutes}", "flow", flow.id),))
    return [Send(turn.chat_id, "\n".join(lines), tuple(rows))]


def language_menu(turn: Turn) -> list[Reply]:
    row = tuple(_button(_LANGUAGE_NAMES[code], "lang", code) for code in LANGUAGES)
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
        return await _consent(turn, button.arg == "yes")
    if button.menu == "lang" and button.arg in LANGUAGES:
        turn.person = await turn.tx.people.set_language(turn.person.id, button.arg)
        turn.language = button.arg
        return [Send(turn.chat_id, ui("language_set", button.arg))]
    if not turn.person.has_consent:
        return consent_first(turn)
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


async def _consent(turn: Turn, given: bool) -> list[Reply]:
    if given:
        turn.person = await turn.tx.people.give_consent(turn.person.id)
        return [Send(turn.chat_id, ui("consent_thanks", turn.language))]
    if turn.person.has_consent:
        turn.person = await turn.tx.people.withdraw_consent(turn.person.id)
    return [Send(turn.chat_id, ui("consent_declined", turn.language))]


async def start_flow(turn: Turn, library: FlowLibrary, flow_id: str, replace: bool) -> list[Reply]:
    flow = library.current(flow_id)
    if flow is None:
        return [Send(turn.chat_id, ui("flow_unavailable", turn.language))]
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
        return await start_exercise(turn.tx, library, turn.person, flow, turn.language, turn.chat_id, turn.at)
    except SessionAlreadyOpen:
        return [Send(turn.chat_id, ui("stale_menu", turn.language))]
