"""A machine-readable export of a client's exercises (GDPR access and portability): UTF-8 JSON."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from bot.storage.records import TherapistNote
from bot.therapist.export_cards import compact_card
from bot.therapist.export_extras import ExportExtras
from bot.therapist.measures import score_dicts, score_series, series_text
from bot.therapist.review import ExerciseReview, RatingChange, StepReview

FORMAT = 1


def export_json(client_label: str, reviews: Sequence[ExerciseReview], extras: ExportExtras | None = None, *,
                generated_at: datetime | None = None) -> bytes:
    """The full layout has every step of each exercise; the compact one its card instead. Both have the
    ratings, the homework each exercise did, and the therapist's notes (on the client, and on each exercise)."""
    extras = extras or ExportExtras()
    exercises = []
    for review in reviews:
        exercise = exercise_dict(review)
        exercise["scores"] = score_dicts(review, reviews, review.language)
        if extras.layout == "compact":
            del exercise["steps"]
            card = compact_card(review, extras.cards.get(review.session_id))
            exercise["card"] = [{"label": line.label, "text": line.text} for line in card]
        done = extras.homework.get(review.session_id)
        exercise["homework"] = None if done is None else {"due_on": done.due_on.isoformat(), "note": done.note}
        exercise["notes"] = [_note(note) for note in extras.notes_on(review.session_id)]
        exercises.append(exercise)
    document = {
        "format": FORMAT,
        "client": client_label,
        "generated_at": (generated_at or datetime.now(UTC)).isoformat(),
        "layout": extras.layout,
        "notes": [_note(note) for note in extras.client_notes],
        "questionnaires": [series_text(series, reviews[0].language) for series in score_series(reviews)],
        "exercises": exercises,
    }
    return json.dumps(document, ensure_ascii=False, indent=2).encode("utf-8")


def _note(note: TherapistNote) -> dict[str, Any]:
    return {"written_at": note.created_at.isoformat(), "text": note.text}


def exercise_dict(review: ExerciseReview) -> dict[str, Any]:
    return {
        "id": review.session_id,
        "flow": review.flow_id,
        "flow_version": review.flow_version,
        "title": review.title,
        "status": review.status,
        "outcome": review.outcome,
        "started_at": review.started_at.isoformat(),
        "finished_at": review.finished_at.isoformat() if review.finished_at is not None else None,
        "last_activity_at": review.last_activity_at.isoformat(),
        "stopped_at": review.stopped_at,
        "ratings": [_rating(r) for r in review.ratings],
        "steps": [_step(s) for s in review.steps],
    }


def _rating(rating: RatingChange) -> dict[str, Any]:
    return {
        "measure": rating.measure,
        "label": rating.label,
        "before": rating.before,
        "after": rating.after,
        "change": rating.change,
        "scale": [rating.low, rating.high] if rating.low is not None and rating.high is not None else None,
    }


def _step(step: StepReview) -> dict[str, Any]:
    return {
        "step_id": step.step_id,
        "key": step.key,
        "kind": step.kind,
        "label": step.label,
        "question": step.question,
        "answer": step.answer,
        "value": step.value,
        "answered_at": step.answered_at.isoformat(),
        "seconds_on_step": step.seconds_on_step,
    }
