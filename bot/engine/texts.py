"""The engine's own words: button labels, re-prompts and notices, in English and Russian.

Other languages fall back to English. Texts are Telegram HTML; `{name}` fields are filled with
`str.format`, so only numbers and already-escaped text are ever passed in.
"""

from __future__ import annotations

from typing import Final

FALLBACK: Final = "en"
SKIPPED: Final = "—"

_EN: Final[dict[str, str]] = {
    # buttons
    "done": "Done",
    "skip": "Skip",
    "stop": "Stop",
    "confirm": "Looks right",
    "edit": "Change: {label}",
    "other": "Other…",
    # re-prompts, one per kind of question
    "reprompt_text_empty": "The answer is empty. Please write a few words in reply to the question.",
    "reprompt_text_short/one": "Please write a little more (at least {count} character).",
    "reprompt_text_short/other": "Please write a little more (at least {count} characters).",
    "reprompt_text_long/one": "That is too long for this step. Please keep it within {count} character.",
    "reprompt_text_long/other": "That is too long for this step. Please keep it within {count} characters.",
    "reprompt_choice": "Please choose one of the options below.",
    "reprompt_multi_choice": "Tap the options that fit (tap again to undo), then press Done.",
    "reprompt_multi_too_few": "Please choose at least {min}, then press Done.",
    "reprompt_multi_too_many": "Please choose at most {max}, then press Done.",
    "reprompt_other_text": "Please describe it in a few words.",
    "reprompt_scale": "Please choose a number from {min} to {max}.",
    "reprompt_scale_step": "Please choose a number from {min} to {max}, in steps of {step}.",
    "reprompt_button": "Press the button below when you are ready to go on.",
    "reprompt_summary": "Use the buttons below to change an answer, or confirm to go on.",
    # notices
    "stale": "That button belongs to an earlier question. Here is where we are now:",
    "first_question": "This is the first question, so there is nothing to go back to.",
    "paused": "Paused. Your answers are saved. Send /resume when you want to carry on from the same step.",
    "resumed": "Welcome back. Let's carry on.",
    "edit_opens_steps": (
        "This answer leads to other questions. After them, we'll come back to the list of your answers."
    ),
    "exercise_ended": "This exercise has already ended. You can start a new one from the menu.",
    "cancelled": "Exercise stopped. What you wrote so far is saved, and you can start again any time.",
    "timer_running": "The timer is running. Press Stop if you want to end it early.",
    "stuck": "Something went wrong in this exercise, so it has stopped. Your answers are saved.",
    "unknown_state": "This exercise has changed since you started it. Please start it again.",
    # answers shown in summaries and transcripts
    "timer_completed": "finished ({seconds} s)",
    "timer_stopped": "stopped after {seconds} s",
    # general help
    "help": (
        "This is an automated practice exercise. It is not a crisis service, and nobody reads "
        "your answers in real time.\n\n"
        "You can always:\n"
        "• /back: go back to the previous question and change your answer\n"
        "• /pause: take a break and come back later with /resume\n"
        "• /cancel: stop this exercise\n"
        "• /sos: if you are in crisis or thinking about harming yourself, get help now"
    ),
}

