"""The shape of each scope's graph: every step reachable, every path able to finish, branches total."""

from __future__ import annotations

from collections.abc import Iterator

from bot.flowspec.draft import Draft
from bot.flowspec.locate import Locator
from bot.flowspec.model import BranchStep, CallStep
from bot.flowspec.problems import Problem
from bot.flowspec.rules.exits import FlowExits, falls_off, reachable


def check_all_steps_can_be_reached(draft: Draft, locate: Locator) -> Iterator[Problem]:
    for scope in draft.scopes():
        found = reachable(scope, draft.scope_start(scope))
        start = "the block's first step" if scope.in_block else "the start of the flow"
        for index, (step, path) in enumerate(zip(scope.steps, scope.paths, strict=True)):
            if step.id not in found and scope.index[step.id] == index:  # a repeated id is its own error
                yield locate.problem(path, "unreachable", f"no path from {start} leads to this step")


def check_main_flow_does_not_fall_off(draft: Draft, locate: Locator) -> Iterator[Problem]:
    scope = draft.main
    exits = FlowExits(draft)
    for step_id in falls_off(scope):
        index = scope.index[step_id]
        step = scope.steps[index]
        if isinstance(step, CallStep) and not exits.block(step.block).can_return:
            continue  # its block never comes back, so nothing follows it
        if index not in scope.broken:
            yield locate.problem(scope.paths[index], "missing-end",
                                 "the last step of the flow leads nowhere; add an `end` step after it, "
                                 "or give it a `next`")


def check_every_step_can_finish(draft: Draft, locate: Locator) -> Iterator[Problem]:
    exits = FlowExits(draft)
    for scope in draft.scopes():
        finishing = exits.can_end(scope)
        if scope.in_block:
            finishing |= exits.can_return(scope)
        found = reachable(scope, draft.scope_start(scope))
        goal = "returns from the block or reaches an `end`" if scope.in_block else "reaches an `end`"
        for step, path in scope.valid_steps():
            if step.id in found and step.id not in finishing:
                yield locate.problem(path, "no-end",
                                     f"no path from this step {goal} (a loop with no way out?)")


def check_branches_have_else(draft: Draft, locate: Locator) -> Iterator[Problem]:
    for scope in draft.scopes():
        for step, path in scope.valid_steps():
            if isinstance(step, BranchStep) and not step.else_:
                yield locate.problem(path, "branch-without-else",
                                     "a branch needs `else:` for when no case holds")
