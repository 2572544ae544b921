"""Words for therapists and for the links between therapists and clients.

English source texts; their translations are in bot/i18n/locale, and a language without one reads English.
"""

from __future__ import annotations

from typing import Final

from bot.i18n import N_, NN_, NP_, Message, PluralMessage, translate

_MESSAGES: Final[dict[str, Message | PluralMessage]] = {
    "therapists_only": N_("This command is for therapists."),
    "dashboard_link": N_("Your sign-in link to the dashboard. It works once, for five minutes; do not share it:\n"
                         "{link}"),
    "dashboard_off": N_("The dashboard is not set up on this bot."),
    "dashboard_open": N_("Open the dashboard in Telegram"),
    "therapist_help": N_(
        "<b>For therapists</b>\n"
        "/invite — a single-use link for a client; /invite Maria K. names them for you\n"
        "/rename — change the name you give a client (only you see it)\n"
        "/myname — the name your clients see\n"
        "/clients — your clients at a glance: last activity, this week's homework, ratings, SOS; a card each\n"
        "/digest — a daily or weekly digest of who did what and who missed what; notices of missed items\n"
        "/assign — homework: client, exercise, schedule, reminder, note\n"
        "/assignments — a client's homework: change or cancel it\n"
        "/templates — saved homework, to assign to several clients at once\n"
        "/review — read a client's exercises\n"
        "/session — what a client did since the last session; mark a session held\n"
        "/note — your private notes on a client or an exercise\n"
        "/export — a client's exercises as PDF, CSV or JSON, compact or in full\n"
        "/progress — a chart of ratings over the weeks, with the trend\n"
        "/flows — your own exercises; send a YAML file to add one\n"
        "/release — end the link with a client\n"
        "/dashboard — the same on a web page: caseload, a client's exercises, transcripts, exports"
    ),
    "invite_created": N_(
        "Send this link to your client. It works once and expires on {expires}:\n{link}\n\n"
        "When they open it, they will see your name and what you will be able to read, and choose whether "
        "to link."
    ),
    "invite_invalid": N_("This invitation link is not valid: it may have been used already or have expired."),
    "invite_own": N_("This is your own invitation link: send it to your client."),
    "your_therapist": N_("your therapist"),
    "join_question": N_(
        "<b>{therapist}</b> invites you to link this bot with them.\n\n"
        "If you agree, {therapist} will be able to read the exercises you do here — your answers, ratings "
        "and when you did them — to talk about them in your sessions. They will be told when you finish "
        "homework, without your words. They cannot see anything else in your Telegram.\n\n"
        "Your messages are checked automatically for signs of risk. If the check recognises clear signs, if "
        "you answer yes to its question about unclear ones, or if you send /sos, {therapist} will be alerted — "
        "without your words — and the moment is stored.\n\n"
        "You can unlink at any time with /unlink."
    ),
    "join_yes": N_("I agree — link me"),
    "join_no": N_("No, thanks"),
    "join_declined": N_("Not linked. Nothing was shared."),
    "joined": N_("You are now linked with {therapist}. Homework they assign appears in /homework."),
    "client_joined": N_("{client} accepted your invitation and is now linked with you."),
    "not_linked": N_("You are not linked with a therapist."),
    "unlinked": N_("You are no longer linked. Your therapist can no longer read your exercises."),
    "client_left": N_("{client} is no longer linked with you."),
    "no_clients": N_("You have no linked clients yet. Invite one with /invite."),
    "release_choose": N_("Which client do you want to release? They will be told that the link has ended."),
    "not_your_client": N_("That person is not one of your linked clients."),
    "released": N_("The client is released; you can no longer read their exercises."),
    "therapist_released_you": N_("Your therapist has ended the link. They can no longer read your exercises."),
    "now_therapist": N_("You are now registered as a therapist. /invite creates a link for a client; /help lists "
                     "what you can do."),
    "assign_client": N_("<b>Assign homework</b>\nWho is it for?"),
    "assign_flow": N_("Which exercise for {client}?"),
    "assign_schedule": N_("How often?"),
    "once": N_("Once"),
    "daily": N_("Daily"),
    "weekly": N_("Weekly"),
    "assign_times": N_("How many times in all?"),
    "assign_due": N_("Due when? Choose, or type a date (YYYY-MM-DD or DD.MM.YYYY)."),
    "assign_first": N_("Starting when? Choose, or type a date (YYYY-MM-DD or DD.MM.YYYY)."),
    "in_days_0": N_("Today"),
    "in_days_1": N_("Tomorrow"),
    "in_days_3": N_("In 3 days"),
    "in_days_7": N_("In a week"),
    "assign_time": N_("Remind at what time (the client's time)? Choose, or type HH:MM."),
    "assign_note": N_("Type a short note for your client, or press the button."),
    "no_note": N_("No note"),
    "assign_confirm": NN_(
        "<b>Check the homework</b>\nClient: {client}\nExercise: {flow}\nSchedule: {schedule}, {times} time, "
        "from {due}\nReminder: {time} ({zone})\nNote: {note}",
        "<b>Check the homework</b>\nClient: {client}\nExercise: {flow}\nSchedule: {schedule}, {times} times, "
        "from {due}\nReminder: {time} ({zone})\nNote: {note}",
        "times",
    ),
    "assign_ok": N_("Assign"),
    "assign_cancel": N_("Cancel"),
    "assign_cancelled": N_("Nothing was assigned."),
    "assigned": N_("Assigned. {client} has been told."),
    "wizard_expired": N_("That step is no longer current. Start again with /assign."),
    "use_buttons": N_("Please use the buttons above."),
    "bad_due": N_("I could not read that date. Please type it as YYYY-MM-DD or DD.MM.YYYY (today or later)."),
    "bad_time": N_("I could not read that time. Please type it as HH:MM, for example 18:30."),
    "bad_note": N_("Please type the note as text."),
    "new_homework": NN_(
        "<b>New homework from your therapist:</b> {flow}\nFirst due: {due} · {times} time · reminder at {time}"
        "\nStart it with /homework.",
        "<b>New homework from your therapist:</b> {flow}\nFirst due: {due} · {times} times · reminder at {time}"
        "\nStart it with /homework.",
        "times",
    ),
    "note_line": N_("\n\n<i>Note:</i> {note}"),
    "no_homework": N_("You have no homework right now. /practice has every exercise."),
    "homework_title": N_("<b>Your homework</b>"),
    "due": N_("due {due}"),
    "in_progress_mark": N_(" (started)"),
    "start_item": N_("Start: {flow}"),
    "snoozed": N_("I will remind you again in an hour."),
    "reminder": N_("<b>Reminder:</b> your homework {flow} is due {due}."),
    "start": NP_("a button that starts a homework exercise", "Start"),
    "snooze": N_("Remind me in an hour"),
    "completed_notice": N_("{client} completed {flow} (homework due {due})."),
    "flows_title": N_("<b>Your flows</b>"),
    "flows_none": N_("None yet."),
    "flows_how": N_(
        "\nTo add or update one, send its YAML file here. Write it as docs/flows.md describes; it is checked "
        "exactly as <code>cbt-bot flows validate</code> checks it. Only you and your clients see your flows."
    ),
    "upload_not_therapist": N_("I can't use files here. Please type your answer."),
    "upload_unreadable": N_("Please send a flow as a .yaml file of at most 256 KB."),
    "upload_invalid": NN_("This flow has {count} error, so it was not saved:",
                          "This flow has {count} errors, so it was not saved:", "count"),
    "upload_shipped_id": N_("The id <code>{flow_id}</code> belongs to a built-in exercise: please choose another id."),
    "upload_added": N_("Added <b>{title}</b> (version {version}). Your clients see it in /practice."),
    "upload_updated": N_(
        "Updated <b>{title}</b> (version {version}). Exercises already started finish on the version they began."
    ),
    "upload_warnings": N_("Warnings:"),
}


def tt(name: str, language: str, **fields: object) -> str:
    return translate(_MESSAGES[name], language, **fields)
