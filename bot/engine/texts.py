"""The engine's own words: button labels, re-prompts and notices.

English source texts; their translations are in bot/i18n/locale, and a language without one reads English.
Texts are Telegram HTML; `{name}` fields are filled with `str.format`, so only numbers and already-escaped
text are ever passed in.
"""

from __future__ import annotations

from typing import Final

from bot.i18n import N_, NN_, Message, PluralMessage, translate

SKIPPED: Final = "—"

_MESSAGES: Final[dict[str, Message | PluralMessage]] = {
    # buttons
    "done": N_("Done"),
    "skip": N_("Skip"),
    "stop": N_("Stop"),
    "confirm": N_("Looks right"),
    "edit": N_("Change: {label}"),
    "other": N_("Other…"),
    # re-prompts, one per kind of question
    "reprompt_text_empty": N_("The answer is empty. Please write a few words in reply to the question."),
    "reprompt_text_short": NN_("Please write a little more (at least {count} character).",
                               "Please write a little more (at least {count} characters).", "count"),
    "reprompt_text_long": NN_("That is too long for this step. Please keep it within {count} character.",
                              "That is too long for this step. Please keep it within {count} characters.", "count"),
    "reprompt_text_words": NN_("Please keep it to {count} word.", "Please keep it to {count} words.", "count"),
    "reprompt_choice": N_("Please choose one of the options below."),
    "reprompt_multi_choice": N_("Tap the options that fit (tap again to undo), then press Done."),
    "reprompt_multi_too_few": N_("Please choose at least {min}, then press Done."),
    "reprompt_multi_too_many": N_("Please choose at most {max}, then press Done."),
    "reprompt_other_text": N_("Please describe it in a few words."),
    "reprompt_scale": N_("Please choose a number from {min} to {max}."),
    "reprompt_scale_step": N_("Please choose a number from {min} to {max}, in steps of {step}."),
    "reprompt_button": N_("Press the button below when you are ready to go on."),
    "reprompt_summary": N_("Use the buttons below to change an answer, or confirm to go on."),
    # notices
    "stale": N_("That button belongs to an earlier question. Here is where we are now:"),
    "first_question": N_("This is the first question, so there is nothing to go back to."),
    "paused": N_("Paused. Your answers are saved. Send /resume when you want to carry on from the same step."),
    "resumed": N_("Welcome back. Let's carry on."),
    "edit_opens_steps": N_(
        "This answer leads to other questions. After them, we'll come back to the list of your answers."
    ),
    "exercise_ended": N_("This exercise has already ended. You can start a new one from the menu."),
    "cancelled": N_("Exercise stopped. What you wrote so far is saved, and you can start again any time."),
    "timer_running": N_("The timer is running. Press Stop if you want to end it early."),
    "stuck": N_("Something went wrong in this exercise, so it has stopped. Your answers are saved."),
    "unknown_state": N_("This exercise has changed since you started it. Please start it again."),
    # answers shown in summaries and transcripts
    "timer_completed": N_("finished ({seconds} s)"),
    "timer_stopped": N_("stopped after {seconds} s"),
    # a questionnaire's scores, at its end
    "score_line": N_("{label}: {value} of {high}"),
    "score_line_band": N_("{label}: {value} of {high} ({band})"),
    # a follow-up's day and time
    "follow_up_today": N_("Today"),
    "follow_up_tomorrow": N_("Tomorrow"),
    "follow_up_in_days": NN_("In {count} day", "In {count} days", "count"),
    "follow_up_none": N_("No reminder"),
    "follow_up_time": N_("{day}: at what time? Choose one, or type a time such as 18:30."),
    "reprompt_follow_up_time": N_("Please choose a time below, or type one such as 18:30."),
    # general help
    "help": N_(
        "This is an automated practice exercise. It is not a crisis service, and nobody reads "
        "your answers in real time.\n\n"
        "You can always:\n"
        "• /back: go back to the previous question and change your answer\n"
        "• /pause: take a break and come back later with /resume\n"
        "• /cancel: stop this exercise\n"
        "• /sos: if you are in crisis or thinking about harming yourself, get help now"
    ),
}


def builtin(name: str, language: str, **fields: object) -> str:
    """A built-in text in `language` (English if there is no translation), with `fields` filled in."""
    return translate(_MESSAGES[name], language, **fields)


def counted(name: str, language: str, count: int) -> str:
    """A built-in text about `count` things, in the plural form the language's grammar asks for that number
    (the catalog's Plural-Forms: 1 символ, 2 символа, 5 символов), with `{count}` filled in."""
    return builtin(name, language, count=count)
