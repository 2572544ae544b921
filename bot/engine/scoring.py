"""Questionnaire scores: sums of item answers with their severity bands, worked out from the stored answers
alone (so a review, an export or a chart derives them from what the bot kept, and nothing else is stored)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from bot.flowspec.model import AnswerOption, Flow, ItemStep, ScaleStep, Score
from bot.flowspec.texts import localize


@dataclass(frozen=True, slots=True)
class ScoreResult:
    score: Score
    value: int | None  # None until every item of the score is answered
    low: int  # the lowest and highest possible sums
    high: int
    band: int | None  # index into score.bands

    @property
    def id(self) -> str:
        return self.score.id

    @property
    def cutoffs(self) -> tuple[int, ...]:
        """Where each band after the first begins (PHQ-9: 5, 10, 15, 20)."""
        return tuple(band.min for band in self.score.bands[1:])

    @property
    def reliable_change(self) -> int | None:
        return self.score.reliable_change

    def label(self, language: str) -> str:
        return localize(self.score.label, language)

    def band_label(self, language: str) -> str | None:
        return None if self.band is None else localize(self.score.bands[self.band].label, language)


def score_steps(flow: Flow, score: Score) -> list[ItemStep | ScaleStep]:
    """The steps a score sums: its `items`, or every `item` step of the main flow."""
    steps = {step.id: step for step in flow.steps}
    names = score.items if score.items is not None else [s.id for s in flow.steps if isinstance(s, ItemStep)]
    return [step for name in names if isinstance(step := steps.get(name), ItemStep | ScaleStep)]


def _span(step: ItemStep | ScaleStep, sets: Mapping[str, list[AnswerOption]]) -> tuple[int, int]:
    if isinstance(step, ScaleStep):
        return step.min, step.max
    scores = [option.score for option in sets.get(step.answers, [])] or [0]
    return min(scores), max(scores)


def _number(value: object) -> int | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return int(value)


def score_flow(flow: Flow, answers: Mapping[str, object]) -> tuple[ScoreResult, ...]:
    """Every score of the flow, from the answers (a session's `answers`, keyed by step id)."""
    results = []
    for score in flow.scores:
        steps = score_steps(flow, score)
        spans = [_span(step, flow.answer_sets) for step in steps]
        values = [_number(answers.get(step.id)) for step in steps]
        total = sum(v for v in values if v is not None) if steps and None not in values else None
        band = None
        if total is not None:
            band = next((i for i, b in enumerate(score.bands) if b.min <= total <= b.max), None)
        results.append(ScoreResult(score, total, sum(s[0] for s in spans), sum(s[1] for s in spans), band))
    return tuple(results)


def score_values(flow: Flow, answers: Mapping[str, object]) -> dict[str, int]:
    """Score id -> sum, for the scores whose items are all answered."""
    return {r.id: r.value for r in score_flow(flow, answers) if r.value is not None}
