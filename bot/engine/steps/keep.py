"""`keep`: a change to a list the client keeps across exercises, made when the flow reaches its end.

Entering the step changes nothing: the flow's end gathers the keep steps on the client's way through the flow
(so going back, editing from a summary or cancelling never keeps anything twice or half-done) and hands the
changes to the front end in the `Ended` effect.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from bot.engine.kept import KeptChange, Operation, texts_of
from bot.engine.steps.base import Node
from bot.engine.steps.context import StepContext
from bot.flowspec.model import KeepStep

if TYPE_CHECKING:
    from bot.engine.cursor import Cursor
    from bot.engine.session import JSON


@dataclass(slots=True, kw_only=True, eq=False)
class KeepNode(Node):
    name: str
    operation: Operation
    source: str  # the answer key whose text(s) the change takes

    def enter(self, cursor: Cursor) -> None:
        self.advance(cursor, self.next)

    def change(self, answers: dict[str, JSON]) -> KeptChange | None:
        """The change this step makes with `answers`; None when its answer was skipped (nothing to keep),
        except that `replace` with nothing empties the list."""
        texts = texts_of(answers.get(self.source))
        if not texts and self.operation != "replace":
            return None
        return KeptChange(self.name, self.operation, texts)


def build(step: KeepStep, ctx: StepContext) -> KeepNode:
    operation, answer = step.operation
    return KeepNode.placed(step, ctx, name=step.as_, operation=operation,
                           source=ctx.scope.ref(answer))
