"""The terminal's own words around a flow, in English and Russian (other languages fall back to English).

The flow's texts and the engine's come in the session's language already; these are the lines only a
terminal needs: how to type answers and commands, the timer's count-down, what pausing and quitting mean
here, where nothing is stored.
"""

from __future__ import annotations

from typing import Final

_EN: Final[dict[str, str]] = {
    "commands": "Commands: /back /pause /resume /cancel /help /sos /quit",
    "several": "(several at once: their numbers with spaces between, such as 1 3)",
    "numbers": "Please type numbers from 1 to {count}, with spaces between, such as 1 3; the number of a "
               "button such as Done can only come last.",
    "or": "or: {actions}",
    "before": "(before: {answer})",
    "paused": (
        "Paused. In the terminal, your answers are kept only while this window stays open: type /resume "
        "to carry on from the same question. After /quit, nothing is kept."
    ),
    "still_paused": "The exercise is paused, so that was not taken as an answer. Type /resume to carry on, "
                    "or /quit to leave.",
    "quit": "Stopped. (In the terminal, answers are not kept after you quit.)",
    "timer": "(timer: {seconds} s — press Ctrl-C to stop early)",
    "progress": "{label} · {seconds} s  ({cycle}/{cycles})",
    "rating": "{measure}: {before} → {after}",
    "outcome_completed": "[completed]",
    "outcome_cancelled": "[cancelled]",
    "outcome_other": "[{outcome}]",
}

_RU: Final[dict[str, str]] = {
    "commands": "Команды: /back /pause /resume /cancel /help /sos /quit",
    "several": "(можно выбрать несколько сразу: номера через пробел, например 1 3)",
    "numbers": "Пожалуйста, введите номера от 1 до {count} через пробел, например 1 3; номер кнопки вроде "
               "«Готово» может стоять только последним.",
    "or": "или: {actions}",
    "before": "(прежний ответ: {answer})",
    "paused": (
        "Пауза. В терминале ответы хранятся, только пока открыто это окно: введите /resume, чтобы "
        "продолжить с того же вопроса. После /quit ничего не сохраняется."
    ),
    "still_paused": "Упражнение на паузе, поэтому это не принято как ответ. Введите /resume, чтобы продолжить, "
                    "или /quit, чтобы выйти.",
    "quit": "Остановлено. (В терминале ответы не сохраняются после выхода.)",
    "timer": "(таймер: {seconds} с — нажмите Ctrl-C, чтобы остановить раньше)",
    "progress": "{label} · {seconds} с  ({cycle}/{cycles})",
    # a measure's id is the author's English name for it: the Russian line shows the numbers alone
    "rating": "оценка до и после: {before} → {after}",
    "outcome_completed": "[упражнение пройдено]",
    "outcome_cancelled": "[упражнение остановлено]",
    "outcome_other": "[упражнение закончено раньше]",
}

_TEXTS: Final[dict[str, dict[str, str]]] = {"en": _EN, "ru": _RU}


def console_text(name: str, language: str, **fields: object) -> str:
    text = _TEXTS.get(language, _EN).get(name) or _EN[name]
    return text.format(**fields) if fields else text
