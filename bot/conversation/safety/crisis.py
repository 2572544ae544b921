"""The SOS path. It interrupts whatever is happening, says plainly that this is an automated bot and not a
crisis service, shows crisis resources for the person's country, language and kind of danger (self, others,
home, someone_else), asks a confirming question, offers a short breathing or grounding exercise, and lets the
person go back to their exercise at the same step. A "you misunderstood" does not close it: the person
chooses what happens next. After a check-in answered "yes" or "not sure" the confirming question is not asked
again: the path goes straight to what to do now.

Each episode is stored as one event (a check-in that leads here is the same event, escalated); the linked
therapist is told once per event, with the kind of danger in plain words, never the words, and the person is
told that they were. Nothing here implies that a person is watching: nobody is. The path's buttons name their
event and category: a button of an earlier episode still shows what it shows (help is never refused), but
records nothing in the current episode and cannot close it."""

from __future__ import annotations

import html
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from bot.conversation.access import client_html
from bot.conversation.callback_data import MenuButton, encode
from bot.conversation.flow_library import FlowLibrary
from bot.conversation.messages import ButtonSpec, Keyboard, Notify, Reply, Send
from bot.conversation.practice import open_exercise, repeat_prompt
from bot.conversation.safety.texts import ct
from bot.conversation.texts import language_of, ui
from bot.engine.render import plain_text
from bot.flowspec.texts import localize
from bot.safety.crisis import CATEGORIES, Category
from bot.safety.resources import resource_book
from bot.safety.static_resources import static_sos_text
from bot.storage import Dialog

if TYPE_CHECKING:
    from bot.conversation.turn import Turn

DIALOG = "sos"
CHECK_IN_DIALOG = "check_in"  # an open check-in (bot.conversation.safety.check_in): the same episode, if it escalates
CHOICES = ("yes", "unsure", "no", "breathe", "ground", "help", "back", "safe")


def category_of(value: object) -> Category | None:
    return value if isinstance(value, str) and value in CATEGORIES else None


def _b(label: str, arg: str, event: int | str | None = None, category: Category = "self") -> ButtonSpec:
    return ButtonSpec(label, encode(MenuButton("sos", f"{arg}.{'' if event is None else event}.{category}")))


async def open_path(turn: Turn, library: FlowLibrary, source: str, category: Category | None,
                    rules: tuple[str, ...] = (), answered: str | None = None) -> list[Reply]:
    """Risk language, /sos, or a check-in answered `answered` ("yes" or "unsure"): the resources and the
    confirming question (or, after a check-in, what to do now). One event per episode. `category` is None
    after /sos: the person has not said what the danger is, and the path speaks of their own safety."""
    lang, person = turn.language, turn.person
    dialog = await turn.tx.dialogs.get(person.id)
    wording: Category = category or category_of(getattr(dialog, "state", {}).get("category")) or "self"
    replies: list[Reply] = [Send(turn.chat_id, static_sos_text(lang, person.timezone, wording, person.country))]
    if not person.has_consent:  # nothing is stored for someone who has not agreed; help all the same
        calm: Keyboard = ((_b(ct("breathe", lang), "breathe", None, wording),),
                          (_b(ct("ground", lang), "ground", None, wording),))
        return [*replies, Send(turn.chat_id, ct("confirm_unstored", lang), calm)]
    event_id = event_id_of(dialog)
    alerts: list[Reply] = []
    if event_id is None:
        level = "requested" if source == "command" else "explicit"
        checked_in = event_id_of(dialog, CHECK_IN_DIALOG)
        if checked_in is not None:  # the check-in of this episode, now the SOS path: the same event
            event_id = checked_in
            await turn.tx.safety.escalate(event_id, "sos", category)
        else:
            event_id = await turn.tx.safety.open_event(person.id, source, level, ",".join(rules), "sos", category)
        await turn.tx.dialogs.put(person.id, DIALOG, {"event_id": event_id, "source": source, "category": wording})
        alerts = await _tell_therapist(turn, source, category, answered, library)
        replies += alerts
    elif category is not None:  # the same episode, a new kind of danger: its words from now on
        await turn.tx.dialogs.put(person.id, DIALOG, {**dialog.state, "category": category})  # type: ignore[union-attr]
    told = [ct("therapist_alerted", lang)] if alerts else []
    if answered is not None:
        await turn.tx.safety.note_choice(event_id, f"check_in_{answered}")
        exercise = await open_exercise(turn.tx, library, person)
        text = "\n\n".join([ct("how_this_works", lang), *told, _help_now_text(turn, wording)])
        return [*replies, Send(turn.chat_id, text, _after_help(lang, event_id, wording, exercise is not None))]
    keyboard: Keyboard = tuple((_b(ct(choice, lang), choice, event_id, wording),) for choice in ("yes", "unsure", "no"))
    replies.append(Send(turn.chat_id, "\n\n".join([ct("how_this_works", lang), *told, ct(f"confirm_{wording}", lang)]),
                        keyboard))
    return replies


