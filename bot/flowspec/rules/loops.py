"""Steps that can never finish, grouped by what traps them: a loop with no way out, or a step that leads
nowhere (a call to a block that never returns). Everything that only leads *into* such a trap is trapped
for the same reason, so each trap is reported once, at the move that closes the loop."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from bot.flowspec.draft import Draft, Scope
from bot.flowspec.graph import Edge
from bot.flowspec.rules.exits import FlowExits, reachable


@dataclass(frozen=True)
class Trap:
    steps: tuple[str, ...]  # in flow order
    closing: Edge | None  # the move back that closes the loop; None: a single step that leads nowhere

    @property
    def at(self) -> str:
        return self.closing.source if self.closing is not None else self.steps[0]


def traps(draft: Draft, scope: Scope, exits: FlowExits) -> list[Trap]:
    """The traps of `scope`, in flow order of the step each is reported at."""
    finishing = exits.can_end(scope)
    if scope.in_block:
        finishing |= exits.can_return(scope)
    found = reachable(scope, draft.scope_start(scope))
    stuck = {step.id for step, _ in scope.valid_steps() if step.id in found and step.id not in finishing}
    if not stuck:
        return []
    edges = [e for e in exits.edges(scope) if e.source in stuck and e.target in stuck]
    order = scope.index
    result = []
    for group in _sinks(_components(stuck, edges), edges):
        inside = [e for e in edges if e.source in group and e.target in group]
        steps = tuple(sorted(group, key=order.__getitem__))
        result.append(Trap(steps, _closing(inside, order) if inside else None))
    return sorted(result, key=lambda trap: order[trap.at])


def _closing(inside: list[Edge], order: dict[str, int]) -> Edge:
    """The move that closes the loop: a `goto` back if there is one, else the last move back."""
    def rank(edge: Edge) -> tuple[bool, bool, int]:
        return edge.kind == "goto", order[edge.target] <= order[edge.source], order[edge.source]
    return max(inside, key=rank)


def _components(nodes: set[str], edges: list[Edge]) -> list[frozenset[str]]:
    """Strongly connected components (Kosaraju, iterative: loops may be long)."""
    out: dict[str, list[str]] = {n: [] for n in nodes}
    into: dict[str, list[str]] = {n: [] for n in nodes}
    for edge in edges:
        out[edge.source].append(edge.target)
        into[edge.target].append(edge.source)
    finished: list[str] = []
    seen: set[str] = set()
    for root in sorted(nodes):
        if root in seen:
            continue
        seen.add(root)
        stack = [(root, iter(out[root]))]
        while stack:
            node, children = stack[-1]
            child = next((c for c in children if c not in seen), None)
            if child is None:
                finished.append(node)
                stack.pop()
            else:
                seen.add(child)
                stack.append((child, iter(out[child])))
    components: list[frozenset[str]] = []
    assigned: set[str] = set()
    for root in reversed(finished):
        if root in assigned:
            continue
        group = {root}
        pending = [root]
        while pending:
            for source in into[pending.pop()]:
                if source not in assigned and source not in group:
                    group.add(source)
                    pending.append(source)
        assigned |= group
        components.append(frozenset(group))
    return components


def _sinks(components: Iterable[frozenset[str]], edges: list[Edge]) -> list[frozenset[str]]:
    """The components no move leaves: what the other stuck steps lead into."""
    groups = list(components)
    leaving = {group for group in groups for e in edges if e.source in group and e.target not in group}
    return [group for group in groups if group not in leaving]
