"""Answers are given before they are used, on every path: a forward "definitely answered" analysis.

Per scope, the answers definitely given on entry to a step are the intersection over its predecessors
of what they had plus what they store (a step's own answer is not there while its prompt is shown).
A fallback edge (`on_invalid.fallback`) leaves without the answer. The scope's start has nothing;
blocks are self-contained: a block sees only its own answers, and a call stores what its block has
definitely given when it returns. A skipped optional answer counts as given (it shows as "—").
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator

from bot.flowspec.draft import Draft, Scope
from bot.flowspec.graph import RETURN, Edge
from bot.flowspec.locate import Locator
from bot.flowspec.model import BranchStep, CallStep
from bot.flowspec.problems import Problem
from bot.flowspec.rules.answer_keys import ANY, AnswerKeys, knows, list_uses, template_uses
from bot.flowspec.rules.guards import proven, required_uses
from bot.flowspec.text_sites import step_texts

Answered = frozenset[str]


class DefiniteAnswers:
    def __init__(self, draft: Draft) -> None:
        self.draft = draft
        self.keys = AnswerKeys(draft)
        self._returns: dict[str, Answered] = {}
        self._visiting: set[str] = set()

    def on_entry(self, scope: Scope) -> dict[str, Answered | None]:
        """Step id -> answers given on every path to it; None for steps no path reaches."""
        stores = self.stores(scope)
        entry: dict[str, Answered | None] = dict.fromkeys(scope.index)
        start = self.draft.scope_start(scope)
        if start is None:
            return entry
        entry[start] = frozenset()
        queue = deque([start])
        while queue:
            source = queue.popleft()
            given = entry[source]
            assert given is not None
            for edge in scope.successors[source]:
                if edge.target not in entry:
                    continue
                out = given if edge.kind == "fallback" else given | stores[source] | self.proven(scope, edge)
                before = entry[edge.target]
                after = out if before is None else before & out
                if after != before:
                    entry[edge.target] = after
                    queue.append(edge.target)
        return entry

    def proven(self, scope: Scope, edge: Edge) -> Answered:
        """What a branch case's condition proves answered on the way to its `goto` (rules/guards.py)."""
        if edge.kind != "case":
            return frozenset()
        step = scope.steps[scope.index[edge.source]]
        if not isinstance(step, BranchStep) or scope.index[edge.source] in scope.broken:
            return frozenset()
        return proven(step.cases[int(edge.label) - 1].when)

    def stores(self, scope: Scope) -> dict[str, Answered]:
        """Step id -> the answers that step gives when the client moves on from it."""
        return {step.id: self._stores(scope, i) for i, step in enumerate(scope.steps)}

    def _stores(self, scope: Scope, index: int) -> Answered:
        step = scope.steps[index]
        if isinstance(step, CallStep) and index not in scope.broken:
            returned = self._returned(step.block)
            if returned is None:
                return frozenset({step.id + ANY})
            return frozenset(f"{step.id}.{key}" for key in returned)
        return self.keys.stored_by(scope, index)

    def _returned(self, name: str) -> Answered | None:
        """What block `name` has definitely answered when it returns; None when unknowable."""
        if name in self._returns:
            return self._returns[name]
        scope = self.draft.blocks.get(name)
        if scope is None or name in self._visiting:
            return None
        self._visiting.add(name)
        entry = self.on_entry(scope)
        stores = self.stores(scope)
        exits = [given | stores[e.source] for e in scope.edges
                 if e.target == RETURN and (given := entry.get(e.source)) is not None]
        returned = frozenset.intersection(*exits) if exits else self.keys.of_scope(scope)
        self._visiting.discard(name)
        self._returns[name] = returned
        return returned


def check_answers_are_given_before_use(draft: Draft, locate: Locator) -> Iterator[Problem]:
    answers = DefiniteAnswers(draft)
    texts = step_texts(draft)
    for scope in draft.scopes():
        known = answers.keys.of_scope(scope)
        entry = answers.on_entry(scope)
        for step, path in scope.valid_steps():
            given = entry.get(step.id)
            if given is None:
                continue  # unreachable: reported elsewhere
            uses = [*list_uses(step, path), *template_uses(texts[path])]
            if isinstance(step, BranchStep):
                for i, case in enumerate(step.cases):
                    uses.extend(required_uses(case.when, (*path, "cases", i, "when")))
            for use in uses:
                if knows(known, use.name) and not knows(given, use.name):
                    missed = _path_without(draft, scope, answers, use.name, step.id)
                    yield locate.problem(use.path, "used-before-set",
                                         f"'{use.name}' may not be answered yet here: {_told(missed, scope)}",
                                         offset=use.offset)


SHOWN_PATH = 8


def _path_without(draft: Draft, scope: Scope, answers: DefiniteAnswers, name: str, goal: str) -> list[str]:
    """One shortest path from the scope's start to `goal` on which `name` is never given."""
    stores = answers.stores(scope)
    start = draft.scope_start(scope)
    if start is None:
        return [goal]
    came_from: dict[str, str | None] = {start: None}
    queue = deque([start])
    while queue and goal not in came_from:
        source = queue.popleft()
        if knows(stores[source], name):
            onward = [e for e in scope.successors[source] if e.kind == "fallback"]
        else:
            onward = [e for e in scope.successors[source] if not knows(answers.proven(scope, e), name)]
        for edge in onward:
            if edge.target in scope.index and edge.target not in came_from:
                came_from[edge.target] = source
                queue.append(edge.target)
    path = [goal]
    while (before := came_from.get(path[-1])) is not None:
        path.append(before)
    return path[::-1]


def _told(path: list[str], scope: Scope) -> str:
    if len(path) == 1:
        where = "the block" if scope.in_block else "the flow"
        return f"{where} starts at this step, before anything is answered"
    shown = path if len(path) <= SHOWN_PATH else [*path[:3], "…", *path[-3:]]
    return f"the path {' → '.join(shown)} reaches this step without it"
