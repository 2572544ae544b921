"""The check-in: when words only might mean danger ("I can't do this anymore"), a gentle question comes first
instead of the whole SOS path — "That sounds really hard. Are you having thoughts of hurting yourself, or are
you in danger?" — with Yes / Not sure / No, worded for the kind of danger (self, others, home, someone_else).

Yes or Not sure opens that category's SOS path (bot.conversation.safety.crisis): the same stored event, now an SOS
event, and the linked therapist is alerted there. No closes the check-in and returns to where the person
was: the words that brought the question up are saved as their answer to the step they were answering, so the
exercise goes on as if the check-in had not interrupted it. A check-in is stored as a safety event (response
"check_in", never the words) but alerts nobody.

While it is open, a typed reply is read as an answer when it plainly is one ("yes", "not sure", "нет"); risk
language in it is checked first, as in every message. Anything else is not taken as "no": the question is
asked again (an unclear answer to a safety question is never read as "no"). A button of a check-in that is
no longer open still helps: Yes or Not sure opens the SOS path, No says the question was already answered."""

from __future__ import annotations

import functools
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from bot.conversation.callback_data import MenuButton, encode
from bot.conversation.flow_library import FlowLibrary
from bot.conversation.messages import ButtonSpec, Keyboard, Reply, Send
from bot.conversation.practice import open_exercise, repeat_prompt, step
from bot.conversation.safety import crisis
from bot.conversation.safety.texts import ct
from bot.engine.events import TextEntered
from bot.safety.crisis import Assessment, Category

if TYPE_CHECKING:
    from bot.conversation.turn import Turn

DIALOG = crisis.CHECK_IN_DIALOG
MENU = "ci"
ANSWERS = ("yes", "unsure", "no")

REPLIES = Path(__file__).with_name("check_in_replies.yaml")


@functools.cache
def _typed_answers() -> dict[str, frozenset[str]]:
    """Every language's plain replies, by answer: a person may answer in another language than the bot's."""
    data = yaml.safe_load(REPLIES.read_text(encoding="utf-8"))
    return {answer: frozenset(" ".join(str(w).casefold().split()) for lang in data.values() for w in lang[answer])
            for answer in ANSWERS}


def pending_answer(text: str, session_id: int, seq: int, at: float) -> dict[str, Any]:
    """What to save as the step's answer if the person answers No."""
    return {"session_id": session_id, "seq": seq, "text": text, "at": at}


async def ask(turn: Turn, assessment: Assessment, answer: dict[str, Any] | None) -> list[Reply]:
    """Opens a check-in (or asks an open one again, in the same episode). Stored, nobody alerted."""
    category: Category = assessment.category or "self"
    if not turn.person.has_consent:  # nothing stored; the question and its help all the same
        return [_question(turn, category, None)]
    dialog = await turn.tx.dialogs.get(turn.person.id)
    event_id = crisis.event_id_of(dialog, DIALOG)
    if event_id is None:
        event_id = await turn.tx.safety.open_event(turn.person.id, "detected", assessment.level,
                                                   ",".join(assessment.rules), "check_in", category)
        state = {"event_id": event_id, "category": category, "answer": answer}
    else:
        state = {**dialog.state, "category": category}  # type: ignore[union-attr]  # the first words are kept
    await turn.tx.dialogs.put(turn.person.id, DIALOG, state)
    return [_question(turn, category, event_id)]


async def still_open(turn: Turn) -> bool:
    dialog = await turn.tx.dialogs.get(turn.person.id)
    return dialog is not None and dialog.kind == DIALOG


async def typed_reply(turn: Turn, library: FlowLibrary, text: str) -> list[Reply]:
    """Text typed while a check-in is open (risk language in it has been handled before this)."""
    dialog = await turn.tx.dialogs.get(turn.person.id)
    event_id = crisis.event_id_of(dialog, DIALOG)
    category = crisis.category_of(getattr(dialog, "state", {}).get("category")) or "self"
    choice = read_typed(text)
    if choice is None:
        return [_question(turn, category, event_id, again=True)]
    return await answer(turn, library, f"{choice}.{event_id if event_id is not None else ''}.{category}")


def read_typed(text: str) -> str | None:
    """The answer a typed reply plainly gives (bot/conversation/safety/check_in_replies.yaml), or None."""
    head = re.split(r"[,.!?;:()—–]", text.casefold(), maxsplit=1)[0]
    head = " ".join(head.replace("’", "'").split())
    return next((choice for choice, words in _typed_answers().items() if head in words), None)


async def answer(turn: Turn, library: FlowLibrary, arg: str) -> list[Reply]:
    """A check-in's button (or a typed reply read as one): `yes|unsure|no . event id . category`."""
    choice, _, rest = arg.partition(".")
    event, _, named = rest.partition(".")
    category = crisis.category_of(named) or "self"
    if choice not in ANSWERS:
        return [Send(turn.chat_id, ct("gone", turn.language))]
    dialog = await turn.tx.dialogs.get(turn.person.id)
    current = crisis.event_id_of(dialog, DIALOG)
    is_current = current is not None and str(current) == event
    if choice in ("yes", "unsure"):  # help is never refused, from an old button either
        return await crisis.open_path(turn, library, "detected", category, answered=choice)
    if not is_current:
        return [Send(turn.chat_id, ct("check_in_closed" if turn.person.has_consent else "check_in_no_done",
                                      turn.language))]
    assert current is not None and dialog is not None
    await turn.tx.safety.note_choice(current, "check_in_no")
    await turn.tx.safety.close_event(current, "no")
    await turn.tx.dialogs.clear(turn.person.id)
    return await _back_where_they_were(turn, library, dialog.state.get("answer"))


async def _back_where_they_were(turn: Turn, library: FlowLibrary, saved: object) -> list[Reply]:
    exercise = await open_exercise(turn.tx, library, turn.person)
    if exercise is None:
        return [Send(turn.chat_id, ct("check_in_no_done", turn.language))]
    session = exercise.session
    if isinstance(saved, dict) and saved.get("session_id") == exercise.row.id and saved.get("seq") == session.seq \
            and session.status == "active" and isinstance(saved.get("text"), str):
        words = TextEntered(saved["text"], float(saved.get("at") or turn.at))
        thanks = Send(turn.chat_id, ct("check_in_no_saved", turn.language))
        return [thanks, *await step(turn.tx, exercise, words, turn.chat_id, turn.person)]
    return [Send(turn.chat_id, ct("check_in_no_back", turn.language)),
            *repeat_prompt(exercise, turn.chat_id, turn.person)]


def _question(turn: Turn, category: Category, event_id: int | None, again: bool = False) -> Send:
    lang = turn.language
    parts = [ct("check_in_again", lang)] if again else []
    parts += [ct(f"check_in_{category}", lang), ct("check_in_note", lang)]
    labels = (("yes", ct("yes", lang)), ("unsure", ct("check_in_unsure", lang)), ("no", ct("check_in_no", lang)))
    keyboard: Keyboard = tuple((_button(label, choice, event_id, category),) for choice, label in labels)
    return Send(turn.chat_id, "\n\n".join(parts), keyboard)


def _button(label: str, choice: str, event_id: int | None, category: Category) -> ButtonSpec:
    return ButtonSpec(label, encode(MenuButton(MENU, f"{choice}.{'' if event_id is None else event_id}.{category}")))
