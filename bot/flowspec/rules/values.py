"""Values that are each fine alone but do not fit together within one step."""

from __future__ import annotations

from collections.abc import Iterator

from bot.flowspec.draft import Draft
from bot.flowspec.locate import Locator
from bot.flowspec.model import ChoiceStep, MultiChoiceStep, ScaleStep, TextStep
from bot.flowspec.problems import Problem


def check_scales_are_well_formed(draft: Draft, locate: Locator) -> Iterator[Problem]:
    for scope in draft.scopes():
        for step, path in scope.valid_steps():
            if not isinstance(step, ScaleStep):
                continue
            if step.min >= step.max:
                yield locate.problem((*path, "max"), "bad-scale",
                                     f"'max' ({step.max}) must be greater than 'min' ({step.min})")
            elif (step.max - step.min) % step.step:
                yield locate.problem((*path, "step"), "bad-scale",
                                     f"'step' ({step.step}) must divide the range "
                                     f"{step.min}..{step.max} evenly")


def check_text_length_limits(draft: Draft, locate: Locator) -> Iterator[Problem]:
    for scope in draft.scopes():
        for step, path in scope.valid_steps():
            if isinstance(step, TextStep) and step.min_length > step.max_length:
                yield locate.problem((*path, "min_length"), "bad-value",
                                     f"'min_length' ({step.min_length}) is more than 'max_length' "
                                     f"({step.max_length})")


def check_selection_limits(draft: Draft, locate: Locator) -> Iterator[Problem]:
    for scope in draft.scopes():
        for step, path in scope.valid_steps():
            if not isinstance(step, MultiChoiceStep):
                continue
            choosable = len(step.options) + (1 if step.other else 0)
            if step.min_selected > choosable:
                yield locate.problem((*path, "min_selected"), "bad-value",
                                     f"'min_selected' ({step.min_selected}) is more than the "
                                     f"{choosable} options there are to choose")
            if step.max_selected is not None and step.max_selected < step.min_selected:
                yield locate.problem((*path, "max_selected"), "bad-value",
                                     f"'max_selected' ({step.max_selected}) is less than 'min_selected' "
                                     f"({step.min_selected})")


def check_option_values_are_unique(draft: Draft, locate: Locator) -> Iterator[Problem]:
    for scope in draft.scopes():
        for step, path in scope.valid_steps():
            if not isinstance(step, ChoiceStep | MultiChoiceStep):
                continue
            seen: set[str] = set()
            for i, value in enumerate(_option_values(step)):
                if value in seen:
                    yield locate.problem((*path, "options", i, "value"), "bad-value",
                                         f"two options have the value '{value}'; each needs its own")
                seen.add(value)


def _option_values(step: ChoiceStep | MultiChoiceStep) -> list[str]:
    if isinstance(step, ChoiceStep):
        return [option.value for option in step.options]
    return [option.value for option in step.options]


def check_skip_only_on_optional_steps(draft: Draft, locate: Locator) -> Iterator[Problem]:
    for scope in draft.scopes():
        for step, path in scope.valid_steps():
            on_invalid = getattr(step, "on_invalid", None)
            if on_invalid is None or on_invalid.fallback != "skip":
                continue
            if not getattr(step, "optional", False):
                yield locate.problem((*path, "on_invalid", "fallback"), "bad-value",
                                     "`fallback: skip` needs a step with `optional: true`; "
                                     "this step must be answered")
