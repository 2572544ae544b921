"""`goto`: jumps to another step, usually back to loop."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from bot.engine.steps.base import Node
from bot.engine.steps.context import StepContext
from bot.flowspec.model import GotoStep

if TYPE_CHECKING:
    from bot.engine.cursor import Cursor


@dataclass(slots=True, kw_only=True, eq=False)
class GotoNode(Node):
    target: str

    def enter(self, cursor: Cursor) -> None:
        cursor.go(self.target)


def build(step: GotoStep, ctx: StepContext) -> GotoNode:
    return GotoNode.placed(step, ctx, target=ctx.target(step.target))
