"""The shape of each scope's graph: every step reachable, every path able to finish, branches total.

One mistake is reported once. Steps left unreachable by a reference to nothing, a branch without `else` or
a loop with no way out are not each an error of their own: the mistake gets one note saying how many
steps it cuts off. A loop with no way out is one error at the move that closes it, not one per step.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass

from bot.flowspec.draft import Draft, Scope
from bot.flowspec.locate import Locator
from bot.flowspec.model import BranchStep, CallStep, GotoStep
from bot.flowspec.nodes import Path
from bot.flowspec.problems import Problem
from bot.flowspec.rules.exits import FlowExits, falls_off, reachable
from bot.flowspec.rules.loops import Trap, traps
from bot.flowspec.rules.references import step_references
from bot.flowspec.wording import closest

SHOWN_STEPS = 5


@dataclass(frozen=True)
class _Cause:
    """A mistake that can leave steps unreachable: where it is written, and the step probably meant."""

    index: int
    below: Path
    meant: str | None = None


def check_all_steps_can_be_reached(draft: Draft, locate: Locator) -> Iterator[Problem]:
    exits = FlowExits(draft)
    for scope in draft.scopes():
        found = reachable(scope, draft.scope_start(scope))
        lost = [i for i, step in enumerate(scope.steps) if step.id not in found and scope.index[step.id] == i]
        if not lost:  # a repeated id is its own error, so only each id's first step counts
            continue
        causes = _causes(draft, scope, found, exits)
        if not causes:
            start = "the block's first step" if scope.in_block else "the start of the flow"
            for i in lost:
                yield locate.problem(scope.paths[i], "unreachable", f"no path from {start} leads to this step")
            continue
        for cause, cut_off in _attribute(scope, causes, lost):
            names = [scope.steps[i].id for i in cut_off]
            shown = ", ".join(f"'{n}'" for n in names[:SHOWN_STEPS]) + (", …" if len(names) > SHOWN_STEPS else "")
            count = "1 step is" if len(names) == 1 else f"{len(names)} steps are"
            yield locate.note((*scope.paths[cause.index], *cause.below), "unreachable",
                              f"{count} unreachable because of this ({shown})")


def _causes(draft: Draft, scope: Scope, found: set[str], exits: FlowExits) -> list[_Cause]:
    causes: list[_Cause] = []
    for index, (step, _path) in enumerate(zip(scope.steps, scope.paths, strict=True)):
        if step.id not in found or index in scope.broken:
            continue
        for below, target in step_references(step):
            if target not in scope.index:
                causes.append(_Cause(index, below, closest(target, scope.index)))
        if isinstance(step, BranchStep) and not step.else_:
            causes.append(_Cause(index, ()))
    causes += [_Cause(scope.index[trap.at], _trap_below(scope, trap)) for trap in traps(draft, scope, exits)
               if trap.closing is not None]
    return sorted(causes, key=lambda c: c.index)


def _attribute(scope: Scope, causes: list[_Cause], lost: list[int]) -> list[tuple[_Cause, list[int]]]:
    """Which unreachable steps each mistake cuts off: what the step it probably meant leads to, and
    otherwise the steps after it in the file (before the next mistake)."""
    remaining = set(lost)
    cut_off: dict[_Cause, set[int]] = {cause: set() for cause in causes}
    for cause in causes:
        if cause.meant is not None and scope.index[cause.meant] in remaining:
            taken = _reach_among(scope, cause.meant, remaining)
            cut_off[cause] |= taken
            remaining -= taken
    for index in sorted(remaining):
        before = [c for c in causes if c.index < index]
        cut_off[before[-1] if before else causes[0]].add(index)
    return [(cause, sorted(steps)) for cause, steps in cut_off.items() if steps]


def _reach_among(scope: Scope, start: str, among: set[int]) -> set[int]:
    found = {scope.index[start]}
    queue = deque([start])
    while queue:
        for edge in scope.successors.get(queue.popleft(), ()):
            target = scope.index.get(edge.target)
            if target is not None and target in among and target not in found:
                found.add(target)
                queue.append(edge.target)
    return found


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
        goal = "returns from the block or reaches an `end`" if scope.in_block else "reaches an `end`"
        for trap in traps(draft, scope, exits):
            path = scope.paths[scope.index[trap.at]]
            if trap.closing is None:
                yield locate.problem(path, "no-end", f"no path from this step {goal}")
                continue
            steps = ", ".join(f"'{s}'" for s in trap.steps[:SHOWN_STEPS]) + \
                (", …" if len(trap.steps) > SHOWN_STEPS else "")
            target = trap.closing.target
            closes = "this `goto`" if trap.closing.kind == "goto" else f"this step's move back to '{target}'"
            yield locate.problem((*path, *_trap_below(scope, trap)), "no-end",
                                 f"{closes} closes a loop with no way out: no path from {steps} {goal}; "
                                 "give a step in the loop a choice or a branch that leaves it")


def _trap_below(scope: Scope, trap: Trap) -> Path:
    step = scope.steps[scope.index[trap.at]]
    return ("target",) if isinstance(step, GotoStep) and trap.closing is not None else ()


def check_branches_have_else(draft: Draft, locate: Locator) -> Iterator[Problem]:
    for scope in draft.scopes():
        for step, path in scope.valid_steps():
            if isinstance(step, BranchStep) and not step.else_:
                yield locate.problem(path, "branch-without-else",
                                     "a branch needs `else:` for when no case holds")
