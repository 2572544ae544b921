"""A spreadsheet export: one row per answer, UTF-8 with a byte-order mark so Excel reads Cyrillic."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence

from bot.therapist.review import ExerciseReview

COLUMNS = (
    "exercise_id", "flow", "title", "status", "started_at",
    "step_id", "label", "question", "answer", "answered_at", "seconds_on_step",
)
BOM = "\ufeff"
# A cell starting like a formula is run by spreadsheet programs; an apostrophe makes it text (OWASP).
_FORMULA = re.compile(r"^[=+\-@\t\r]")
_NUMBER = re.compile(r"^[+-]?\d+(\.\d+)?$")


def export_csv(client_label: str, reviews: Sequence[ExerciseReview]) -> bytes:
    """`client_label` is not written (every row is that client's); it is taken for symmetry with the
    other exports, so a caller can name the file from it."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for review in reviews:
        for step in review.steps:
            writer.writerow([
                review.session_id,
                review.flow_id,
                _cell(review.title),
                review.status,
                review.started_at.isoformat(),
                step.step_id,
                _cell(step.label),
                _cell(step.question),
                _cell(step.answer),
                step.answered_at.isoformat(),
                "" if step.seconds_on_step is None else step.seconds_on_step,
            ])
    return (BOM + out.getvalue()).encode("utf-8")


def _cell(text: str) -> str:
    if _FORMULA.match(text) and not _NUMBER.match(text):
        return "'" + text
    return text