_RU: Final[dict[str, str]] = {
    "done": "Готово",
    "skip": "Пропустить",
    "stop": "Стоп",
    "confirm": "Всё верно",
    "edit": "Изменить: {label}",
    "other": "Другое…",
    "reprompt_text_empty": "Ответ пустой. Пожалуйста, напишите несколько слов в ответ на вопрос.",
    # «хотя бы N …» and «уложитесь в N …» take the accusative, which has the three counting forms
    "reprompt_text_short/one": "Пожалуйста, напишите чуть подробнее (хотя бы {count} символ).",
    "reprompt_text_short/few": "Пожалуйста, напишите чуть подробнее (хотя бы {count} символа).",
    "reprompt_text_short/many": "Пожалуйста, напишите чуть подробнее (хотя бы {count} символов).",
    "reprompt_text_long/one": "Для этого шага слишком длинно. Пожалуйста, уложитесь в {count} символ.",
    "reprompt_text_long/few": "Для этого шага слишком длинно. Пожалуйста, уложитесь в {count} символа.",
    "reprompt_text_long/many": "Для этого шага слишком длинно. Пожалуйста, уложитесь в {count} символов.",
    "reprompt_choice": "Пожалуйста, выберите один из вариантов ниже.",
    "reprompt_multi_choice": (
        "Отметьте подходящие варианты (повторное нажатие снимает отметку), затем нажмите «Готово»."
    ),
    "reprompt_multi_too_few": "Пожалуйста, выберите хотя бы {min}, затем нажмите «Готово».",
    "reprompt_multi_too_many": "Пожалуйста, выберите не больше {max}, затем нажмите «Готово».",
    "reprompt_other_text": "Пожалуйста, опишите в нескольких словах.",
    "reprompt_scale": "Пожалуйста, выберите число от {min} до {max}.",
    "reprompt_scale_step": "Пожалуйста, выберите число от {min} до {max} с шагом {step}.",
    "reprompt_button": "Нажмите кнопку ниже, когда будете готовы продолжить.",
    "reprompt_summary": "Кнопками ниже можно изменить ответ или подтвердить и продолжить.",
    "stale": "Эта кнопка относится к одному из прошлых вопросов. Вот где мы сейчас:",
    "first_question": "Это первый вопрос, вернуться назад некуда.",
    "paused": "Пауза. Ответы сохранены. Отправьте /resume, когда захотите продолжить с того же шага.",
    "resumed": "С возвращением. Продолжим.",
    "edit_opens_steps": "Этот ответ ведёт к другим вопросам. После них мы вернёмся к списку ваших ответов.",
    "exercise_ended": "Это упражнение уже завершено. Новое можно начать из меню.",
    "cancelled": "Упражнение остановлено. Написанное сохранено, начать заново можно в любой момент.",
    "timer_running": "Таймер идёт. Нажмите «Стоп», если хотите закончить раньше.",
    "stuck": "В упражнении что-то пошло не так, поэтому оно остановлено. Ответы сохранены.",
    "unknown_state": "Это упражнение изменилось с тех пор, как вы его начали. Пожалуйста, начните заново.",
    "timer_completed": "выполнено ({seconds} с)",
    "timer_stopped": "остановлено через {seconds} с",
    "help": (
        "Это автоматическое упражнение для самостоятельной практики. Это не служба кризисной помощи, "
        "и никто не читает ваши ответы в реальном времени.\n\n"
        "В любой момент можно:\n"
        "• /back — вернуться к предыдущему вопросу и изменить ответ\n"
        "• /pause — сделать перерыв и вернуться позже командой /resume\n"
        "• /cancel — прекратить упражнение\n"
        "• /sos — если вам очень плохо или есть мысли причинить себе вред, получить помощь сейчас"
    ),
}

_TEXTS: Final[dict[str, dict[str, str]]] = {"en": _EN, "ru": _RU}


def builtin(name: str, language: str, **fields: object) -> str:
    """A built-in text in `language` (English if there is no translation), with `fields` filled in."""
    text = _TEXTS.get(language, _EN).get(name) or _EN[name]
    return text.format(**fields) if fields else text


def counted(name: str, language: str, count: int) -> str:
    """A built-in text about `count` things, in the plural form the language's grammar asks for that
    number (`name/one`, `name/few`...), with `{count}` filled in."""
    if language not in _PLURAL_FORM:
        language = FALLBACK
    return builtin(f"{name}/{_PLURAL_FORM[language](count)}", language, count=count)


def _english_form(count: int) -> str:
    return "one" if count == 1 else "other"


def _russian_form(count: int) -> str:
    """1, 21, 101: «символ»; 2-4, 22-24: «символа»; 0, 5-20, 25-30, 111-114: «символов»."""
    if count % 10 == 1 and count % 100 != 11:
        return "one"
    if 2 <= count % 10 <= 4 and not 12 <= count % 100 <= 14:
        return "few"
    return "many"


_PLURAL_FORM: Final = {"en": _english_form, "ru": _russian_form}
