"""`set`: stores a computed value under the step's id."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from bot.engine.effects import AnswerRecorded
from bot.engine.expressions import Compute, compile_value
from bot.engine.steps.base import Node
from bot.engine.steps.context import StepContext
from bot.flowspec.model import SetStep

if TYPE_CHECKING:
    from bot.engine.cursor import Cursor


@dataclass(slots=True, kw_only=True, eq=False)
class SetNode(Node):
    compute: Compute

    def enter(self, cursor: Cursor) -> None:
        answers = cursor.session.answers
        value = self.compute(answers)
        answers[self.key] = value
        cursor.emit(AnswerRecorded(self.step_id, self.key, value, None))
        self.advance(cursor, self.next)


def build(step: SetStep, ctx: StepContext) -> SetNode:
    return SetNode.placed(step, ctx, compute=compile_value(step.value, ctx.scope.ref))
