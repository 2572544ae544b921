"""The model the state machine moves: one session's position while one event is handled.

A cursor lives for a single `handle` call. Its `state` is the session's state, so the machine writes
straight into the session; the effects produced on the way collect in `outbox`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from bot.engine.effects import AnswersDropped, Effect, Ended, FollowUp, Say, SayKind
from bot.engine.kept import KEPT_PREFIX, KeptChange, open_texts
from bot.engine.render import Template, escape
from bot.engine.scoring import score_flow, score_values
from bot.engine.session import JSON, Session, Status
from bot.engine.texts import SKIPPED, builtin

if TYPE_CHECKING:
    from bot.engine.program import Program
    from bot.engine.steps.base import Node
    from bot.flowspec.model import Flow

Entry = Literal["forward", "back", "edit"]

# Steps that do not wait (branch, goto, set, ...) run one after another within one event. A flow whose
# conditions never let it reach a waiting step would loop for ever; this many moves means it has.
MAX_MOVES_PER_EVENT = 10_000


class Cursor:
    __slots__ = ("at", "edited", "entry", "language", "outbox", "pending", "program", "session")

    def __init__(self, session: Session, program: Program, at: float) -> None:
        self.session = session
        self.program = program
        self.at = at
        self.language = program.language(session.language)
        self.outbox: list[Effect] = []
        self.pending: str | None = None
        self.entry: Entry = "forward"
        self.edited = False  # an edit's new answer was given in this event and nothing new asked yet

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
        """An answer (or a kept list's open items) as it appears inside a message: rendered, then escaped."""
        if key.startswith(KEPT_PREFIX):
            items = open_texts(self.session.kept.get(key.removeprefix(KEPT_PREFIX)))
            return escape("\n".join(f"• {item}" for item in items) if items else SKIPPED)
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
            self.arrive(self.node)
        finally:
            self.entry = "forward"

    def back_to(self, destination: str) -> None:
        """Go back to an earlier question: the client's way through the flow ends again just before it."""
        trail = self.session.trail
        if trail is not None:
            earlier = [i for i, state in enumerate(trail[:-1]) if state == destination]
            del trail[earlier[-1] if earlier else len(trail) - 1:]
        self.jump(destination, "back")

    def arrive(self, node: Node) -> None:
        """Enter the step the session now stands on, having come by a move of the machine or a jump."""
        session = self.session
        trail = session.trail
        if trail is not None:
            walk = session.edit_walk  # set while an answered edit is carried back to its summary
            if walk is not None and session.return_to is None and self.entry == "forward":
                visit = trail.count(node.state)
                trail.append(node.state)
                if self._walked_before(node, visit, walk):
                    return
            else:
                trail.append(node.state)
        node.enter(self)

    def _walked_before(self, node: Node, visit: int, walk: list[str]) -> bool:
        """On the way from an edited answer back to its summary: pass over a step the client had already
        gone through before the edit, going where it led then (True), or end the detour at the summary.
        Steps that only compute (set, branch) are always entered, so they see the edited answers."""
        earlier = [i for i, state in enumerate(walk[:-1]) if state == node.state]
        if visit >= len(earlier):
            if node.state == walk[-1]:
                self.session.edit_walk = None  # back at the summary, which keeps only this way's answers
            elif self.edited and node.shows:
                self.say(self.text("edit_opens_steps"), "notice")
            if node.shows:
                self.edited = False
            return False
        if not node.shows:
            return False
        # a step goes where its answer leads now; an earlier round of a loop, where it went then
        last_round = visit == len(earlier) - 1
        successor = (node.onward(self) if last_round else None) or walk[earlier[visit] + 1]
        if (node.state, successor) not in self.program.edges:
            return False
        if node.remembered:
            self.session.history.append(node.state)
        self.go(successor)
        return True

    def carry_edit(self) -> None:
        """The question an edit went back to has its new answer: the client's way through the flow is
        now the one before the edit up to that question, and goes on from it towards the summary."""
        session = self.session
        walk = session.edit_walk
        if session.return_to is None or walk is None:
            return
        state = session.state
        earlier = [i for i, s in enumerate(walk[:-1]) if s == state]
        kept = walk[: earlier[-1] if earlier else len(walk) - 1]
        nodes = self.program.nodes
        session.return_to = None
        self.edited = True
        session.trail = [*kept, state]
        session.history = [s for s in kept if s in nodes and nodes[s].remembered]

    def leave_behind(self) -> None:
        """Drop the answers of steps off the client's way through the flow (a path an edit abandoned)."""
        session = self.session
        if session.trail is None:
            return
        walked = set(session.trail)
        state_of = self.program.state_of_key
        # in flow order, not the answers' (which a restored session has sorted)
        dropped = [key for key, state in state_of.items() if key in session.answers and state not in walked]
        for key in dropped:
            del session.answers[key]
        if dropped:
            self.emit(AnswersDropped(tuple(dropped)))

    def settle(self) -> None:
        """Perform the pending moves until the session rests at a step that waits, or has ended."""
        moves = 0
        while self.pending is not None:
            destination, self.pending = self.pending, None
            self.program.moves[destination].trigger(self)
            moves += 1
            if moves >= MAX_MOVES_PER_EVENT and self.pending is not None:
                self.finish("error", self.text("stuck"))

    def complete(self, outcome: str, text: dict[str, Template] | None) -> None:
        """The flow's own end: the record keeps the answers along the way the client came, and no others."""
        self.session.return_to = None
        self.session.edit_walk = None
        self.leave_behind()
        filled = self.fill(text) if text else None
        if outcome == "completed" and self.program.flow.scores:
            lines = score_lines(self.program.flow, self.session.answers, self.language)
            filled = "\n\n".join(part for part in (lines, filled) if part) or None
        self.finish(outcome, filled, kept=self._kept_changes(), follow_ups=self._follow_ups())

    def _walked(self) -> list[Node]:
        """The steps on the client's way, in the order passed (every step, for a session before trails)."""
        nodes = self.program.nodes
        trail = self.session.trail
        if trail is None:
            return list(nodes.values())
        return [nodes[state] for state in dict.fromkeys(trail) if state in nodes]

    def _kept_changes(self) -> tuple[KeptChange, ...]:
        from bot.engine.steps.keep import KeepNode

        changes = (node.change(self.session.answers) for node in self._walked() if isinstance(node, KeepNode))
        return tuple(change for change in changes if change is not None)

    def _follow_ups(self) -> tuple[FollowUp, ...]:
        from bot.engine.steps.follow_up import FollowUpNode

        found = (node.follow_up(self) for node in self._walked() if isinstance(node, FollowUpNode))
        return tuple(follow_up for follow_up in found if follow_up is not None)

    def finish(self, outcome: str, text: str | None, status: Status | None = None, *,
               kept: tuple[KeptChange, ...] = (), follow_ups: tuple[FollowUp, ...] = ()) -> None:
        session = self.session
        session.outcome = outcome
        session.status = status or ("completed" if outcome == "completed" else "ended")
        self.pending = None
        scores = score_values(self.program.flow, session.answers) if self.program.flow.scores else {}
        self.emit(Ended(outcome, text, self.program.rating_changes(session.answers), scores, kept, follow_ups))


def score_lines(flow: Flow, answers: dict[str, JSON], language: str) -> str:
    """The client's own scores, one line each, in bold: "PHQ-9 total: 7 of 27 (mild)"."""
    lines = []
    for result in score_flow(flow, answers):
        if result.value is None:
            continue
        label, band = escape(result.label(language)), result.band_label(language)
        if band is None:
            lines.append(builtin("score_line", language, label=label, value=result.value, high=result.high))
        else:
            lines.append(builtin("score_line_band", language, label=label, value=result.value, high=result.high,
                                 band=escape(band)))
    return "\n".join(f"<b>{line}</b>" for line in lines)
