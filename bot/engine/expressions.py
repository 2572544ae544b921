"""Values computed by `set` steps, compiled once into functions of the answers.

Arithmetic on a missing, skipped or non-numeric answer gives None (shown as skipped) rather than failing:
a client may skip a scale that a later `set` subtracts.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Mapping

from bot.engine.conditions import number
from bot.engine.session import JSON
from bot.flowspec.model import Expression, Operand

Answers = Mapping[str, JSON]
Compute = Callable[[Answers], JSON]


def compile_value(value: int | float | str | Expression, resolve: Callable[[str], str]) -> Compute:
    if not isinstance(value, Expression):
        return lambda answers: value
    if value.answer is not None:
        key = resolve(value.answer)
        # a copy, so that changing one answer later can never change the other
        return lambda answers: copy.deepcopy(answers.get(key))
    if value.count is not None:
        key = resolve(value.count)
        return lambda answers: count(answers.get(key))
    if value.add is not None:
        terms = [_operand(o, resolve) for o in value.add]
        return lambda answers: _total([t(answers) for t in terms])
    assert value.subtract is not None
    first, second = (_operand(o, resolve) for o in value.subtract)
    return lambda answers: _difference(first(answers), second(answers))


def count(value: JSON) -> int:
    """Items chosen (a multi-choice, with its "other" text) or collected (an appended list)."""
    if isinstance(value, dict):
        return len(value.get("selected") or ()) + (1 if value.get("other") else 0)
    if isinstance(value, list):
        return len(value)
    return 0


def _operand(operand: Operand, resolve: Callable[[str], str]) -> Callable[[Answers], float | None]:
    if isinstance(operand, str):
        key = resolve(operand)
        return lambda answers: number(answers.get(key))
    return lambda answers: operand


def _total(values: list[float | None]) -> float | None:
    if any(v is None for v in values):
        return None
    return sum(v for v in values if v is not None)


def _difference(first: float | None, second: float | None) -> float | None:
    if first is None or second is None:
        return None
    return first - second
