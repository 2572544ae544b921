"""The bot's own words outside exercises.

English source texts; their translations are in bot/i18n/locale, and a language without one reads English.
"""

from __future__ import annotations

from typing import Final, Protocol

from bot.i18n import N_, NP_, SOURCE_LANGUAGE, Message, PluralMessage, languages, translate

_MESSAGES: Final[dict[str, Message | PluralMessage]] = {
    "welcome": N_(
        "<b>Hello. This bot helps you practise CBT skills between therapy sessions</b> — thought records, "
        "breathing and relaxation, and preparing to set a boundary.\n\n"
        "<b>What it is not:</b> it is automated practice, not therapy, and not a crisis service. Nobody "
        "reads your answers in real time. If you are in danger, send /sos at any moment.\n\n"
        "<b>Who sees your answers:</b> your answers are stored so you can come back to them; if you link "
        "the bot with your therapist, they can read the exercises you do. Nothing is shared with anyone "
        "else. /privacy tells you more; /mydata and /deleteme give you your data or erase it.\n\n"
        "<b>Safety checks:</b> your messages are checked automatically — by the program, not by a person — "
        "for signs of risk. When the signs are unclear, the bot first asks you a short question. When they are "
        "clear, when you answer yes, or when you send /sos, the bot shows crisis resources, stores that this "
        "happened, and alerts a therapist you are linked with, without your words.\n\n"
        "Do you agree to your answers being stored for this purpose?"
    ),
    "consent_yes": N_("I agree"),
    "consent_no": N_("Not now"),
    "consent_thanks": N_("Thank you. Choose an exercise with /practice, or see /help for everything you can do."),
    "consent_declined": N_(
        "That's fine: nothing you write will be stored. If you change your mind, send /start. "
        "/sos works at any time."
    ),
    "consent_needed": N_("Before we start, please read this and choose whether to go on:"),
    "catalogue": N_("<b>Choose an exercise</b>"),
    "category_reframing": N_("Thought reframing"),
    "category_relaxation": N_("Relaxation"),
    "category_boundaries": N_("Boundaries"),
    "category_measures": N_("Questionnaires and check-ins"),
    "category_other": N_("Other"),
    "minutes": N_("{minutes} min"),
    "in_progress": N_(
        "You have an exercise in progress: <b>{title}</b>. Carry on with it, or stop it and start "
        "<b>{new_title}</b>?"
    ),
    "carry_on": N_("Carry on"),
    "start_new": N_("Stop it and start the new one"),
    "nothing_to_resume": N_("There is no exercise in progress. Choose one with /practice."),
    "nothing_in_progress": N_("There is no exercise in progress right now. /practice shows them all."),
    "history_empty": N_("You have not completed an exercise yet. /practice shows them all."),
    "history": N_("<b>Your completed exercises</b> (newest first)"),
    "language_choose": N_("Choose your language:"),
    "language_set": N_("Language set: English."),
    "help": N_(
        "<b>What this bot does</b>\n"
        "Short exercises to practise CBT skills between sessions. It is automated practice, not therapy "
        "and not a crisis service, and nobody reads your answers in real time.\n\n"
        "/practice — choose an exercise\n"
        "/resume — carry on where you left off\n"
        "/back — the previous question, to change your answer\n"
        "/pause — take a break; /resume later\n"
        "/cancel — stop the current exercise\n"
        "/history — exercises you have completed\n"
        "/language — English or Russian\n"
        "/country — where you are: reminder times and the helplines shown\n"
        "/privacy — what is stored; /mydata — all your data; /deleteme — delete it\n"
        "/sos — if you are in crisis, help now"
    ),
    "unknown_command": N_("I don't know that command. /help lists what I can do."),
    "not_text": N_("I can only read text messages here. Please type your answer."),
    "stale_menu": N_("That button is no longer active."),
    "client_number": N_("Client #{number}"),
    "timer_done": N_("✓ Time is up."),
    "timer_stopped": N_("⏹ Stopped."),
    "timer_interrupted": N_("⏸ Interrupted: the bot was stopped. If it starts again, the count goes on below."),
    "flow_unavailable": N_("That exercise is no longer available. /practice shows the current ones."),
    "timezone_current": N_("Your time zone is {zone}. Reminders come at their local time in it. To change it, "
                        "send for example <code>/timezone Europe/Berlin</code>."),
    "timezone_unknown": N_("I don't know that time zone. Use a name like Europe/Berlin or America/New_York."),
    "timezone_set": N_("Time zone set: {zone}."),
    "location_question": N_(
        "One more question, and you can skip it: where are you? It sets when your reminders come, and which "
        "helplines I show if you ever need one. Tap your country, or type your city or time zone (for example: "
        "Berlin, or Europe/Berlin)."),
    "location_question_again": N_("To change it, tap your country, or type your city or time zone (for example: "
                                  "Berlin, or Europe/Berlin)."),
    "location_zone_question": N_("{country} has more than one time zone. Which is yours? You can also type your "
                                 "city."),
    "location_set": N_("Thank you. Country: {country}; time zone: {zone}. To change them, send /country."),
    "location_unknown": N_("I couldn't find that place. Type a city (Berlin), a country (Germany) or a time zone "
                           "(Europe/Berlin), or tap a button."),
    "location_skipped": N_("All right. Until you tell me, reminders use UTC and I show international helplines. "
                           "You can set your place any time with /country."),
    "location_skip": N_("Skip"),
    "country_current": N_("Your country: {country}; time zone: {zone}. The country decides which helplines I "
                          "show; the time zone, when reminders come."),
    "country_unknown": N_("I don't know your country yet (time zone: {zone}), so I show international helplines."),
    "edited": N_("I saw that you edited a message. To change an answer, use /back."),
    "repeat_question": N_("Sorry — my last message may not have reached you. Here it is again:"),
    "exercise_left_open": N_("Welcome back. Your exercise is still open; here is where you stopped:"),
    "busy": N_("Sorry, something went wrong on my side and your last message was not saved. Please send it again."),
    "item_gone": N_("This homework is already done or no longer assigned."),
    "finish_first": N_("Please finish or /cancel the exercise you are doing first."),
    "menu_practice": N_("Choose an exercise"),
    "menu_homework": N_("Homework from your therapist"),
    "menu_privacy": N_("What is stored, and your rights"),
    "menu_resume": N_("Carry on where you left off"),
    "menu_back": N_("Previous question"),
    "menu_pause": N_("Take a break"),
    "menu_cancel": N_("Stop the current exercise"),
    "menu_history": N_("Completed exercises"),
    "menu_language": N_("Language"),
    "menu_country": N_("Your country and time zone"),
    "menu_help": N_("What I can do"),
    "menu_sos": N_("Crisis help, now"),
    "menu_start": NP_("the /start command in the command menu", "Start"),
    "menu_saved": N_("My goals, plan and lists"),
    "follow_up_set": N_("Reminder set: {flow} on {day} at {time}."),
    "saved_none": N_("Nothing saved yet. Exercises such as SMART goals or the relapse-prevention plan keep "
                     "what you write here."),
    "saved_title": N_("<b>What you have saved</b>"),
    "saved_done": N_("done"),
}



def ui(name: str, language: str, **fields: object) -> str:
    return translate(_MESSAGES[name], language, **fields)


class Addressee(Protocol):
    @property
    def language(self) -> str | None: ...  # chosen with /language
    @property
    def telegram_language(self) -> str | None: ...  # their Telegram app's language_code, as last seen


def pick_language(chosen: str | None, telegram_code: str | None) -> str:
    """The one rule for every message: the language the person chose with /language, else their Telegram
    app's language if we have it, else English."""
    for candidate in (chosen, (telegram_code or "")[:2].lower()):
        if candidate in languages():
            return candidate
    return SOURCE_LANGUAGE


def language_of(person: Addressee) -> str:
    """The language of a message to someone who is not writing right now (a reminder, a notice)."""
    return pick_language(person.language, person.telegram_language)