async def choose(turn: Turn, library: FlowLibrary, arg: str) -> list[Reply]:
    lang = turn.language
    choice, _, rest = arg.partition(".")
    event, _, named = rest.partition(".")
    if choice not in CHOICES:
        return [Send(turn.chat_id, ct("gone", lang))]
    dialog: Dialog | None = await turn.tx.dialogs.get(turn.person.id)
    current = event_id_of(dialog)
    if (str(current) if current is not None else "") != event:  # a button of another episode
        if choice in ("back", "safe"):
            return [Send(turn.chat_id, ui("stale_menu", lang))]
        dialog = None  # shown, but recorded in no episode
    category = category_of(named) or category_of(getattr(dialog, "state", {}).get("category")) or "self"
    exercise = await open_exercise(turn.tx, library, turn.person)
    back = [_back_button(lang, event, category, exercise is not None)]
    calm = [(_b(ct("breathe", lang), "breathe", event, category),),
            (_b(ct("ground", lang), "ground", event, category),)]
    if choice in ("yes", "unsure", "help"):
        await _note(turn, dialog, choice)
        book, person = resource_book(), turn.person
        resources = book.render(person.timezone, lang, category, person.country)
        return [Send(turn.chat_id, "\n\n".join((_help_now_text(turn, category), resources)), tuple(calm + back))]
    if choice == "no":
        await _note(turn, dialog, choice)
        asked_for_help = getattr(dialog, "state", {}).get("source") == "command"  # no check to apologise for
        return [Send(turn.chat_id, ct("not_now" if asked_for_help else "misunderstood", lang),
                     tuple(back + calm + [(_b(ct("help", lang), "help", event, category),)]))]
    if choice in ("breathe", "ground"):
        return [Send(turn.chat_id, ct(f"{choice}_guide", lang),
                     (*back, (_b(ct("help", lang), "help", event, category),)))]
    await _close(turn, dialog, choice)
    if choice == "back" and exercise is not None:
        return [Send(turn.chat_id, ct("welcome_back", lang)), *repeat_prompt(exercise, turn.chat_id, turn.person)]
    return [Send(turn.chat_id, ct("take_care", lang))]


def _help_now_text(turn: Turn, category: Category) -> str:
    """What to do now: the emergency number of the person's country, and the category's next steps."""
    lang, person = turn.language, turn.person
    number = resource_book().emergency_number(person.timezone, lang, person.country) or \
        ct("local_emergency_number", lang)
    return "\n\n".join((ct(f"immediate_danger_{category}", lang, number=number), ct(f"reach_out_{category}", lang)))


def _back_button(lang: str, event: int | str | None, category: Category, in_exercise: bool) -> tuple[ButtonSpec]:
    if in_exercise:
        return (_b(ct("back_to_exercise", lang), "back", event, category),)
    return (_b(ct("safe", lang), "safe", event, category),)


def _after_help(lang: str, event: int, category: Category, in_exercise: bool) -> Keyboard:
    return ((_b(ct("breathe", lang), "breathe", event, category),),
            (_b(ct("ground", lang), "ground", event, category),),
            _back_button(lang, event, category, in_exercise))


async def still_open(turn: Turn) -> bool:
    dialog = await turn.tx.dialogs.get(turn.person.id)
    return dialog is not None and dialog.kind == DIALOG


async def reminder_of_choices(turn: Turn, library: FlowLibrary) -> list[Reply]:
    """Typed text while the path is open: it stays open, and the choices are shown again."""
    exercise = await open_exercise(turn.tx, library, turn.person)
    lang = turn.language
    dialog = await turn.tx.dialogs.get(turn.person.id)
    event = event_id_of(dialog)
    category = category_of(getattr(dialog, "state", {}).get("category")) or "self"
    keyboard: Keyboard = (_back_button(lang, event, category, exercise is not None),
                          (_b(ct("help", lang), "help", event, category),),
                          (_b(ct("breathe", lang), "breathe", event, category),),
                          (_b(ct("ground", lang), "ground", event, category),))
    return [Send(turn.chat_id, ct("choices_again", lang), keyboard)]


async def _note(turn: Turn, dialog: object, choice: str) -> None:
    event_id = event_id_of(dialog)
    if event_id is not None:
        await turn.tx.safety.note_choice(event_id, choice)


async def _close(turn: Turn, dialog: object, choice: str) -> None:
    event_id = event_id_of(dialog)
    if event_id is not None:
        await turn.tx.safety.close_event(event_id, choice)
    await turn.tx.dialogs.clear(turn.person.id)


def event_id_of(dialog: object, kind: str = DIALOG) -> int | None:
    state = getattr(dialog, "state", None)
    if getattr(dialog, "kind", None) != kind or not isinstance(state, dict):
        return None
    value = state.get("event_id")
    return value if isinstance(value, int) else None


async def _tell_therapist(turn: Turn, source: str, category: Category | None, answered: str | None,
                          library: FlowLibrary | None = None) -> list[Reply]:
    link = await turn.tx.links.active_for_client(turn.person.id)
    therapist = await turn.tx.people.get(link.therapist_id) if link else None
    if therapist is None:
        return []
    language = language_of(therapist)
    when = datetime.fromtimestamp(turn.at, UTC).strftime("%Y-%m-%d %H:%M UTC")
    client = await client_html(turn.tx, therapist.id, turn.person, language)
    danger = ct(f"danger_{category or 'self'}", language)
    if answered is not None:
        answer = ct("yes" if answered == "yes" else "check_in_unsure", language)
        text = ct("therapist_check_in", language, client=client, when=when, danger=danger, answer=answer)
    elif source == "command":
        text = ct("therapist_command", language, client=client, when=when)
    elif source == "answer":
        exercise = await open_exercise(turn.tx, library, turn.person) if library is not None else None
        flow = exercise.engine.flow if exercise is not None else None
        title = plain_text(localize(flow.title, language)) if flow is not None else "—"
        text = ct("therapist_answer", language, client=client, when=when, flow=html.escape(title, quote=False))
    else:
        text = ct("therapist_detected", language, client=client, when=when, danger=danger)
    return [Notify(therapist.telegram_id, text)]
