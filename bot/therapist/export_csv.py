"""A spreadsheet export, UTF-8 with a byte-order mark so Excel reads Cyrillic.

Full layout: one row per answer. Compact layout: one row per exercise and measure (an exercise without ratings
has one row), its card in one cell. Both carry the ratings (measure, before, after, change), the homework the
exercise did (due date, the assignment's note) and the therapist's notes on the exercise. In the full layout
every answer row repeats its exercise's ratings; an exercise rating several measures has them joined with
"; " there (no shipped flow does), and one row each in the compact layout. Notes on the client rather than
on an exercise are in the PDF and JSON exports only: a row here is an exercise."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence

from bot.storage.records import TherapistNote
from bot.therapist import texts
from bot.therapist.export_cards import compact_card
from bot.therapist.export_extras import ExportExtras
from bot.therapist.measures import scores_cell
from bot.therapist.review import ExerciseReview, RatingChange

EXERCISE_COLUMNS = ("exercise_id", "flow", "title", "status", "started_at", "scores")
STEP_COLUMNS = ("step_id", "label", "question", "answer", "answered_at", "seconds_on_step")
RATING_COLUMNS = ("measure", "before", "after", "change")
HOMEWORK_COLUMNS = ("due_on", "assignment_note")
COLUMNS = (*EXERCISE_COLUMNS, *STEP_COLUMNS, *RATING_COLUMNS, *HOMEWORK_COLUMNS, "therapist_notes")
COMPACT_COLUMNS = (*EXERCISE_COLUMNS, "finished_at", *RATING_COLUMNS, *HOMEWORK_COLUMNS, "card", "therapist_notes")
BOM = "\ufeff"
# A cell starting like a formula is run by spreadsheet programs; an apostrophe makes it text (OWASP).
_FORMULA = re.compile(r"^[=+\-@\t\r]")
_NUMBER = re.compile(r"^[+-]?\d+(\.\d+)?$")


def export_csv(client_label: str, reviews: Sequence[ExerciseReview], extras: ExportExtras | None = None) -> bytes:
    """`client_label` is not written (every row is that client's); it is taken for symmetry with the
    other exports, so a caller can name the file from it."""
    extras = extras or ExportExtras()
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    if extras.layout == "compact":
        writer.writerow(COMPACT_COLUMNS)
        for review in reviews:
            for rating in review.ratings or (None,):
                finished = review.finished_at.isoformat() if review.finished_at else ""
                writer.writerow([*_exercise(review, reviews), finished,
                                 *_ratings([rating] if rating else []), *_homework(review, extras),
                                 _cell(_card(review, extras)), _cell(_notes(extras.notes_on(review.session_id)))])
        return (BOM + out.getvalue()).encode("utf-8")
    writer.writerow(COLUMNS)
    for review in reviews:
        after = [*_ratings(review.ratings), *_homework(review, extras),
                 _cell(_notes(extras.notes_on(review.session_id)))]
        for step in review.steps:
            writer.writerow([
                *_exercise(review, reviews),
                step.step_id,
                _cell(step.label),
                _cell(step.question),
                _cell(step.answer),
                step.answered_at.isoformat(),
                "" if step.seconds_on_step is None else step.seconds_on_step,
                *after,
            ])
    return (BOM + out.getvalue()).encode("utf-8")


def _exercise(review: ExerciseReview, reviews: Sequence[ExerciseReview]) -> list[object]:
    return [review.session_id, review.flow_id, _cell(review.title), review.status, review.started_at.isoformat(),
            _cell(scores_cell(review, reviews, review.language))]


def _ratings(ratings: Sequence[RatingChange]) -> list[str]:
    def joined(values: list[str]) -> str:
        return "; ".join(values)

    return [
        joined([r.measure for r in ratings]),
        joined([_number(r.before) for r in ratings]),
        joined([_number(r.after) for r in ratings]),
        joined([_number(r.change) for r in ratings]),
    ]


def _number(value: float | None) -> str:
    return "" if value is None else texts.format_number(value)  # a plain "-40" a spreadsheet reads as a number


def _homework(review: ExerciseReview, extras: ExportExtras) -> list[str]:
    done = extras.homework.get(review.session_id)
    if done is None:
        return ["", ""]
    return [done.due_on.isoformat(), _cell(done.note or "")]


def _card(review: ExerciseReview, extras: ExportExtras) -> str:
    return "\n".join(f"{line.label}: {line.text}" for line in compact_card(review, extras.cards.get(review.session_id)))


def _notes(notes: Sequence[TherapistNote]) -> str:
    return "\n".join(f"{note.created_at:%Y-%m-%d}: {note.text}" for note in notes)


def _cell(text: str) -> str:
    if _FORMULA.match(text) and not _NUMBER.match(text):
        return "'" + text
    return text
