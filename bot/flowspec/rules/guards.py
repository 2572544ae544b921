"""What a branch case's condition proves about the answers, for the "answered before use" analysis.

A case whose condition can only hold when an answer is there (`{answer: x, skipped: false}`, or any
comparison but `not_equals` and `skipped: true`) leads to its `goto` with that answer given, even where
some other path to the branch never asked for it. So a flow can ask a question only sometimes (an optional
second mood) and later branch on whether it was answered, then quote it:

    - id: rerate_second
      type: branch
      cases:
        - when: {answer: mood_2_name, skipped: false}
          goto: mood_2_after          # may quote {mood_2_name}
      else: balanced_thought

A `skipped` test itself may name an answer not given on every path: an unasked question counts as skipped.
"""

from __future__ import annotations

from collections.abc import Iterator

from bot.flowspec.model import AllOf, AnyOf, Compare, Condition, NotOf
from bot.flowspec.nodes import Path
from bot.flowspec.rules.answer_keys import Use, condition_uses

# operators that hold only for an answer that is there (equals and the orderings fail on a missing one)
_NEEDS_AN_ANSWER = frozenset({"equals", "in_", "includes", "gt", "gte", "lt", "lte"})


def proven(condition: Condition) -> frozenset[str]:
    """The answers (as written) that are certainly given whenever `condition` holds."""
    if isinstance(condition, Compare):
        operator = condition.operator
        if operator in _NEEDS_AN_ANSWER or (operator == "skipped" and condition.skipped is False):
            return frozenset({condition.answer})
        return frozenset()
    if isinstance(condition, AllOf):
        return frozenset().union(*(proven(part) for part in condition.all))
    if isinstance(condition, AnyOf):
        parts = [proven(part) for part in condition.any]
        return frozenset.intersection(*parts) if parts else frozenset()
    if isinstance(condition, NotOf):
        inner = condition.not_
        if isinstance(inner, Compare) and inner.operator == "skipped" and inner.skipped is True:
            return frozenset({inner.answer})
        return frozenset()
    return frozenset()


def required_uses(condition: Condition, path: Path) -> Iterator[Use]:
    """The answers a condition needs given on every path to it: all it names but those of `skipped` tests."""
    for use in condition_uses(condition, path):
        found = condition_at(condition, use.path[len(path):-1])
        if not (isinstance(found, Compare) and found.operator == "skipped"):
            yield use


def condition_at(condition: Condition, where: tuple[str | int, ...]) -> Condition:
    for key in where:
        if isinstance(key, int):
            condition = (condition.all if isinstance(condition, AllOf) else condition.any)[key]  # type: ignore[union-attr]
        elif key == "not" and isinstance(condition, NotOf):
            condition = condition.not_
    return condition
