"""Where each step can lead in the end: to an `end` (the flow is over) or, in a block, back to the caller.

A call step passes through its block: it goes on to its `next` only if the block can return, and it
can end the flow if the block can reach an `end`. Whatever cannot be known (a step or block that failed
to parse, a reference to nothing) is assumed to be able to do both, so only one error is reported.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass

from bot.flowspec.draft import Draft, Scope
from bot.flowspec.graph import FALL_OFF, RETURN, Edge
from bot.flowspec.model import EndStep


@dataclass(frozen=True)
class Exits:
    can_return: bool
    can_end: bool


UNKNOWN = Exits(can_return=True, can_end=True)


class FlowExits:
    def __init__(self, draft: Draft) -> None:
        self.draft = draft
        self._blocks: dict[str, Exits] = {}
        self._visiting: set[str] = set()

    def block(self, name: str) -> Exits:
        if name in self._blocks:
            return self._blocks[name]
        scope = self.draft.blocks.get(name)
        if scope is None or name in self._visiting:
            return UNKNOWN  # unreadable, missing or recursive: reported elsewhere
        self._visiting.add(name)
        start = scope.steps[0].id
        exits = Exits(start in self.can_return(scope), start in self.can_end(scope))
        self._visiting.discard(name)
        self._blocks[name] = exits
        return exits

    def can_end(self, scope: Scope) -> set[str]:
        """Steps of `scope` from which some path reaches an `end`."""
        seeds = [s.id for i, s in enumerate(scope.steps) if i in scope.broken or isinstance(s, EndStep)]
        seeds += [s.id for s, _ in scope.calls() if self.block(s.block).can_end]
        seeds += [e.source for e in self.edges(scope) if e.target not in scope.index and e.target != RETURN]
        return self._backwards(scope, seeds)

    def can_return(self, scope: Scope) -> set[str]:
        """Steps of a block from which some path falls off its end, back to the caller."""
        seeds = [scope.steps[i].id for i in scope.broken]
        seeds += [e.source for e in self.edges(scope) if e.target == RETURN]
        return self._backwards(scope, seeds)

    def edges(self, scope: Scope) -> list[Edge]:
        """The scope's edges, without the way on from a call whose block never returns."""
        stuck = {s.id for s, _ in scope.calls() if not self.block(s.block).can_return}
        return [e for e in scope.edges if e.source not in stuck]

    def _backwards(self, scope: Scope, seeds: Iterable[str]) -> set[str]:
        into: dict[str, list[str]] = {}
        for edge in self.edges(scope):
            into.setdefault(edge.target, []).append(edge.source)
        found = set(seeds)
        queue = deque(found)
        while queue:
            for source in into.get(queue.popleft(), ()):
                if source not in found:
                    found.add(source)
                    queue.append(source)
        return found


def reachable(scope: Scope, start: str | None) -> set[str]:
    if start is None:
        return set()
    found = {start}
    queue = deque([start])
    while queue:
        for edge in scope.successors.get(queue.popleft(), ()):
            if edge.target in scope.index and edge.target not in found:
                found.add(edge.target)
                queue.append(edge.target)
    return found


def falls_off(scope: Scope) -> list[str]:
    return [e.source for e in scope.edges if e.target == FALL_OFF]

