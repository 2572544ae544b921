"""The step graph of one scope (the main flow, or one block): who follows whom, and why."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from bot.flowspec.model import (
    BranchStep,
    ChoiceStep,
    EndStep,
    GotoStep,
    OnInvalid,
    Step,
    SummaryStep,
)

RETURN = "<return>"  # falling off the end of a block: back to the caller
FALL_OFF = "<nowhere>"  # falling off the end of the main flow: a validation error

EdgeKind = Literal["next", "option", "case", "else", "goto", "fallback"]


@dataclass(frozen=True, slots=True)
class Edge:
    source: str
    target: str  # a step id, RETURN or FALL_OFF
    kind: EdgeKind
    label: str = ""  # option value or case number, for diagrams


def default_next(steps: list[Step], index: int, in_block: bool) -> str:
    step = steps[index]
    explicit = getattr(step, "next", None)
    if explicit:
        return str(explicit)
    if index + 1 < len(steps):
        return steps[index + 1].id
    return RETURN if in_block else FALL_OFF


def edges(steps: list[Step], in_block: bool) -> list[Edge]:
    """Every possible move out of every step of one scope, in step order."""
    out: list[Edge] = []
    for index in range(len(steps)):
        out.extend(_step_edges(steps, index, in_block))
    return out


def _step_edges(steps: list[Step], index: int, in_block: bool) -> list[Edge]:
    step = steps[index]
    if isinstance(step, EndStep):
        return []
    if isinstance(step, GotoStep):
        return [Edge(step.id, step.target, "goto")]
    if isinstance(step, BranchStep):
        found = [Edge(step.id, c.goto, "case", str(n)) for n, c in enumerate(step.cases, 1)]
        if step.else_:
            found.append(Edge(step.id, step.else_, "else"))
        return found
    found = []
    if isinstance(step, ChoiceStep):
        found = [Edge(step.id, o.next, "option", o.value) for o in step.options if o.next]
        fixed_only = step.options_from is None and step.other is None
        if fixed_only and all(o.next for o in step.options):
            return found + _fallback_edges(step)
    found.append(Edge(step.id, default_next(steps, index, in_block), "next"))
    return found + _fallback_edges(step)


def _fallback_edges(step: Step) -> list[Edge]:
    on_invalid: OnInvalid | None = getattr(step, "on_invalid", None)
    if on_invalid and on_invalid.fallback and on_invalid.fallback != "skip":
        return [Edge(step.id, on_invalid.fallback, "fallback")]
    return []


def summary_targets(step: SummaryStep) -> list[str]:
    return list(step.items or [])
