"""References by name: steps (within their scope), blocks, parameters and the flow's `start`."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from bot.flowspec.draft import Draft, Scope
from bot.flowspec.locate import Locator
from bot.flowspec.model import BranchStep, ChoiceStep, GotoStep, Step, TimerStep
from bot.flowspec.nodes import Path
from bot.flowspec.problems import Problem
from bot.flowspec.wording import closest


def step_references(step: Step) -> Iterator[tuple[Path, str]]:
    """Every step id that `step` names, with the path (below the step) where it is written."""
    explicit = getattr(step, "next", None)
    if explicit:
        yield ("next",), explicit
    if isinstance(step, ChoiceStep):
        yield from ((("options", i, "next"), o.next) for i, o in enumerate(step.options) if o.next)
    if isinstance(step, BranchStep):
        yield from ((("cases", i, "goto"), case.goto) for i, case in enumerate(step.cases))
        if step.else_:
            yield ("else",), step.else_
    if isinstance(step, GotoStep):
        yield ("target",), step.target
    on_invalid = getattr(step, "on_invalid", None)
    if on_invalid is not None and on_invalid.fallback not in (None, "skip"):
        yield ("on_invalid", "fallback"), on_invalid.fallback


def suggest(name: str, known: Iterable[str]) -> str:
    close = closest(name, known)
    return f" (did you mean '{close}'?)" if close else ""


def check_step_references_resolve(draft: Draft, locate: Locator) -> Iterator[Problem]:
    for scope in draft.scopes():
        for step, path in scope.valid_steps():
            for below, target in step_references(step):
                if target not in scope.index:
                    hint = suggest(target, scope.index)
                    yield locate.problem((*path, *below), "unknown-step",
                                         f"there is no step '{target}' {_where(scope)}{hint}")


def check_start_exists(draft: Draft, locate: Locator) -> Iterator[Problem]:
    start = draft.meta.get("start")
    if start is not None and draft.main.steps and start not in draft.main.index:
        hint = suggest(start, draft.main.index)
        message = f"'start' names no step of the flow ('{start}'){hint}"
        yield locate.problem(("start",), "unknown-step", message)


def check_called_blocks_exist(draft: Draft, locate: Locator) -> Iterator[Problem]:
    known = [*draft.blocks, *draft.opaque_blocks]
    for scope in draft.scopes():
        for step, path in scope.calls():
            if not draft.has_block(step.block):
                listed = f" (blocks: {', '.join(sorted(known))})" if known else " (the flow has no `blocks:`)"
                hint = suggest(step.block, known) or listed
                yield locate.problem((*path, "block"), "unknown-block",
                                     f"there is no block '{step.block}'{hint}")


def check_timer_params_exist(draft: Draft, locate: Locator) -> Iterator[Problem]:
    params = draft.params
    if params is None:
        return  # `params` itself is invalid and already reported
    for scope in draft.scopes():
        for step, path in scope.valid_steps():
            if not isinstance(step, TimerStep):
                continue
            named = [(("phases", i, "seconds"), p.seconds) for i, p in enumerate(step.phases)]
            for below, value in [*named, (("repeat",), step.repeat)]:
                if isinstance(value, str) and value not in params:
                    hint = suggest(value, params)
                    yield locate.problem((*path, *below), "unknown-param",
                                         f"there is no parameter '{value}' in `params`{hint}")


def _where(scope: Scope) -> str:
    return f"in block '{scope.block}'" if scope.in_block else "in the flow"
