"""The model the state machine moves: one session's position while one event is handled.

A cursor lives for a single `handle` call. Its `state` is the session's state, so the machine writes
straight into the session; the effects produced on the way collect in `outbox`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from bot.engine.effects import Effect, Ended, Say, SayKind
from bot.engine.render import Template, escape
from bot.engine.session import Session, Status
from bot.engine.texts import builtin

if TYPE_CHECKING:
    from bot.engine.program import Program
    from bot.engine.steps.base import Node

Entry = Literal["forward", "back", "edit"]

# Steps that do not wait (branch, goto, set, ...) run one after another within one event. A flow whose
# conditions never let it reach a waiting step would loop for ever; this many moves means it has.
MAX_MOVES_PER_EVENT = 10_000


class Cursor:
    __slots__ = ("at", "entry", "language", "outbox", "pending", "program", "session")

    def __init__(self, session: Session, program: Program, at: float) -> None:
        self.session = session
        self.program = program
        self.at = at
        self.language = program.language(session.language)
        self.outbox: list[Effect] = []
        self.pending: str | None = None
        self.entry: Entry = "forward"

    @property
    def state(self) -> str:
        return self.session.state

    @state.setter
    def state(self, value: str) -> None:
        self.session.state = value

    @property
    def node(self) -> Node:
        return self.program.nodes[self.session.state]

    # --- output ------------------------------------------------------------------------------------

    def emit(self, effect: Effect) -> None:
        self.outbox.append(effect)

    def say(self, text: str, kind: SayKind = "message") -> None:
        self.outbox.append(Say(text, kind))

    def text(self, name: str, **fields: object) -> str:
        return builtin(name, self.language, **fields)

    def show(self, key: str) -> str:
        """An answer as it appears inside a message: rendered, then escaped."""
        return escape(self.program.plain(key, self.session.answers, self.language))

    def fill(self, template: dict[str, Template]) -> str:
        return template[self.language].fill(self.show)

    def stale(self) -> None:
        self.say(self.text("stale"), "stale")
        self.outbox.extend(self.node.prompt(self))

    # --- moving ------------------------------------------------------------------------------------

    def go(self, destination: str) -> None:
        """Move along a declared edge of the graph, once the current step's callback has returned."""
        self.pending = destination

    def jump(self, destination: str, entry: Entry) -> None:
        """Stand on a step directly, off the graph's edges: going back, or editing from a summary."""
        self.session.state = destination
        self.entry = entry
        try:
            self.node.enter(self)
        finally:
            self.entry = "forward"

    def settle(self) -> None:
        """Perform the pending moves until the session rests at a step that waits, or has ended."""
        moves = 0
        while self.pending is not None:
            destination, self.pending = self.pending, None
            self.program.moves[destination].trigger(self)
            moves += 1
            if moves >= MAX_MOVES_PER_EVENT and self.pending is not None:
                self.finish("error", self.text("stuck"))

    def finish(self, outcome: str, text: str | None, status: Status | None = None) -> None:
        session = self.session
        session.outcome = outcome
        session.status = status or ("completed" if outcome == "completed" else "ended")
        self.pending = None
        self.emit(Ended(outcome, text, self.program.rating_changes(session.answers)))
