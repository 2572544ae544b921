"""A choice that offers the items of an earlier list: the list is one a client builds item by item."""

from __future__ import annotations

from collections.abc import Iterator

from bot.flowspec.draft import Draft, Scope
from bot.flowspec.locate import Locator
from bot.flowspec.model import CallStep, ChoiceStep, KeptRef, Step, TextStep
from bot.flowspec.problems import Problem


def check_lists_are_append_answers(draft: Draft, locate: Locator) -> Iterator[Problem]:
    for scope in draft.scopes():
        for step, path in scope.valid_steps():
            if not isinstance(step, ChoiceStep) or step.options_from is None:
                continue
            if isinstance(step.options_from, KeptRef):
                if not step.options and step.other is None:
                    yield locate.problem((*path, "options_from"), "bad-value",
                                         f"the kept list '{step.options_from.kept}' may be empty, leaving nothing "
                                         "to choose; add `other` or a fixed option to this choice")
                continue
            source = _answer_step(draft, scope, step.options_from)
            if source is None:
                continue  # unknown, or behind a step that did not parse: reported elsewhere
            if not (isinstance(source, TextStep) and source.append):
                what = "a text step without `append: true`" if isinstance(source, TextStep) else \
                    f"a {source.type} step"
                yield locate.problem((*path, "options_from"), "bad-value",
                                     f"'options_from' must name a `text` step with `append: true`, whose answer "
                                     f"is a list; '{step.options_from}' is {what}")
            elif source.optional and not step.options and step.other is None:
                yield locate.problem((*path, "options_from"), "bad-value",
                                     f"'{step.options_from}' may be skipped, leaving nothing to choose; "
                                     "add `other` or a fixed option to this choice")


def _answer_step(draft: Draft, scope: Scope, name: str) -> Step | None:
    """The step that stores answer `name` as seen from `scope` (through calls: `call.step`)."""
    head, _, rest = name.partition(".")
    index = scope.index.get(head)
    if index is None or index in scope.broken:
        return None
    step = scope.steps[index]
    if not rest:
        return step
    if isinstance(step, CallStep) and step.block in draft.blocks:
        return _answer_step(draft, draft.blocks[step.block], rest)
    return None
