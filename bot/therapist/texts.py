"""The therapist's side in English and Russian: labels, statuses, dates and durations.

Other languages fall back to English. These are plain texts; whoever puts them into Telegram HTML escapes
them (they never contain markup).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Final

FALLBACK: Final = "en"
NONE: Final = "—"

_EN: Final[dict[str, str]] = {
    "status_completed": "completed",
    "status_in_progress": "in progress",
    "status_abandoned": "abandoned",
    "status_cancelled": "cancelled",
    "status_ended_early": "ended early",
    "stopped_at": "Stopped at: {step}",
    "continued": "(continued)",
    "no_answers": "No answers yet.",
    "summary_step": "Summary",
    "ratings": "Ratings",
    "measure": "Measure",
    "before": "Before",
    "after": "After",
    "change": "Change",
    "answered": "answered {time}",
    "on_step": "{duration} on this step",
    "timer_question": "Timer: {phases}; {repeat} ×",
    "doc_title": "Exercises between sessions",
    "client": "Client",
    "period": "Period",
    "generated": "Generated",
    "no_exercises": "No exercises in this period.",
    "page": "Page {page} of {pages}",
    "confidential": "Confidential: contains health information.",
    "chart_title": "Ratings before and after each exercise",
    "chart_empty": "No ratings in this period yet",
    "seconds": "{s} s",
    "minutes": "{m} min {s} s",
    "minutes_only": "{m} min",
    "hours": "{h} h {m} min",
}

_RU: Final[dict[str, str]] = {
    "status_completed": "выполнено",
    "status_in_progress": "в процессе",
    "status_abandoned": "прервано",
    "status_cancelled": "отменено",
    "status_ended_early": "завершено досрочно",
    "stopped_at": "Остановились на шаге: {step}",
    "continued": "(продолжение)",
    "no_answers": "Ответов пока нет.",
    "summary_step": "Сводка",
    "ratings": "Оценки",
    "measure": "Шкала",
    "before": "До",
    "after": "После",
    "change": "Изменение",
    "answered": "ответ {time}",
    "on_step": "{duration} на этом шаге",
    "timer_question": "Таймер: {phases}; {repeat} ×",
    "doc_title": "Упражнения между сессиями",
    "client": "Клиент",
    "period": "Период",
    "generated": "Сформировано",
    "no_exercises": "За этот период упражнений нет.",
    "page": "Стр. {page} из {pages}",
    "confidential": "Конфиденциально: содержит сведения о здоровье.",
    "chart_title": "Оценки до и после каждого упражнения",
    "chart_empty": "За этот период оценок ещё нет",
    "seconds": "{s} с",
    "minutes": "{m} мин {s} с",
    "minutes_only": "{m} мин",
    "hours": "{h} ч {m} мин",
}

_TEXTS: Final[dict[str, dict[str, str]]] = {"en": _EN, "ru": _RU}

# What the shipped flows measure with their before/after scales; an unknown measure reads as its id.
_MEASURES: Final[dict[str, dict[str, str]]] = {
    "en": {"mood": "Mood", "distress": "Distress", "confidence": "Confidence", "belief": "Belief"},
    "ru": {"mood": "Сила чувства", "distress": "Напряжение", "confidence": "Уверенность", "belief": "Вера в мысль"},
}

_MONTHS: Final[dict[str, tuple[str, ...]]] = {
    "en": ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"),
    "ru": ("янв", "фев", "мар", "апр", "мая", "июн", "июл", "авг", "сен", "окт", "ноя", "дек"),
}


def text(name: str, language: str, **fields: object) -> str:
    """A text in `language` (English if there is no translation), with `fields` filled in."""
    found = _TEXTS.get(language, _EN).get(name) or _EN[name]
    return found.format(**fields) if fields else found


def measure_label(measure: str, language: str) -> str:
    known = _MEASURES.get(language, _MEASURES[FALLBACK]).get(measure) or _MEASURES[FALLBACK].get(measure)
    return known or measure.replace("_", " ").capitalize()


def month_name(month: int, language: str) -> str:
    return _MONTHS.get(language, _MONTHS[FALLBACK])[month - 1]


def format_date(day: date, language: str) -> str:
    """12 Nov 2026 / 12 ноя 2026: the same in any locale the process runs in."""
    return f"{day.day} {month_name(day.month, language)} {day.year}"


def format_time(moment: datetime) -> str:
    return f"{moment.hour:02d}:{moment.minute:02d}"


def format_datetime(moment: datetime, language: str) -> str:
    return f"{format_date(moment, language)}, {format_time(moment)}"


def format_duration(seconds: float, language: str) -> str:
    total = max(0, round(seconds))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return text("hours", language, h=hours, m=minutes)
    if minutes:
        return text("minutes", language, m=minutes, s=secs) if secs else text("minutes_only", language, m=minutes)
    return text("seconds", language, s=secs)


def format_number(value: float | None) -> str:
    if value is None:
        return NONE
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def format_change(value: float | None) -> str:
    """A signed difference: +10, −40 (a true minus sign), 0."""
    if value is None:
        return NONE
    shown = format_number(abs(value))
    return f"+{shown}" if value > 0 else f"−{shown}" if value < 0 else "0"
