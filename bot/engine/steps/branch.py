"""`branch`: the first case whose condition holds, else `else`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from bot.engine.conditions import Predicate, compile_condition
from bot.engine.steps.base import Node
from bot.engine.steps.context import StepContext
from bot.flowspec.model import BranchStep

if TYPE_CHECKING:
    from bot.engine.cursor import Cursor


@dataclass(slots=True, kw_only=True, eq=False)
class BranchNode(Node):
    cases: tuple[tuple[Predicate, str], ...]
    otherwise: str | None

    def enter(self, cursor: Cursor) -> None:
        answers = cursor.session.answers
        target = next((state for holds, state in self.cases if holds(answers)), self.otherwise)
        self.advance(cursor, target)


def build(step: BranchStep, ctx: StepContext) -> BranchNode:
    cases = tuple((compile_condition(c.when, ctx.scope.ref), ctx.target(c.goto)) for c in step.cases)
    otherwise = ctx.target(step.else_) if step.else_ else None
    return BranchNode.placed(step, ctx, cases=cases, otherwise=otherwise)
