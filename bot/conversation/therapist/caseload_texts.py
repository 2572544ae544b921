"""Words for the caseload: /clients, a client's card, /digest, the digest itself and missed-item notices.

English source texts; their translations are in bot/i18n/locale, and a language without one reads English.
"""

from __future__ import annotations

from typing import Final

from bot.i18n import N_, NN_, NP_, Message, PluralMessage, translate

_MESSAGES: Final[dict[str, Message | PluralMessage]] = {
    "therapists_only": N_("This command is for therapists."),
    "no_clients": N_("You have no linked clients yet. Invite one with /invite."),
    "not_yours": N_("That is not available to you."),
    "overview_title": NN_(
        "<b>Your client</b> — this week's homework counts only what is already due, in the client's own day",
        "<b>Your {count} clients</b> — this week's homework counts only what is already due, in each client's "
        "own day",
        "count",
    ),
    "overview_page": N_("Page {page} of {pages}"),
    "row": N_("{flag}<b>{client}</b>\n    last active {last} · homework: {due} due, {done} done, {missed} missed"
              "{rating}"),
    "no_homework": N_("no homework due this week"),
    "row_no_homework": N_("{flag}<b>{client}</b>\n    last active {last} · {none}{rating}"),
    "never": N_("never"),
    "today": N_("today"),
    "yesterday": N_("yesterday"),
    "sos_open": N_("⚠️ SOS path open · "),
    "sos_recent": N_("⚠️ SOS path {date} · "),
    "previous": N_("◀ Previous"),
    "next": N_("Next ▶"),
    "card_title": N_("<b>{client}</b>"),
    "card_last": N_("Last active: {last}"),
    "card_week": N_("Homework this week: {due} due so far, {done} done, {missed} missed"),
    "card_rating": N_("Latest rating change: {rating}"),
    "card_no_rating": N_("Latest rating change: none yet"),
    "card_sos_open": N_("⚠️ An SOS path is open since {date}."),
    "card_sos_recent": N_("⚠️ The SOS path was opened on {date}."),
    "card_recent": N_("<b>Recent exercises</b>"),
    "card_no_recent": N_("No exercises yet."),
    "card_missed": N_("<b>Missed</b>"),
    "status_completed": N_("completed"),
    "status_in_progress": N_("in progress"),
    "status_stopped": N_("not finished"),
    "button_review": N_("Read exercises"),
    "button_assign": N_("Assign homework"),
    "button_back": N_("All clients"),
    "due_on": N_("due {date}"),
    # /digest
    "digest_off": N_("Digest: off."),
    "digest_daily": N_("Digest: every day at {time} ({zone})."),
    "digest_weekly": N_("Digest: every {weekday} at {time} ({zone})."),
    "digest_next": N_("The next one: {at}."),
    "notices_on": N_("A notice for each missed item: on."),
    "notices_off": N_("A notice for each missed item: off."),
    "digest_menu": N_(
        "How often should the digest come? It tells who did what and who missed what since the one before. "
        "You can also type, for example, <code>/digest daily 8:30</code>, <code>/digest weekly mon 9:00</code> "
        "or <code>/digest off</code>."
    ),
    "digest_choose_day": N_("On which day?"),
    "digest_choose_time": N_("At what time? Your time zone is {zone} (/timezone changes it)."),
    "digest_bad_args": N_(
        "I did not understand that. Write, for example, <code>/digest daily 8:30</code>, "
        "<code>/digest weekly mon 9:00</code> or <code>/digest off</code>."
    ),
    "button_daily": N_("Every day"),
    "button_weekly": N_("Once a week"),
    "button_off": N_("Off"),
    "button_notices_on": N_("Notices of missed items: switch on"),
    "button_notices_off": N_("Notices of missed items: switch off"),
    "weekday_0": N_("Monday"),
    "weekday_1": N_("Tuesday"),
    "weekday_2": N_("Wednesday"),
    "weekday_3": N_("Thursday"),
    "weekday_4": N_("Friday"),
    "weekday_5": N_("Saturday"),
    "weekday_6": N_("Sunday"),
    "weekday_short_0": NP_("a weekday as typed after /digest weekly", "mon"),
    "weekday_short_1": NP_("a weekday as typed after /digest weekly", "tue"),
    "weekday_short_2": NP_("a weekday as typed after /digest weekly", "wed"),
    "weekday_short_3": NP_("a weekday as typed after /digest weekly", "thu"),
    "weekday_short_4": NP_("a weekday as typed after /digest weekly", "fri"),
    "weekday_short_5": NP_("a weekday as typed after /digest weekly", "sat"),
    "weekday_short_6": NP_("a weekday as typed after /digest weekly", "sun"),
    # the digest and the notices
    "digest_title": N_("<b>Digest</b> · {start} – {end} ({zone})"),
    "digest_sos": N_("⚠️ <b>SOS path</b>: {clients}"),
    "digest_done": N_("<b>Done</b>"),
    "digest_missed": N_("<b>Missed</b>"),
    "digest_quiet": N_("<b>Nothing done</b>: {clients}"),
    "digest_nothing": N_("No homework was done or missed in this period."),
    "digest_more": N_("Details: /clients"),
    "times": N_("{title} ×{count}"),
    "missed_notice": N_("{client} has not done <b>{flow}</b>, due {due}."),
    "button_card": N_("Open the card"),
}


def kt(name: str, language: str, **fields: object) -> str:
    return translate(_MESSAGES[name], language, **fields)
