"""A compiled flow: every state with its step behaviour, ready to run many sessions at once.

A program is built once per flow (see `compiler`) and never changes afterwards; all per-client data
lives in the `Session`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from bot.engine.conditions import number
from bot.engine.render import DEFAULT_FORMAT, AnswerFormat
from bot.engine.session import JSON
from bot.flowspec.model import Flow

if TYPE_CHECKING:
    from bot.engine.steps.base import Node

INITIAL = "__start__"  # where a new session stands before its first step


@dataclass(frozen=True, slots=True)
class RatingSource:
    measure: str
    when: str  # "before" | "after"
    key: str


@dataclass(slots=True, eq=False)
class Program:
    flow: Flow
    languages: tuple[str, ...]
    start: str
    nodes: dict[str, Node]  # state -> its step, in flow order (blocks inlined where they are called)
    state_of_key: dict[str, str]  # answer key -> the state that asks it
    formats: dict[str, AnswerFormat]  # answer key -> how it reads
    question_keys: tuple[str, ...]  # answers a client gives, in flow order: a summary's default items
    ratings: tuple[RatingSource, ...]
    machine: Any  # transitions.Machine(model=None): one per flow, never holding a session
    moves: dict[str, Any]  # destination state -> the transitions event that moves there
    edges: frozenset[tuple[str, str]]  # (source, destination) of every declared move

    def language(self, requested: str) -> str:
        return requested if requested in self.languages else self.languages[0]

    def plain(self, key: str, answers: Mapping[str, JSON], language: str) -> str:
        return self.formats.get(key, DEFAULT_FORMAT).plain(answers.get(key), language)

    def rating_changes(self, answers: Mapping[str, JSON]) -> dict[str, tuple[float | None, float | None]]:
        """measure -> (first rating before, last rating after); a block called twice rates twice. Measures
        never rated on this session's way are not there."""
        changes: dict[str, tuple[float | None, float | None]] = {}
        for source in self.ratings:
            before, after = changes.get(source.measure, (None, None))
            value = number(answers.get(source.key))
            if source.when == "before" and before is None:
                before = value
            elif source.when == "after" and value is not None:
                after = value
            changes[source.measure] = (before, after)
        # a measure whose questions this session never reached (a branch passed them by) is left out
        return {measure: change for measure, change in changes.items() if change != (None, None)}
