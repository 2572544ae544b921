"""Warnings about clinical and practical sense: the flow still loads, but a person should look."""

from __future__ import annotations

from collections.abc import Iterator

from bot.flowspec.draft import Draft
from bot.flowspec.locate import Locator
from bot.flowspec.model import ChoiceStep, MultiChoiceStep, ScaleStep, Step, TimerStep
from bot.flowspec.nodes import Path
from bot.flowspec.problems import Problem
from bot.flowspec.rules import Rule, run_rules
from bot.flowspec.text_sites import flow_strings

MAX_BUTTONS = 11  # a row of 0-10 still fits a phone
MAX_RANGE = 100
MIN_PHASE, MAX_PHASE = 1, 120
MAX_TIMER = 30 * 60
MAX_OPTIONS = 10
MAX_TEXT = 3000


def _steps(draft: Draft) -> Iterator[tuple[Step, Path]]:
    for scope in draft.scopes():
        yield from scope.valid_steps()


def check_scale_width(draft: Draft, locate: Locator) -> Iterator[Problem]:
    for step, path in _steps(draft):
        if isinstance(step, ScaleStep) and step.max > step.min:
            buttons = (step.max - step.min) // step.step + 1
            if buttons > MAX_BUTTONS or step.max - step.min > MAX_RANGE:
                yield locate.warning(path, "wide-scale",
                                     f"a scale of {buttons} buttons ({step.min}..{step.max}) does not fit a "
                                     f"phone; keep it to {MAX_BUTTONS} buttons and a range of {MAX_RANGE}")


def check_scale_labels(draft: Draft, locate: Locator) -> Iterator[Problem]:
    for step, path in _steps(draft):
        if isinstance(step, ScaleStep) and step.labels is None:
            yield locate.warning(path, "scale-labels",
                                 "a scale without `labels` leaves the client guessing what its ends mean")


def _ratings(draft: Draft) -> dict[tuple[str, str], Path]:
    found: dict[tuple[str, str], Path] = {}
    for step, path in _steps(draft):
        if isinstance(step, ScaleStep) and step.rating is not None:
            found.setdefault((step.rating.measure, step.rating.when), (*path, "rating"))
    return found


def check_ratings_are_repeated(draft: Draft, locate: Locator) -> Iterator[Problem]:
    ratings = _ratings(draft)
    for (measure, when), path in ratings.items():
        if when == "before" and (measure, "after") not in ratings:
            yield locate.warning(path, "no-rerating",
                                 f"'{measure}' is rated before but never after; re-rating shows the client "
                                 "what changed")


def check_relaxation_is_rated(draft: Draft, locate: Locator) -> Iterator[Problem]:
    if draft.meta.get("category") != "relaxation":
        return
    whens = {when for _, when in _ratings(draft)}
    if not {"before", "after"} <= whens:
        yield locate.warning(("category",), "no-rating",
                             "a relaxation exercise should rate the client's state before and after it")


def _seconds(value: int | str, params: dict[str, int]) -> int | None:
    return value if isinstance(value, int) else params.get(value)


def check_timer_phases(draft: Draft, locate: Locator) -> Iterator[Problem]:
    params = draft.params or {}
    for step, path in _steps(draft):
        if not isinstance(step, TimerStep):
            continue
        for i, phase in enumerate(step.phases):
            seconds = _seconds(phase.seconds, params)
            if seconds is not None and not MIN_PHASE <= seconds <= MAX_PHASE:
                yield locate.warning((*path, "phases", i, "seconds"), "timer-phase",
                                     f"a phase of {seconds} s; phases should last {MIN_PHASE} to "
                                     f"{MAX_PHASE} seconds")


def check_timer_length(draft: Draft, locate: Locator) -> Iterator[Problem]:
    params = draft.params or {}
    for step, path in _steps(draft):
        if not isinstance(step, TimerStep):
            continue
        phases = [_seconds(p.seconds, params) for p in step.phases]
        repeat = _seconds(step.repeat, params)
        if repeat is not None and None not in phases:
            total = sum(s for s in phases if s is not None) * repeat
            if total > MAX_TIMER:
                yield locate.warning(path, "timer-long",
                                     f"the timer runs {total // 60} min; keep it under {MAX_TIMER // 60} min")


def check_option_count(draft: Draft, locate: Locator) -> Iterator[Problem]:
    for step, path in _steps(draft):
        if isinstance(step, ChoiceStep | MultiChoiceStep) and len(step.options) > MAX_OPTIONS:
            yield locate.warning((*path, "options"), "many-options",
                                 f"{len(step.options)} options are more buttons than fit a phone "
                                 f"(at most {MAX_OPTIONS})")


def check_text_length(draft: Draft, locate: Locator) -> Iterator[Problem]:
    for _, path, text in flow_strings(draft):
        if len(text) > MAX_TEXT:
            yield locate.warning(path, "long-text",
                                 f"a text of {len(text)} characters; keep messages under {MAX_TEXT}")


LINTS: tuple[Rule, ...] = (
    check_scale_width,
    check_scale_labels,
    check_ratings_are_repeated,
    check_relaxation_is_rated,
    check_timer_phases,
    check_timer_length,
    check_option_count,
    check_text_length,
)


def lint(draft: Draft, locate: Locator) -> list[Problem]:
    return run_rules(draft, locate, LINTS)
