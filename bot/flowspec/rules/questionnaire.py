"""Questionnaires: items name an answer set, scores name items and cover every sum with their bands, and a
crisis rule can fire and has someone to alert."""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from bot.flowspec.draft import Draft
from bot.flowspec.locate import Locator
from bot.flowspec.model import AnswerOption, ItemStep, ScaleStep, Score
from bot.flowspec.problems import Problem


def item_steps(draft: Draft) -> Iterator[tuple[ItemStep, tuple[str | int, ...]]]:
    for scope in draft.scopes():
        for step, path in scope.valid_steps():
            if isinstance(step, ItemStep):
                yield step, path


def check_items_name_answer_sets(draft: Draft, locate: Locator) -> Iterator[Problem]:
    sets: dict[str, list[AnswerOption]] = draft.meta.get("answer_sets") or {}
    for step, path in item_steps(draft):
        options = sets.get(step.answers)
        if options is None:
            known = ", ".join(sorted(sets)) or "none are declared under `answer_sets:`"
            yield locate.problem((*path, "answers"), "unknown-answer-set",
                                 f"there is no answer set '{step.answers}' (known: {known})")
            continue
        rule = step.crisis
        if rule is None:
            continue
        firing = [o.score for o in options if rule.fires(o.score)]
        if not firing:
            yield locate.problem((*path, "crisis"), "bad-value",
                                 f"no answer of '{step.answers}' meets this rule, so it can never open the "
                                 "crisis path")
        elif len(firing) == len(options):
            yield locate.problem((*path, "crisis"), "bad-value",
                                 f"every answer of '{step.answers}' meets this rule: it would open the crisis "
                                 "path whatever the client answers")
        if draft.meta.get("offered_to") != "linked":
            yield locate.problem((*path, "crisis"), "crisis-needs-therapist",
                                 "a crisis rule alerts the client's therapist: set `offered_to: linked` on the "
                                 "flow (a client with no therapist should get a version without this item)")


def check_answer_sets(draft: Draft, locate: Locator) -> Iterator[Problem]:
    for name, options in (draft.meta.get("answer_sets") or {}).items():
        seen: set[int] = set()
        for i, option in enumerate(options):
            if option.score in seen:
                yield locate.problem(("answer_sets", name, i, "score"), "bad-value",
                                     f"two options of '{name}' score {option.score}; each needs its own score")
            seen.add(option.score)


def _range_of(step: ItemStep | ScaleStep, sets: dict[str, list[AnswerOption]]) -> tuple[int, int] | None:
    if isinstance(step, ScaleStep):
        return step.min, step.max
    options = sets.get(step.answers)
    if not options:
        return None
    scores = [o.score for o in options]
    return min(scores), max(scores)


def score_items(score: Score, main_steps: Mapping[str, object]) -> list[str]:
    """The step ids a score sums: its `items`, or every `item` step of the main flow."""
    if score.items is not None:
        return list(score.items)
    return [sid for sid, step in main_steps.items() if isinstance(step, ItemStep)]


def check_scores(draft: Draft, locate: Locator) -> Iterator[Problem]:
    scores: list[Score] = draft.meta.get("scores") or []
    sets: dict[str, list[AnswerOption]] = draft.meta.get("answer_sets") or {}
    main = {step.id: step for step, _ in draft.main.valid_steps()}
    seen_ids: set[str] = set()
    for i, score in enumerate(scores):
        where = ("scores", i)
        if score.id in seen_ids:
            yield locate.problem((*where, "id"), "duplicate-id", f"two scores are called '{score.id}'")
        seen_ids.add(score.id)
        names = score_items(score, main)
        if not names:
            yield locate.problem(where, "bad-value",
                                 f"score '{score.id}' has no items: list them in `items`, or add `item` steps")
            continue
        low = high = 0
        known = True
        counted: set[str] = set()
        for j, name in enumerate(names):
            at = (*where, "items", j) if score.items is not None else where
            step = main.get(name)
            if step is None:
                known = False
                if name not in draft.main.broken_ids:
                    yield locate.problem(at, "unknown-step", f"score '{score.id}': there is no step '{name}' in "
                                                             "the main flow")
                continue
            if not isinstance(step, ItemStep | ScaleStep):
                known = False
                yield locate.problem(at, "bad-value", f"score '{score.id}': '{name}' is a {step.type} step; a "
                                                      "score sums `item` and `scale` steps")
                continue
            if name in counted:
                yield locate.problem(at, "bad-value", f"score '{score.id}': '{name}' is counted twice")
            counted.add(name)
            span = _range_of(step, sets)
            if span is None:
                known = False
                continue
            low, high = low + span[0], high + span[1]
        if known and score.bands:
            yield from _check_bands(score, where, low, high, locate)


def _check_bands(score: Score, where: tuple[str | int, ...], low: int, high: int,
                 locate: Locator) -> Iterator[Problem]:
    expected = low
    for k, band in enumerate(score.bands):
        at = (*where, "bands", k)
        if band.min > band.max:
            yield locate.problem((*at, "max"), "bad-bands",
                                 f"score '{score.id}': a band's max ({band.max}) is below its min ({band.min})")
            return
        if band.min != expected:
            what = "the lowest possible sum" if k == 0 else "one more than the band before ends"
            yield locate.problem((*at, "min"), "bad-bands",
                                 f"score '{score.id}': this band starts at {band.min}, but must start at "
                                 f"{expected} ({what}); bands follow one another with no gap or overlap")
            return
        expected = band.max + 1
    if expected - 1 != high:
        yield locate.problem((*where, "bands", len(score.bands) - 1, "max"), "bad-bands",
                             f"score '{score.id}': the last band ends at {expected - 1}, but the highest "
                             f"possible sum is {high}")
