"""Step ids: unique within their scope (the main flow, or one block)."""

from __future__ import annotations

from collections.abc import Iterator

from bot.flowspec.draft import Draft
from bot.flowspec.locate import Locator
from bot.flowspec.problems import Problem


def check_step_ids_are_unique(draft: Draft, locate: Locator) -> Iterator[Problem]:
    for scope in draft.scopes():
        first_line: dict[str, int] = {}
        for step, path in zip(scope.steps, scope.paths, strict=True):
            if step.id.startswith("<"):
                continue  # a step without a readable id
            if step.id in first_line:
                where = "block" if scope.in_block else "flow"
                yield locate.problem((*path, "id"), "duplicate-id",
                                     f"the id '{step.id}' is already used on line {first_line[step.id]} "
                                     f"of this {where}; step ids must be unique")
            else:
                first_line[step.id] = locate.position((*path, "id"))[0]
