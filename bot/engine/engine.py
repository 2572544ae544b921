"""The flow engine: events in, effects out, for any number of sessions of one flow.

Nothing here does I/O or reads a clock: times come with the events, and everything a session needs to
continue is in the `Session`, which the caller stores between events.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from bot.engine.commands import resume, run_command
from bot.engine.compiler import compile_flow
from bot.engine.cursor import Cursor
from bot.engine.effects import Effect, Say, SosRequested
from bot.engine.events import ActionChosen, CommandIssued, Event, OptionChosen, TextEntered, TimerTick
from bot.engine.kept import snapshot
from bot.engine.program import INITIAL
from bot.engine.session import Session
from bot.engine.texts import builtin
from bot.flowspec.model import Flow

FINISHED = frozenset({"completed", "cancelled", "ended"})


class FlowEngine:
    def __init__(self, flow: Flow) -> None:
        self.flow = flow
        self._program = compile_flow(flow)

    def start(
        self, language: str, at: float, kept: Mapping[str, Any] | None = None
    ) -> tuple[Session, list[Effect]]:
        """A new session, run up to its first question. An unknown language gets the flow's first. `kept`:
        the client's kept lists (name -> items), for the flows that read them."""
        program = self._program
        session = Session(
            flow_id=self.flow.id,
            flow_version=self.flow.version,
            language=program.language(language),
            state=INITIAL,
            started_at=at,
            updated_at=at,
            step_entered_at=at,
            trail=[],
            kept=snapshot(kept or {}),
        )
        cursor = Cursor(session, program, at)
        cursor.go(program.start)
        cursor.settle()
        return session, cursor.outbox

    def handle(self, session: Session, event: Event) -> list[Effect]:
        """Apply one event to `session` (changed in place) and say what to show. Never raises."""
        if session.status in FINISHED:
            return self._after_the_end(session, event)
        node = self._program.nodes.get(session.state)
        session.updated_at = event.at
        if node is None:
            return [Say(builtin("unknown_state", session.language), "notice")]
        cursor = Cursor(session, self._program, event.at)
        if isinstance(event, CommandIssued):
            run_command(cursor, node, event.name)
        elif isinstance(event, TimerTick):
            if session.status == "active":
                node.on_tick(cursor, event.at)
        else:
            resume(cursor, node)
            if isinstance(event, TextEntered):
                node.on_text(cursor, event.text)
            elif event.seq != session.seq:
                cursor.stale()
            elif isinstance(event, OptionChosen):
                node.on_option(cursor, event.value)
            elif isinstance(event, ActionChosen):
                node.on_action(cursor, event.action, event.arg)
        cursor.settle()
        return cursor.outbox

    def prompt(self, session: Session) -> list[Effect]:
        """The current question again, with the same `seq` (after a restart, or on /resume)."""
        if session.status in FINISHED:
            return [Say(builtin("exercise_ended", session.language), "notice")]
        node = self._program.nodes.get(session.state)
        if node is None:
            return [Say(builtin("unknown_state", session.language), "notice")]
        return node.prompt(Cursor(session, self._program, session.updated_at))

    def answer_text(self, session: Session, key: str) -> str:
        """An answer as plain text (not escaped), for transcripts and summaries outside the chat."""
        language = self._program.language(session.language)
        return self._program.plain(key, session.answers, language)

    def rating_changes(self, session: Session) -> dict[str, tuple[float | None, float | None]]:
        """measure -> (first rating before, last rating after), as the Ended effect gives them."""
        return self._program.rating_changes(session.answers)

    def walked_keys(self, session: Session) -> list[str] | None:
        """The answer keys of the steps on the client's way through the flow, in the order first passed
        (None for a session stored before its way was kept)."""
        if session.trail is None:
            return None
        nodes = self._program.nodes
        return list(dict.fromkeys(nodes[state].key for state in session.trail if state in nodes))

    @staticmethod
    def _after_the_end(session: Session, event: Event) -> list[Effect]:
        if isinstance(event, TimerTick):
            return []
        if isinstance(event, CommandIssued) and event.name == "sos":
            return [SosRequested()]  # crisis help stays one command away, whatever the session's state
        return [Say(builtin("exercise_ended", session.language), "notice")]
