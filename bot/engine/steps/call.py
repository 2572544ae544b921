"""`call`: runs a block. The compiler inlines the block's steps under this step's state, and their
last step leads back to this step's `next`; entering the call only steps into the block."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from bot.engine.steps.base import Node
from bot.engine.steps.context import StepContext
from bot.flowspec.model import CallStep

if TYPE_CHECKING:
    from bot.engine.cursor import Cursor


@dataclass(slots=True, kw_only=True, eq=False)
class CallNode(Node):
    entry: str  # the state of the block's first step

    def enter(self, cursor: Cursor) -> None:
        cursor.go(self.entry)


def build(step: CallStep, ctx: StepContext) -> CallNode:
    first = ctx.flow.blocks[step.block].steps[0].id
    return CallNode.placed(step, ctx, entry=f"{ctx.state}/{first}")
