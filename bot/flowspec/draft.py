"""A flow as far as it could be read: what the rules check, even when parts of it failed to parse.

A step that failed validation stays in its scope as a placeholder, so its id is still known and its
neighbours keep their places; the rules stay quiet about what they cannot know through it.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from bot.flowspec import graph
from bot.flowspec.graph import Edge
from bot.flowspec.model import CallStep, MessageStep, Step
from bot.flowspec.nodes import Mapping, Node, Path, Scalar, Sequence

REFERENCE_KEYS = frozenset({"next", "target", "goto", "else", "fallback"})


def placeholder(step_id: str) -> Step:
    return MessageStep.model_construct(id=step_id, type="message", text="")


@dataclass(eq=False)
class Scope:
    """The main flow (`block` None) or one block: steps in order, each with its path in the file."""

    block: str | None
    steps: list[Step]
    paths: list[Path]
    broken: dict[int, Node] = field(default_factory=dict)  # index of a placeholder -> the step as written
    title: Any = None  # a block's title, when valid

    @property
    def in_block(self) -> bool:
        return self.block is not None

    @cached_property
    def index(self) -> dict[str, int]:
        """Step id -> position of its first step."""
        found: dict[str, int] = {}
        for i, step in enumerate(self.steps):
            found.setdefault(step.id, i)
        return found

    def valid_steps(self) -> Iterator[tuple[Step, Path]]:
        """The steps that passed validation, with their paths."""
        for i, (step, path) in enumerate(zip(self.steps, self.paths, strict=True)):
            if i not in self.broken:
                yield step, path

    def calls(self) -> Iterator[tuple[CallStep, Path]]:
        for step, path in self.valid_steps():
            if isinstance(step, CallStep):
                yield step, path

    @cached_property
    def edges(self) -> list[Edge]:
        """Every move between steps; a placeholder also leads wherever its raw YAML points."""
        found = graph.edges(self.steps, self.in_block) if self.steps else []
        for i, raw in self.broken.items():
            found.extend(Edge(self.steps[i].id, target, "goto") for target in sorted(_raw_references(raw)))
        return found

    @cached_property
    def broken_ids(self) -> frozenset[str]:
        return frozenset(self.steps[i].id for i in self.broken)

    @cached_property
    def successors(self) -> dict[str, list[Edge]]:
        out: dict[str, list[Edge]] = {step.id: [] for step in self.steps}
        for edge in self.edges:
            out[edge.source].append(edge)
        return out


@dataclass(eq=False)
class Draft:
    """Everything that could be read. `meta` holds the valid flow-level fields (id, languages, ...)."""

    data: dict[str, Any]  # the whole file as plain values
    meta: dict[str, Any]
    main: Scope
    blocks: dict[str, Scope]
    opaque_blocks: set[str] = field(default_factory=set)  # named, but unreadable: assume anything
    derived: dict[str, Any] = field(default_factory=dict)  # analyses shared by several rules, computed once

    def scopes(self) -> list[Scope]:
        return [self.main, *self.blocks.values()]

    def has_block(self, name: str) -> bool:
        return name in self.blocks or name in self.opaque_blocks

    @property
    def languages(self) -> list[str] | None:
        languages = self.meta.get("languages")
        return list(languages) if languages is not None else None

    @property
    def params(self) -> dict[str, int] | None:
        params = self.meta.get("params")
        return dict(params) if params is not None else None

    @property
    def start(self) -> str | None:
        start = self.meta.get("start")
        if start is not None and start in self.main.index:
            return str(start)
        return self.main.steps[0].id if self.main.steps else None

    def scope_start(self, scope: Scope) -> str | None:
        if scope is self.main:
            return self.start
        return scope.steps[0].id if scope.steps else None


def _raw_references(node: Node) -> set[str]:
    found: set[str] = set()
    if isinstance(node, Mapping):
        for key, entry in node.entries.items():
            value = entry.value
            if key in REFERENCE_KEYS and isinstance(value, Scalar) and value.text:
                found.add(value.text)
            else:
                found |= _raw_references(value)
    elif isinstance(node, Sequence):
        for item in node.items:
            found |= _raw_references(item)
    return found
