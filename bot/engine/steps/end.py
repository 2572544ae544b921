"""`end`: ends the whole flow (also from inside a block) with an outcome."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from bot.engine.render import Template
from bot.engine.steps.base import Node
from bot.engine.steps.context import StepContext
from bot.flowspec.model import EndStep

if TYPE_CHECKING:
    from bot.engine.cursor import Cursor


@dataclass(slots=True, kw_only=True, eq=False)
class EndNode(Node):
    outcome: str
    text: dict[str, Template] | None

    def enter(self, cursor: Cursor) -> None:
        cursor.complete(self.outcome, self.text)


def build(step: EndStep, ctx: StepContext) -> EndNode:
    return EndNode.placed(step, ctx, outcome=step.outcome, text=ctx.optional_template(step.text))
