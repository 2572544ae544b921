"""Words for a therapist's private notes.

English source texts; their translations are in bot/i18n/locale, and a language without one reads English.
"""

from __future__ import annotations

from typing import Final

from bot.i18n import N_, NN_, Message, PluralMessage, translate

_MESSAGES: Final[dict[str, Message | PluralMessage]] = {
    "choose_client": N_("Whose notes do you want to read or add to?"),
    "notes_of": N_("Your notes on {client}"),
    "private": N_("Private: the client never sees them."),
    "no_notes": N_("No notes yet."),
    "on_exercise": N_("on {exercise}"),
    "on_exercise_gone": N_("on an exercise"),
    "add_note": N_("Add a note"),
    "add_note_on_exercise": N_("Add a note on this exercise"),
    "notes_button": NN_("Notes ({count})", "Notes ({count})", "count"),
    "notes_on_client_button": N_("Notes on {client}"),
    "delete": N_("Delete note {number}"),
    "write_note": N_(
        "Write your note on {client} as one message. Only you will read it: it is never shown to the client, "
        "it is stored encrypted, and it goes when your link with the client ends. /cancel to stop."
    ),
    "write_note_on_exercise": N_(
        "Write your note on {client}'s {exercise} ({date}) as one message. Only you will read it. "
        "/cancel to stop."
    ),
    "saved": N_("Note saved."),
    "too_long": N_("A note can be at most {limit} characters; this one has {length}. Please shorten it."),
    "empty": N_("The note is empty. Please write it as text, or /cancel."),
    "cancelled": N_("No note saved."),
    "confirm_delete": N_("Delete this note?\n\n<i>{text}</i>"),
    "yes_delete": N_("Delete"),
    "keep": N_("Keep"),
    "deleted": N_("Note deleted."),
    "kept": N_("The note stays."),
    "gone": N_("That note is no longer there."),
    "exercise_notes": N_("Your notes on this exercise"),
}


def nt(name: str, language: str, **fields: object) -> str:
    return translate(_MESSAGES[name], language, **fields)
