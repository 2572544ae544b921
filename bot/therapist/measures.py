"""Questionnaire scores over time, as a therapist reads them: each score's series (PHQ-9 week by week), its
severity bands, and the reliable changes between two administrations (PHQ-9: 5 points or more) pointed out.

Scores are never stored: they are worked out from the answers of each completed session (`review.scores`).
Pure functions of reviews: no Telegram, no SQL, no clock.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from bot.engine.scoring import ScoreResult
from bot.therapist import texts
from bot.therapist.review import ExerciseReview


@dataclass(frozen=True, slots=True)
class Administration:
    session_id: int
    flow_id: str
    at: datetime  # when the questionnaire was started, in the review's zone
    result: ScoreResult

    @property
    def value(self) -> int:
        assert self.result.value is not None
        return self.result.value


@dataclass(frozen=True, slots=True)
class ReliableChange:
    before: Administration
    after: Administration

    @property
    def delta(self) -> int:
        return self.after.value - self.before.value


@dataclass(frozen=True, slots=True)
class Series:
    """One score of one questionnaire (flow id and score id), oldest first."""

    flow_id: str
    score_id: str
    points: tuple[Administration, ...]

    @property
    def latest(self) -> ScoreResult:
        return self.points[-1].result

    def reliable_changes(self) -> list[ReliableChange]:
        """Each pair of consecutive administrations whose scores differ by at least the score's threshold."""
        found = []
        for before, after in zip(self.points, self.points[1:], strict=False):
            threshold = after.result.reliable_change
            if threshold is not None and abs(after.value - before.value) >= threshold:
                found.append(ReliableChange(before, after))
        return found


def administrations(reviews: Iterable[ExerciseReview]) -> list[Administration]:
    """Every complete score of every completed questionnaire, oldest first."""
    found = [Administration(r.session_id, r.flow_id, r.started_at, result)
             for r in reviews if r.finished for result in r.scores if result.value is not None]
    return sorted(found, key=lambda a: a.at.timestamp())


def score_series(reviews: Iterable[ExerciseReview]) -> list[Series]:
    groups: dict[tuple[str, str], list[Administration]] = {}
    for administration in administrations(reviews):
        groups.setdefault((administration.flow_id, administration.result.id), []).append(administration)
    return [Series(flow_id, score_id, tuple(points)) for (flow_id, score_id), points in groups.items()]


def score_text(result: ScoreResult, language: str) -> str:
    """"PHQ-9: 12 of 27 · moderate" (plain text)."""
    shown = texts.text("score_of", language, label=result.label(language), value=result.value, high=result.high)
    band = result.band_label(language)
    return f"{shown} · {band}" if band else shown


def change_text(change: ReliableChange, language: str) -> str:
    """"reliable improvement: 18 → 12 (−6), 5 Oct → 19 Oct"; higher scores are worse on every shipped
    questionnaire with a threshold, so a fall is an improvement."""
    kind = "reliable_improvement" if change.delta < 0 else "reliable_deterioration"
    return texts.text(kind, language, before=change.before.value, after=change.after.value,
                      change=texts.format_change(change.delta),
                      since=texts.format_date(change.before.at, language),
                      until=texts.format_date(change.after.at, language))


def series_text(series: Series, language: str, most: int = 8) -> str:
    """"PHQ-9: 18 → 15 → 12 → 9 (5 Oct – 9 Nov) · now mild; reliable improvement: 18 → 12 (−6), …"."""
    points = series.points[-most:]
    values = " → ".join(str(p.value) for p in points)
    span = texts.format_date(points[0].at, language)
    if len(points) > 1:
        span += " – " + texts.format_date(points[-1].at, language)
    line = f"{series.latest.label(language)}: {values} ({span})"
    band = series.latest.band_label(language)
    if band:
        line += " · " + texts.text("now_band", language, band=band)
    changes = series.reliable_changes()
    if changes:
        line += "; " + "; ".join(change_text(c, language) for c in changes)
    return line


def series_lines(reviews: Sequence[ExerciseReview], language: str) -> list[str]:
    return [series_text(s, language) for s in score_series(reviews)]


def change_into(review: ExerciseReview, reviews: Sequence[ExerciseReview]) -> list[ReliableChange]:
    """The reliable changes that end at `review` (compared with the same questionnaire's administration before)."""
    return [c for s in score_series(reviews) for c in s.reliable_changes() if c.after.session_id == review.session_id]


def scores_cell(review: ExerciseReview, reviews: Sequence[ExerciseReview], language: str) -> str:
    """An exercise's scores in one plain text, with any reliable change that ends at it: for a CSV cell or a
    PDF line. Empty for an exercise that is not a questionnaire."""
    parts = [score_text(r, language) for r in review.scores if r.value is not None]
    parts += [change_text(c, language) for c in change_into(review, reviews)]
    return "; ".join(parts)


def score_dicts(review: ExerciseReview, reviews: Sequence[ExerciseReview], language: str) -> list[dict[str, Any]]:
    """An exercise's scores for the JSON export."""
    changes = {c.after.result.id: c for c in change_into(review, reviews)}
    found = []
    for result in review.scores:
        change = changes.get(result.id)
        found.append({
            "score": result.id,
            "label": result.label(language),
            "value": result.value,
            "range": [result.low, result.high],
            "band": result.band_label(language),
            "cutoffs": list(result.cutoffs),
            "reliable_change": None if change is None else {
                "from_exercise": change.before.session_id, "from": change.before.value, "change": change.delta,
                "threshold": result.reliable_change,
            },
        })
    return found
