"""A machine-readable export of a client's exercises (GDPR access and portability): UTF-8 JSON."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from bot.therapist.review import ExerciseReview, RatingChange, StepReview

FORMAT = 1


def export_json(client_label: str, reviews: Sequence[ExerciseReview], *, generated_at: datetime | None = None) -> bytes:
    document = {
        "format": FORMAT,
        "client": client_label,
        "generated_at": (generated_at or datetime.now(UTC)).isoformat(),
        "exercises": [exercise_dict(review) for review in reviews],
    }
    return json.dumps(document, ensure_ascii=False, indent=2).encode("utf-8")


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
