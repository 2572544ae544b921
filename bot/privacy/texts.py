"""The words of the personal-data PDF (English source texts; translations in bot/i18n/locale).
Plain text: the PDF draws it as it is."""

from __future__ import annotations

from typing import Final

from bot.i18n import N_, NN_, Message, PluralMessage, translate

_MESSAGES: Final[dict[str, Message | PluralMessage]] = {
    "doc_title": N_("Your data in the CBT practice bot"),
    "intro": N_("Everything the bot stores about you on {date}. The JSON file sent with this one holds the same, "
             "machine-readable. Times are in your time zone ({zone})."),
    "about_you": N_("About you"),
    "telegram_id": N_("Telegram user id"),
    "role": N_("Role"),
    "role_client": N_("client"),
    "role_therapist": N_("therapist"),
    "language": N_("Language"),
    "timezone": N_("Time zone"),
    "display_name": N_("Name shown to others"),
    "first_seen": N_("First seen"),
    "updated": N_("Last change"),
    "consent_given": N_("Consent given"),
    "consent_withdrawn": N_("Consent withdrawn"),
    "consent_now": N_("Consent now"),
    "yes": N_("yes"),
    "no": N_("no"),
    "blocked": N_("Unreachable since"),
    "purged_activity": N_("Newest activity deleted by retention"),
    "exercises": N_("Your exercises ({count})"),
    "no_exercises": N_("No exercises."),
    "unreadable": N_("This exercise's questions can no longer be shown; your answers as stored:"),
    "homework": N_("Homework given to you"),
    "from_therapist": N_("From {name}"),
    "a_therapist": N_("your therapist"),
    "note": N_("Note"),
    "schedule_once": N_("once"),
    "schedule_daily": NN_("daily, {times} time", "daily, {times} times", "times"),
    "schedule_weekly": NN_("weekly, {times} time", "weekly, {times} times", "times"),
    "assigned": N_("assigned {date}"),
    "cancelled": N_("cancelled {date}"),
    "item_done": N_("{due}: done {date}"),
    "item_open": N_("{due}: not done"),
    "assignments_made": N_("Homework you assigned"),
    "client_number": N_("Client #{id}"),
    "links": N_("Therapists and clients"),
    "link_therapist": N_("Therapist: {name}"),
    "link_client": N_("Client #{id}"),
    "linked": N_("linked {date}"),
    "ended": N_("ended {date} by {by}"),
    "ended_by_client": N_("the client"),
    "ended_by_therapist": N_("the therapist"),
    "ended_by_replaced": N_("linking to another therapist"),
    "reads": N_("Who read your data"),
    "no_reads": N_("Nobody has read your data."),
    "unknown_reader": N_("a therapist who has since left"),
    "action_review": N_("read an exercise"),
    "action_export": N_("exported your exercises"),
    "action_progress": N_("viewed your progress"),
    "your_reads": N_("Clients' data you read"),
    "invites": N_("Invitations"),
    "invite_client": N_("Invitation to link with a therapist"),
    "invite_therapist": N_("Invitation to become a therapist"),
    "invite_made": N_("made {date}"),
    "invite_used": N_("used {date}"),
    "invite_unused": N_("unused, expires {date}"),
    "invite_by_you": N_("by you"),
    "custom_flows": N_("Your own exercises (flows)"),
    "flow_line": N_("{flow} — version {version}, saved {date}"),
    "dialog": N_("Unfinished dialog"),
    "dialog_line": N_("{kind}, last step {date}"),
    "safety_events": N_("Crisis support shown to you"),
    "safety_command": N_("you asked for help (/sos)"),
    "safety_detected": N_("the bot offered help after a message"),
    "safety_choices": N_("choices: {choices}"),
    "safety_closed": N_("closed {date} ({outcome})"),
    "none": N_("—"),
    "telegram_language": N_("Your Telegram app's language"),
}


def text(key: str, language: str, **fields: object) -> str:
    return translate(_MESSAGES[key], language, **fields)
