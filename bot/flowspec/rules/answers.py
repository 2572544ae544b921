"""Every answer a step names exists in its scope, and summaries list only answers."""

from __future__ import annotations

from collections.abc import Iterator

from bot.flowspec.draft import Draft, Scope
from bot.flowspec.locate import Locator
from bot.flowspec.model import CallStep
from bot.flowspec.problems import Problem
from bot.flowspec.rules.answer_keys import ANY, AnswerKeys, knows, step_uses
from bot.flowspec.rules.references import suggest
from bot.flowspec.text_sites import step_texts


def check_answers_exist(draft: Draft, locate: Locator) -> Iterator[Problem]:
    keys = AnswerKeys(draft)
    texts = step_texts(draft)
    for scope in draft.scopes():
        known = keys.of_scope(scope)
        for step, path in scope.valid_steps():
            for use in step_uses(step, path, texts[path]):
                if knows(known, use.name) or (use.kind == "summary" and use.name in scope.index):
                    continue
                yield locate.problem(use.path, "unknown-answer", why_unknown(use.name, scope, known),
                                     offset=use.offset)


def check_summary_items_are_answers(draft: Draft, locate: Locator) -> Iterator[Problem]:
    keys = AnswerKeys(draft)
    for scope in draft.scopes():
        known = keys.of_scope(scope)
        for step, path in scope.valid_steps():
            for i, item in enumerate(getattr(step, "items", None) or []):
                if item in scope.index and not knows(known, item):
                    kind = scope.steps[scope.index[item]].type
                    yield locate.problem((*path, "items", i), "bad-value",
                                         f"'{item}' is a {kind} step, which stores no answer to summarise")


def why_unknown(name: str, scope: Scope, known: frozenset[str]) -> str:
    if name in scope.index:
        return f"'{name}' is a {scope.steps[scope.index[name]].type} step, which stores no answer"
    head, _, rest = name.partition(".")
    caller = scope.steps[scope.index[head]] if head in scope.index else None
    if rest and isinstance(caller, CallStep):
        return f"block '{caller.block}' (called by '{head}') stores no answer '{rest}'"
    where = f"block '{scope.block}'" if scope.in_block else "the flow"
    names = [k for k in known if not k.endswith(ANY)]
    return f"no step of {where} stores an answer called '{name}'{suggest(name, names)}"
