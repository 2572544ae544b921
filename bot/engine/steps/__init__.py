"""One module per step type. `BUILDERS` is the only way from a step in YAML to Python behaviour:
a fixed table keyed by the step's type, so nothing a flow says is ever looked up as a name."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from bot.engine.steps import (
    branch,
    call,
    choice,
    end,
    follow_up,
    goto,
    item,
    keep,
    message,
    multi_choice,
    scale,
    set_value,
    summary,
    text,
    timer,
)
from bot.engine.steps.base import Node
from bot.engine.steps.context import StepContext

BUILDERS: dict[str, Callable[[Any, StepContext], Node]] = {
    "message": message.build,
    "text": text.build,
    "choice": choice.build,
    "multi_choice": multi_choice.build,
    "scale": scale.build,
    "item": item.build,
    "timer": timer.build,
    "branch": branch.build,
    "goto": goto.build,
    "call": call.build,
    "set": set_value.build,
    "summary": summary.build,
    "keep": keep.build,
    "follow_up": follow_up.build,
    "end": end.build,
}
