"""Words for changing homework: the one-message /assign wizard, a client's assignments, templates and
assigning to several clients.

English source texts; their translations are in bot/i18n/locale, and a language without one reads English.
"""

from __future__ import annotations

from typing import Final

from bot.i18n import N_, NN_, NP_, Message, PluralMessage, translate

_MESSAGES: Final[dict[str, Message | PluralMessage]] = {
    "change": N_("Change…"),
    "change_what": N_("What do you want to change?"),
    "field_schedule": N_("How often"),
    "field_due": N_("Which day"),
    "field_time": N_("Reminder time"),
    "field_note": NP_("a button: change the note to the client", "Note"),
    "back": NP_("a button that returns to the previous view", "Back"),
    "repeat_last": N_("Repeat last: {flow}"),
    "their_homework": N_("Their homework"),
    "wizard_stale": N_(
        "That button is no longer active: it belongs to an earlier step or an older /assign. Use the latest "
        "message, or send /assign to start again."
    ),
    "list_title": N_("<b>Homework of {client}</b>"),
    "list_none": N_("{client} has no homework going on. Assign some with /assign."),
    "list_line": N_("• {flow} — {schedule}, {done}/{times} done, next {due} at {time}"),
    "list_edit": N_("Change: {flow}"),
    "list_cancel": N_("Cancel: {flow}"),
    "list_new": N_("Assign new"),
    "choose_client_list": N_("Whose homework do you want to see?"),
    "edit_confirm": NN_(
        "<b>Change the homework</b>\nClient: {client}\nExercise: {flow}\nSchedule: {schedule}, {times} more time, "
        "from {due} ({done} done)\nReminder: {time} ({zone})\nNote: {note}",
        "<b>Change the homework</b>\nClient: {client}\nExercise: {flow}\nSchedule: {schedule}, {times} more times, "
        "from {due} ({done} done)\nReminder: {time} ({zone})\nNote: {note}",
        "times",
    ),
    "save_changes": N_("Save"),
    "edit_kept": N_("Nothing changed."),
    "assign_times_more": N_("How many more times?"),
    "from_template": N_("Template: {flow}"),
    "cancel_homework": N_("Cancel this homework"),
    "cancel_sure": N_("Cancel {flow} for {client}? What is done stays; no more reminders. {client} will be told."),
    "cancel_yes": N_("Yes, cancel it"),
    "cancel_no": N_("No, keep it"),
    "changed": N_("Changed. {client} has been told."),
    "cancelled_done": N_("Cancelled: {flow} for {client}. {client} has been told."),
    "client_changed": NN_(
        "<b>Your therapist changed your homework:</b> {flow}\nNext due: {due} · {times} more time · reminder "
        "at {time}",
        "<b>Your therapist changed your homework:</b> {flow}\nNext due: {due} · {times} more times · reminder "
        "at {time}",
        "times",
    ),
    "client_cancelled": N_("Your therapist cancelled your homework: {flow}. Nothing more is due for it."),
    "no_longer_live": N_("That homework is no longer active: it is finished or cancelled."),
    "save_template": N_("Save as template"),
    "template_saved": N_("Saved as a template: /templates lists them."),
    "templates_title": N_("<b>Your homework templates</b>\nAssign one to one or several clients in a few taps."),
    "templates_none": N_(
        "You have no templates yet. After assigning homework, press “Save as template” under the confirmation."
    ),
    "template_line": N_("{number}. {flow} — {schedule}, {due}, {time}{note}"),
    "template_has_note": N_(", with a note"),
    "template_assign": N_("{number}. Assign…"),
    "template_delete": N_("{number}. Delete"),
    "template_gone": N_("That template no longer exists. /templates lists the ones you have."),
    "pick_clients": N_("<b>{flow}</b> — {schedule}, {due}, {time}\nWho is it for? Tap to select, then Next."),
    "pick_all": N_("Select all"),
    "pick_none": N_("Clear"),
    "pick_next": N_("Next ({count})"),
    "pick_at_least_one": N_("Choose at least one client."),
    "bulk_confirm": NN_(
        "<b>Assign {flow}</b> — {schedule}, {due}, {time}\nto {count} client: {clients}?",
        "<b>Assign {flow}</b> — {schedule}, {due}, {time}\nto {count} clients: {clients}?",
        "count",
    ),
    "bulk_done": NN_("Assigned {flow} to {count} client. Each has been told.",
                     "Assigned {flow} to {count} clients. Each has been told.", "count"),
    "bulk_skipped": N_("Not assigned (no longer linked, or the exercise is not available to them): {clients}."),
    "schedule_once": N_("once"),
    "schedule_times": NN_("{schedule}, {times} time", "{schedule}, {times} times", "times"),
    "due_in": NN_("in {days} day", "in {days} days", "days"),
    "due_today": N_("today"),
    "due_tomorrow": N_("tomorrow"),
    "release_sure": N_(
        "Release {client}? You will no longer read their exercises or assign homework, and they will be told "
        "that the link has ended."
    ),
    "release_yes": N_("Yes, release"),
    "release_no": N_("No, keep the link"),
    "release_kept": N_("Nothing changed: {client} stays linked."),
}


def ht(name: str, language: str, **fields: object) -> str:
    return translate(_MESSAGES[name], language, **fields)
