"""Words of the dashboard's pages. English source texts; their translations are in bot/i18n/locale. Plain text:
the templates escape everything they place."""

from __future__ import annotations

from typing import Final

from bot.i18n import N_, NN_, NP_, Message, PluralMessage, translate

_MESSAGES: Final[dict[str, Message | PluralMessage]] = {
    "dashboard": NP_("the web dashboard's name, in the page title", "Dashboard"),
    "skip": N_("Skip to the content"),
    "signin_title": N_("Sign in"),
    "signin_intro": N_("Send /dashboard to the bot for a sign-in link valid for five minutes, or open the dashboard "
                       "from the bot's menu button inside Telegram."),
    "signin_link": N_("Sign in to the dashboard with the link the bot gave you. It works once."),
    "signin_button": N_("Sign in"),
    "signin_webapp": N_("Signing you in with Telegram…"),
    "signin_failed": N_("This sign-in did not work: the link may have been used already or have expired. Send "
                        "/dashboard to the bot for a new one."),
    "therapists_only": N_("The dashboard is for therapists."),
    "rate_limited": N_("Too many sign-in attempts. Wait a few minutes and try again."),
    "signed_out": N_("You are signed out."),
    "sign_out": N_("Sign out"),
    "not_available": N_("That is not available to you."),
    "main_nav": N_("Main"),
    "caseload": N_("Caseload"),
    "flows": N_("Flows"),
    "caseload_title": NN_("Your client", "Your {count} clients", "count"),
    "caseload_note": N_("This week's homework counts only what is already due, in each client's own day."),
    "no_clients": N_("You have no linked clients yet. Invite one with /invite in the bot."),
    "sort_by": N_("Sort by"),
    "sort_attention": N_("Needs attention"),
    "sort_name": N_("Name"),
    "sort_last": N_("Last active"),
    "sort_missed": N_("Missed"),
    "sort_apply": N_("Sort"),
    "col_client": N_("Client"),
    "col_last": N_("Last active"),
    "col_due": N_("Due"),
    "col_done": N_("Done"),
    "col_missed": N_("Missed"),
    "col_rating": N_("Latest change"),
    "col_safety": N_("Safety"),
    "never": N_("never"),
    "today": N_("today"),
    "yesterday": N_("yesterday"),
    "sos_open": N_("SOS path open"),
    "sos_recent": N_("SOS path on {date}"),
    "homework": N_("Homework"),
    "no_homework": N_("No homework assigned."),
    "homework_line": N_("{title}: from {date} at {time}, {done} of {times} done"),
    "cancelled": N_("cancelled"),
    "homework_note": N_("Note to the client: {note}"),
    "since_title": N_("Since last session"),
    "since_session": N_("Since the session marked on {when}."),
    "since_review": N_("Since your last review, on {when}."),
    "since_start": N_("Since the beginning."),
    "none_since": N_("No exercises completed since then."),
    "since_more": NN_("The newest are shown; {count} earlier one is in the list of exercises below.",
                      "The newest are shown; {count} earlier ones are in the list of exercises below.", "count"),
    "timeline": N_("Exercises"),
    "no_exercises": N_("No exercises yet."),
    "newer": N_("‹ Newer"),
    "older": N_("Older ›"),
    "page_of": N_("Page {page} of {pages}"),
    "notes": N_("Private notes"),
    "notes_private": N_("Only you see these notes; the client never does."),
    "no_notes": N_("No notes."),
    "transcript": N_("Full transcript"),
    "times_in": N_("Times are in {zone}."),
    "time_on_step": N_("{duration} on this step"),
    "no_answers": N_("No answers."),
    "export": N_("Export this exercise"),
    "back_caseload": N_("Back to the caseload"),
    "back_client": N_("Back to {client}"),
    "ratings": N_("Ratings"),
}


def wt(name: str, language: str, **fields: object) -> str:
    return translate(_MESSAGES[name], language, **fields)
