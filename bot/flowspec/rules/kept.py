"""Lists kept across exercises: a keep step writes a list its flow declares, and no step takes the name
`kept`, which templates use to quote kept lists (`{kept.goals}`)."""

from __future__ import annotations

from collections.abc import Iterator

from bot.flowspec.draft import Draft
from bot.flowspec.locate import Locator
from bot.flowspec.model import KeepStep
from bot.flowspec.problems import Problem
from bot.flowspec.rules.answer_keys import KEPT_HEAD
from bot.flowspec.rules.references import suggest


def check_keep_steps_name_declared_lists(draft: Draft, locate: Locator) -> Iterator[Problem]:
    declared = sorted((draft.meta.get("keeps") or {}).keys())
    for scope in draft.scopes():
        for step, path in scope.valid_steps():
            if isinstance(step, KeepStep) and step.as_ not in declared:
                hint = suggest(step.as_, declared)
                yield locate.problem((*path, "as"), "unknown-kept",
                                     f"'{step.as_}' is not declared under `keeps:` (declare it there with its "
                                     f"label){hint}")


def check_no_step_is_called_kept(draft: Draft, locate: Locator) -> Iterator[Problem]:
    for scope in draft.scopes():
        for step, path in scope.valid_steps():
            if step.id == KEPT_HEAD:
                yield locate.problem((*path, "id"), "bad-value",
                                     f"'{KEPT_HEAD}' is reserved for kept lists (`{{{KEPT_HEAD}.name}}`); "
                                     "give the step another id")
