"""Blocks call each other, but never themselves, directly or through others."""

from __future__ import annotations

from collections.abc import Iterator

from bot.flowspec.draft import Draft
from bot.flowspec.locate import Locator
from bot.flowspec.problems import Problem


def check_blocks_do_not_recurse(draft: Draft, locate: Locator) -> Iterator[Problem]:
    calls = {name: {s.block for s, _ in scope.calls() if s.block in draft.blocks}
             for name, scope in draft.blocks.items()}
    for name, scope in draft.blocks.items():
        for step, path in scope.calls():
            chain = _path_back(calls, step.block, name)
            if chain is not None:
                route = " → ".join([name, *chain])
                yield locate.problem((*path, "block"), "recursive-call",
                                     f"block '{name}' calls itself: {route}")


def _path_back(calls: dict[str, set[str]], start: str, goal: str) -> list[str] | None:
    """The blocks from `start` back to `goal` along calls (depth first), or None."""
    stack: list[tuple[str, list[str]]] = [(start, [start])]
    seen: set[str] = set()
    while stack:
        name, chain = stack.pop()
        if name == goal:
            return chain
        if name in seen:
            continue
        seen.add(name)
        stack.extend((callee, [*chain, callee]) for callee in sorted(calls.get(name, ())))
    return None
