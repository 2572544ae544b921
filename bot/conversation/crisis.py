"""The SOS path. It interrupts whatever is happening, says plainly that this is an automated bot and not a
crisis service, shows crisis resources for the person's country and language, asks a confirming question,
offers a short breathing or grounding exercise, and lets the person go back to their exercise at the same
step. A "you misunderstood" does not close it: the person chooses what happens next.

Each episode is stored as one event; the linked therapist is told once per event, never the words, and the
person is told that they were. Nothing here implies that a person is watching: nobody is. The
path's buttons name their event: a button of an earlier episode still shows what it shows (help is never
refused), but records nothing in the current episode and cannot close it."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING

from bot.conversation.access import client_label
from bot.conversation.callback_data import MenuButton, encode
from bot.conversation.crisis_texts import ct
from bot.conversation.flow_library import FlowLibrary
from bot.conversation.messages import ButtonSpec, Keyboard, Notify, Reply, Send
from bot.conversation.practice import open_exercise, repeat_prompt
from bot.conversation.texts import language_of, ui
from bot.safety.crisis import Assessment
from bot.safety.resources import resource_book
from bot.safety.static_resources import static_sos_text
from bot.storage import Dialog

if TYPE_CHECKING:
    from bot.conversation.service import Turn

DIALOG = "sos"
CHOICES = ("yes", "unsure", "no", "breathe", "ground", "help", "back", "safe")


def _b(label: str, arg: str, event: int | str | None = None) -> ButtonSpec:
    return ButtonSpec(label, encode(MenuButton("sos", arg if event in (None, "") else f"{arg}.{event}")))


async def open_path(turn: Turn, source: str, assessment: Assessment | None) -> list[Reply]:
    """Risk language or /sos: the resources and the confirming question. One event per episode."""
    lang = turn.language
    dialog = await turn.tx.dialogs.get(turn.person.id)
    person = turn.person
    replies: list[Reply] = [Send(turn.chat_id, static_sos_text(lang, person.timezone, country=person.country))]
    if not turn.person.has_consent:  # nothing is stored for someone who has not agreed; help all the same
        calm: Keyboard = ((_b(ct("breathe", lang), "breathe"),), (_b(ct("ground", lang), "ground"),))
        return [*replies, Send(turn.chat_id, ct("confirm_unstored", lang), calm)]
    event_id = _event_id(dialog)
    alerts: list[Reply] = []
    if event_id is None:
        level = assessment.level if assessment else "requested"
        rules = ",".join(assessment.rules) if assessment else ""
        event_id = await turn.tx.safety.open_event(turn.person.id, source, level, rules)
        await turn.tx.dialogs.put(turn.person.id, DIALOG, {"event_id": event_id, "source": source})
        alerts = await _tell_therapist(turn, source)
        replies += alerts
    keyboard: Keyboard = ((_b(ct("yes", lang), "yes", event_id),), (_b(ct("unsure", lang), "unsure", event_id),),
                          (_b(ct("no", lang), "no", event_id),))
    told = [ct("therapist_alerted", lang)] if alerts else []
    replies.append(Send(turn.chat_id, "\n\n".join([ct("how_this_works", lang), *told, ct("confirm", lang)]),
                        keyboard))
    return replies


async def choose(turn: Turn, library: FlowLibrary, arg: str) -> list[Reply]:
    lang = turn.language
    choice, _, event = arg.partition(".")
    if choice not in CHOICES:
        return [Send(turn.chat_id, ct("gone", lang))]
    dialog: Dialog | None = await turn.tx.dialogs.get(turn.person.id)
    current = _event_id(dialog)
    if (str(current) if current is not None else "") != event:  # a button of another episode
        if choice in ("back", "safe"):
            return [Send(turn.chat_id, ui("stale_menu", lang))]
        dialog = None  # shown, but recorded in no episode
    exercise = await open_exercise(turn.tx, library, turn.person)
    back = [(_b(ct("back_to_exercise", lang), "back", event),)] if exercise else \
        [(_b(ct("safe", lang), "safe", event),)]
    calm = [(_b(ct("breathe", lang), "breathe", event),), (_b(ct("ground", lang), "ground", event),)]
    if choice in ("yes", "unsure", "help"):
        await _note(turn, dialog, choice)
        book, zone = resource_book(), turn.person.timezone
        number = book.emergency_number(zone, lang, turn.person.country) or ct("local_emergency_number", lang)
        return [Send(turn.chat_id, "\n\n".join((ct("immediate_danger", lang, number=number), ct("reach_out", lang),
                                                 book.render(zone, lang))), tuple(calm + back))]
    if choice == "no":
        await _note(turn, dialog, choice)
        asked_for_help = getattr(dialog, "state", {}).get("source") == "command"  # no check to apologise for
        return [Send(turn.chat_id, ct("not_now" if asked_for_help else "misunderstood", lang),
                     tuple(back + calm + [(_b(ct("help", lang), "help", event),)]))]
    if choice in ("breathe", "ground"):
        return [Send(turn.chat_id, ct(f"{choice}_guide", lang), (*back, (_b(ct("help", lang), "help", event),)))]
    await _close(turn, dialog, choice)
    if choice == "back" and exercise is not None:
        return [Send(turn.chat_id, ct("welcome_back", lang)), *repeat_prompt(exercise, turn.chat_id, turn.person)]
    return [Send(turn.chat_id, ct("take_care", lang))]


async def still_open(turn: Turn) -> bool:
    dialog = await turn.tx.dialogs.get(turn.person.id)
    return dialog is not None and dialog.kind == DIALOG


async def reminder_of_choices(turn: Turn, library: FlowLibrary) -> list[Reply]:
    """Typed text while the path is open: it stays open, and the choices are shown again."""
    exercise = await open_exercise(turn.tx, library, turn.person)
    lang = turn.language
    event = _event_id(await turn.tx.dialogs.get(turn.person.id))
    first = (_b(ct("back_to_exercise", lang), "back", event),) if exercise else (_b(ct("safe", lang), "safe", event),)
    keyboard: Keyboard = (first, (_b(ct("help", lang), "help", event),), (_b(ct("breathe", lang), "breathe", event),),
                          (_b(ct("ground", lang), "ground", event),))
    return [Send(turn.chat_id, ct("choices_again", lang), keyboard)]


async def _note(turn: Turn, dialog: object, choice: str) -> None:
    event_id = _event_id(dialog)
    if event_id is not None:
        await turn.tx.safety.note_choice(event_id, choice)


async def _close(turn: Turn, dialog: object, choice: str) -> None:
    event_id = _event_id(dialog)
    if event_id is not None:
        await turn.tx.safety.close_event(event_id, choice)
    await turn.tx.dialogs.clear(turn.person.id)


def _event_id(dialog: object) -> int | None:
    state = getattr(dialog, "state", None)
    if getattr(dialog, "kind", None) != DIALOG or not isinstance(state, dict):
        return None
    value = state.get("event_id")
    return value if isinstance(value, int) else None


async def _tell_therapist(turn: Turn, source: str) -> list[Reply]:
    link = await turn.tx.links.active_for_client(turn.person.id)
    therapist = await turn.tx.people.get(link.therapist_id) if link else None
    if therapist is None:
        return []
    language = language_of(therapist)
    when = datetime.fromtimestamp(turn.at, UTC).strftime("%Y-%m-%d %H:%M UTC")
    client = client_label(turn.person, language)
    return [Notify(therapist.telegram_id, ct(f"therapist_{source}", language, client=client, when=when))]
