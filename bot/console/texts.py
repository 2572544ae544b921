"""The terminal's own words around a flow (English source texts; translations in bot/i18n/locale).

The flow's texts and the engine's come in the session's language already; these are the lines only a
terminal needs: how to type answers and commands, the timer's count-down, what pausing and quitting mean
here, where nothing is stored.
"""

from __future__ import annotations

from typing import Final

from bot.i18n import N_, Message, PluralMessage, translate

_MESSAGES: Final[dict[str, Message | PluralMessage]] = {
    "commands": N_("Commands: /back /pause /resume /cancel /help /sos /quit"),
    "several": N_("(several at once: their numbers with spaces between, such as 1 3)"),
    "numbers": N_("Please type numbers from 1 to {count}, with spaces between, such as 1 3; the number of a "
               "button such as Done can only come last."),
    "or": N_("or: {actions}"),
    "before": N_("(before: {answer})"),
    "paused": N_(
        "Paused. In the terminal, your answers are kept only while this window stays open: type /resume "
        "to carry on from the same question. After /quit, nothing is kept."
    ),
    "still_paused": N_("The exercise is paused, so that was not taken as an answer. Type /resume to carry on, "
                    "or /quit to leave."),
    "quit": N_("Stopped. (In the terminal, answers are not kept after you quit.)"),
    "timer": N_("(timer: {seconds} s — press Ctrl-C to stop early)"),
    "progress": N_("{label} · {seconds} s  ({cycle}/{cycles})"),
    # a recording the bot would send in Telegram; the terminal does not play it
    "recording": N_("🎧 Recording: {title} (in Telegram it comes as an audio message)"),
    "rating": N_("{measure}: {before} → {after}"),
    "outcome_completed": N_("[completed]"),
    "would_keep_add": N_("[would keep] {kept}: add {items}"),
    "would_keep_replace": N_("[would keep] {kept}: now {items}"),
    "would_keep_done": N_("[would keep] {kept}: done: {items}"),
    "would_schedule": N_("[would schedule] the exercise “{flow}” in {days} day(s) at {time}: {note}"),
    "outcome_cancelled": N_("[cancelled]"),
    # a flow's own early exit: its last text has said why; its id is the author's, in no one language
    "outcome_other": N_("[ended early]"),
}


def console_text(name: str, language: str, **fields: object) -> str:
    return translate(_MESSAGES[name], language, **fields)
