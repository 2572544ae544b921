"""The therapist's side: labels, statuses, dates and durations.

English source texts; their translations are in bot/i18n/locale, and a language without one reads English.
These are plain texts; whoever puts them into Telegram HTML escapes them (they never contain markup).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Final

from bot.i18n import N_, NP_, Message, PluralMessage, translate

NONE: Final = "—"

_MESSAGES: Final[dict[str, Message | PluralMessage]] = {
    "status_completed": N_("completed"),
    "status_in_progress": N_("in progress"),
    "status_abandoned": N_("abandoned"),
    "status_cancelled": N_("cancelled"),
    "status_ended_early": N_("ended early"),
    "stopped_at": N_("Stopped at: {step}"),
    "continued": N_("(continued)"),
    "no_answers": N_("No answers yet."),
    "summary_step": N_("Summary"),
    "ratings": N_("Ratings"),
    "measure": N_("Measure"),
    "before": N_("Before"),
    "after": N_("After"),
    "change": N_("Change"),
    "answered": N_("answered {time}"),
    "on_step": N_("{duration} on this step"),
    "timer_question": N_("Timer: {phases}; {repeat} ×"),
    "doc_title": N_("Exercises between sessions"),
    "client": N_("Client"),
    "period": N_("Period"),
    "generated": N_("Generated"),
    "no_exercises": N_("No exercises in this period."),
    "page": N_("Page {page} of {pages}"),
    "confidential": N_("Confidential: contains health information."),
    "chart_title": N_("Ratings before and after each exercise, over the weeks"),
    "chart_empty": N_("No ratings in this period yet"),
    "layout": N_("Layout"),
    "layout_compact": N_("compact: one card per exercise"),
    "layout_full": N_("full: every question and answer"),
    "exercises_shown": N_("Exercises"),
    "scope_completed": N_("completed only"),
    "scope_all": N_("all, finished or not"),
    "your_notes": N_("Your notes"),
    "your_notes_on_client": N_("Your notes on the client (private, never shown to the client)"),
    "homework_due": N_("Homework due {date}"),
    "homework_note": N_("your note to the client: {note}"),
    "trend": N_("trend of the ratings before"),
    "trend_per_week": N_("trend {change} a week"),
    "score_of": N_("{label}: {value} of {high}"),
    "now_band": N_("now {band}"),
    "reliable_improvement": N_("reliable improvement: {before} → {after} ({change}), {since} → {until}"),
    "reliable_deterioration": N_("reliable worsening: {before} → {after} ({change}), {since} → {until}"),
    "questionnaires": N_("Questionnaire scores"),
    "cutoff": N_("cut-off"),
    "seconds": N_("{s} s"),
    "minutes": N_("{m} min {s} s"),
    "minutes_only": N_("{m} min"),
    "hours": N_("{h} h {m} min"),
}

# What the shipped flows measure with their before/after scales; an unknown measure reads as its id.
_MEASURES: Final[dict[str, Message]] = {
    "mood": NP_("what a before/after scale measures", "Mood"),
    "mood_2": NP_("what a before/after scale measures: the thought record's second mood", "Second mood"),
    "mood_3": NP_("what a before/after scale measures: the thought record's third mood", "Third mood"),
    "distress": NP_("what a before/after scale measures", "Distress"),
    "confidence": NP_("what a before/after scale measures", "Confidence"),
    "belief": NP_("what a before/after scale measures", "Belief"),
}

_DECIMAL_SEPARATOR: Final = NP_("the decimal separator, as in 1.5", ".")

# As they stand after a day's number: "12 May 2026" (the genitive in Russian, "12 мая 2026").
_MONTHS: Final[tuple[Message, ...]] = (
    NP_("month after a day's number, abbreviated", "Jan"),
    NP_("month after a day's number, abbreviated", "Feb"),
    NP_("month after a day's number, abbreviated", "Mar"),
    NP_("month after a day's number, abbreviated", "Apr"),
    NP_("month after a day's number, abbreviated", "May"),
    NP_("month after a day's number, abbreviated", "Jun"),
    NP_("month after a day's number, abbreviated", "Jul"),
    NP_("month after a day's number, abbreviated", "Aug"),
    NP_("month after a day's number, abbreviated", "Sep"),
    NP_("month after a day's number, abbreviated", "Oct"),
    NP_("month after a day's number, abbreviated", "Nov"),
    NP_("month after a day's number, abbreviated", "Dec"),
)


def text(name: str, language: str, **fields: object) -> str:
    """A text in `language` (English if there is no translation), with `fields` filled in."""
    return translate(_MESSAGES[name], language, **fields)


def measure_label(measure: str, language: str) -> str:
    known = _MEASURES.get(measure)
    return translate(known, language) if known else measure.replace("_", " ").capitalize()


def measure_name(measure: str, language: str) -> str:
    """A shipped measure's name in `language`; any other measure as its author wrote its id."""
    known = _MEASURES.get(measure)
    return translate(known, language) if known else measure


def month_name(month: int, language: str) -> str:
    return translate(_MONTHS[month - 1], language)


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


def format_signed(value: float, language: str) -> str:
    """+1.5 / −1,5 with the language's decimal separator, for a figure read in a sentence (not in an export)."""
    return format_change(value).replace(".", translate(_DECIMAL_SEPARATOR, language))


def format_change(value: float | None) -> str:
    """A signed difference: +10, −40 (a true minus sign), 0."""
    if value is None:
        return NONE
    shown = format_number(abs(value))
    return f"+{shown}" if value > 0 else f"−{shown}" if value < 0 else "0"
