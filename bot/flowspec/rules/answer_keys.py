"""Which answers exist in a scope, and where answers are used.

Input steps, set steps and timer steps store an answer under their id. A call step `c` running block
`B` makes every answer `k` of `B` available as `c.k`. Where a step or block could not be read, the
marker `c.*` stands for "any answer under `c`", so its names are not reported as unknown.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from bot.flowspec.draft import Draft, Scope
from bot.flowspec.model import (
    AllOf,
    AnyOf,
    BranchStep,
    CallStep,
    ChoiceStep,
    Compare,
    Condition,
    Expression,
    FollowUpStep,
    ItemStep,
    KeepStep,
    MultiChoiceStep,
    NotOf,
    ScaleStep,
    SetStep,
    Step,
    SummaryStep,
    TextStep,
    TimerStep,
)
from bot.flowspec.nodes import Path
from bot.flowspec.text_sites import TextSite, placeholders

ANSWER_STEPS = (TextStep, ChoiceStep, MultiChoiceStep, ScaleStep, ItemStep, SetStep, TimerStep, FollowUpStep)
KEPT_HEAD = "kept"  # `{kept.name}` quotes a kept list, not an answer: no step may be called this
ANY = ".*"


def knows(keys: frozenset[str] | set[str], name: str) -> bool:
    if name in keys:
        return True
    parts = name.split(".")
    return any(".".join(parts[:i]) + ANY in keys for i in range(1, len(parts)))


class AnswerKeys:
    def __init__(self, draft: Draft) -> None:
        self.draft = draft
        self._blocks: dict[str, frozenset[str]] = {}
        self._visiting: set[str] = set()

    def of_scope(self, scope: Scope) -> frozenset[str]:
        return frozenset().union(*(self.stored_by(scope, i) for i in range(len(scope.steps))))

    def stored_by(self, scope: Scope, index: int) -> frozenset[str]:
        """The answer keys the step at `index` stores (for a call: all its block's answers)."""
        step = scope.steps[index]
        if index in scope.broken:
            return frozenset({step.id, step.id + ANY})
        if isinstance(step, ANSWER_STEPS):
            return frozenset({step.id})
        if isinstance(step, CallStep):
            inner = self.of_block(step.block)
            if inner is None:
                return frozenset({step.id + ANY})
            return frozenset(f"{step.id}.{key}" for key in inner)
        return frozenset()

    def of_block(self, name: str) -> frozenset[str] | None:
        """The block's answer keys; None when they cannot be known (unreadable, missing, recursive)."""
        if name in self._blocks:
            return self._blocks[name]
        scope = self.draft.blocks.get(name)
        if scope is None or name in self._visiting:
            return None
        self._visiting.add(name)
        keys = self.of_scope(scope)
        self._visiting.discard(name)
        self._blocks[name] = keys
        return keys


@dataclass(frozen=True)
class Use:
    """An answer named by a step: in a condition, a set operand, a summary item or a template."""

    name: str
    path: Path
    kind: str  # "condition", "operand", "summary", "list" or "template"
    offset: int | None = None  # of the template's '{' within its text


def step_uses(step: Step, path: Path, texts: list[TextSite]) -> Iterator[Use]:
    if isinstance(step, BranchStep):
        for i, case in enumerate(step.cases):
            yield from condition_uses(case.when, (*path, "cases", i, "when"))
    if isinstance(step, SetStep) and isinstance(step.value, Expression):
        yield from _operand_uses(step.value, (*path, "value"))
    if isinstance(step, SummaryStep):
        yield from (Use(item, (*path, "items", i), "summary") for i, item in enumerate(step.items or []))
    yield from list_uses(step, path)
    yield from template_uses(texts)


def list_uses(step: Step, path: Path) -> Iterator[Use]:
    """The list a choice offers its options from (a kept list is no answer), and the answer a keep step keeps."""
    if isinstance(step, ChoiceStep) and isinstance(step.options_from, str):
        yield Use(step.options_from, (*path, "options_from"), "list")
    if isinstance(step, KeepStep):
        operation, answer = step.operation
        yield Use(answer, (*path, operation), "keep")


def template_uses(texts: list[TextSite]) -> Iterator[Use]:
    for site in texts:
        if site.variables_allowed:
            for where, text in site.pieces():
                yield from (Use(name, where, "template", offset) for name, offset in placeholders(text)
                            if name.split(".", 1)[0] != KEPT_HEAD)


def condition_uses(condition: Condition, path: Path) -> Iterator[Use]:
    if isinstance(condition, Compare):
        yield Use(condition.answer, (*path, "answer"), "condition")
    elif isinstance(condition, AllOf | AnyOf):
        key = "all" if isinstance(condition, AllOf) else "any"
        parts = condition.all if isinstance(condition, AllOf) else condition.any
        for i, part in enumerate(parts):
            yield from condition_uses(part, (*path, key, i))
    elif isinstance(condition, NotOf):
        yield from condition_uses(condition.not_, (*path, "not"))


def _operand_uses(value: Expression, path: Path) -> Iterator[Use]:
    for key in ("answer", "count"):
        name = getattr(value, key)
        if name is not None:
            yield Use(name, (*path, key), "operand")
    for key in ("add", "subtract"):
        for i, operand in enumerate(getattr(value, key) or []):
            if isinstance(operand, str):
                yield Use(operand, (*path, key, i), "operand")
