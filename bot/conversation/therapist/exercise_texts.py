"""Words for reading a client's exercises: the paged list, the card, "since last session", sessions held.

English source texts; their translations are in bot/i18n/locale, and a language without one reads English.
Fields are plain text escaped by the caller; the texts themselves are Telegram HTML.
"""

from __future__ import annotations

from typing import Final

from bot.i18n import N_, NN_, Message, PluralMessage, translate

_MESSAGES: Final[dict[str, Message | PluralMessage]] = {
    "list_completed": NN_(
        "<b>{client}</b> — completed exercises, newest first: {first}–{last} of {count}.",
        "<b>{client}</b> — completed exercises, newest first: {first}–{last} of {count}.", "count"),
    "list_all": NN_(
        "<b>{client}</b> — all exercises, newest first: {first}–{last} of {count}.",
        "<b>{client}</b> — all exercises, newest first: {first}–{last} of {count}.", "count"),
    "none_completed": N_("<b>{client}</b> has not completed any exercise yet."),
    "none_at_all": N_("<b>{client}</b> has not started any exercise yet."),
    "times_in": N_("Times in {zone}."),
    "newer": N_("‹ Newer"),
    "older": N_("Older ›"),
    "show_all": N_("Show all, also unfinished"),
    "show_completed": N_("Completed only"),
    "since_button": N_("Since last session"),
    "held_button": N_("Session held today"),
    "transcript_button": N_("Full transcript"),
    "back_button": N_("‹ Back to the list"),
    "transcript_of": N_("Transcript {number}. {title}"),
    "since_session": NN_(
        "<b>{client}</b> — since the session marked {when}: {count} completed exercise.",
        "<b>{client}</b> — since the session marked {when}: {count} completed exercises.", "count"),
    "since_review": NN_(
        "<b>{client}</b> — no session marked yet; since your last review, {when}: {count} completed exercise.",
        "<b>{client}</b> — no session marked yet; since your last review, {when}: {count} completed exercises.",
        "count"),
    "since_start": NN_(
        "<b>{client}</b> — no session marked and no earlier review: {count} completed exercise in all.",
        "<b>{client}</b> — no session marked and no earlier review: {count} completed exercises in all.",
        "count"),
    "since_page": N_("Page {page} of {pages}."),
    "session_marked": N_(
        "The session with <b>{client}</b> is marked as held today, {date}. “Since last session” now starts "
        "from here."),
    "session_already_marked": N_("A session with <b>{client}</b> is already marked as held today, {date}."),
    "session_last": N_("<b>{client}</b>: the last session marked was held on {date}."),
    "session_none": N_("<b>{client}</b>: no session marked yet. “Since last session” counts from your last "
                       "review before today."),
}


def et(name: str, language: str, **fields: object) -> str:
    return translate(_MESSAGES[name], language, **fields)
