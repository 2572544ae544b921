"""Branch conditions, compiled once into predicates over the answers."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from bot.engine.session import JSON
from bot.flowspec.model import AllOf, AnyOf, Compare, Condition, NotOf

Answers = Mapping[str, JSON]
Predicate = Callable[[Answers], bool]


def compile_condition(condition: Condition, resolve: Callable[[str], str]) -> Predicate:
    """`resolve` turns an answer reference as written (inside a block: the block's own ids) into a key."""
    if isinstance(condition, AllOf):
        parts = [compile_condition(c, resolve) for c in condition.all]
        return lambda answers: all(p(answers) for p in parts)
    if isinstance(condition, AnyOf):
        parts = [compile_condition(c, resolve) for c in condition.any]
        return lambda answers: any(p(answers) for p in parts)
    if isinstance(condition, NotOf):
        inner = compile_condition(condition.not_, resolve)
        return lambda answers: not inner(answers)
    return _compare(condition, resolve(condition.answer))


def _compare(condition: Compare, key: str) -> Predicate:
    operator = condition.operator
    operand = getattr(condition, operator)
    test = _TESTS[operator]
    return lambda answers: test(answers.get(key), operand)


def number(value: JSON) -> float | None:
    """A numeric answer, or None for anything else (bools are not numbers here)."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return value
    return None


def _same(value: JSON, operand: JSON) -> bool:
    if value is None:
        return False
    left, right = number(value), number(operand)
    if left is not None and right is not None:
        return left == right
    return isinstance(value, str) and str(operand) == value


def _includes(value: JSON, operand: JSON) -> bool:
    if isinstance(value, dict):
        return operand in (value.get("selected") or ())
    if isinstance(value, list):
        return operand in value
    return False


def _ordered(check: Callable[[float, float], bool]) -> Callable[[JSON, JSON], bool]:
    def test(value: JSON, operand: JSON) -> bool:
        left, right = number(value), number(operand)
        return left is not None and right is not None and check(left, right)

    return test


_TESTS: dict[str, Callable[[JSON, JSON], bool]] = {
    "equals": _same,
    "not_equals": lambda value, operand: not _same(value, operand),
    "in_": lambda value, operand: any(_same(value, item) for item in operand),
    "includes": _includes,
    "gt": _ordered(lambda a, b: a > b),
    "gte": _ordered(lambda a, b: a >= b),
    "lt": _ordered(lambda a, b: a < b),
    "lte": _ordered(lambda a, b: a <= b),
    "skipped": lambda value, operand: (value is None) == operand,
}
