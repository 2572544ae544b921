"""Clients doing the shipped exercises through the real engine, stored the way the bot stores them: the
session row (state = Session.to_json()) and the transcript from `practice.transcript_entries`."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bot.conversation.practice import transcript_entries, when
from bot.engine import FlowEngine
from bot.engine.effects import Effect
from bot.engine.events import (
    ActionChosen,
    ActionName,
    CommandIssued,
    CommandName,
    Event,
    OptionChosen,
    TextEntered,
    TimerTick,
)
from bot.flow_dirs import SHIPPED_FLOWS
from bot.flowspec import Flow, load_flow_file
from bot.storage.records import SessionStatus, StoredSession, TranscriptEntry
from bot.therapist.review import ExerciseReview, build_review

# the versions these sessions were recorded under, before issue 12 §4 changed the shipped flows (see the README
# there): a session keeps the flow version it started with, so these stay reviewable as they were
FLOWS = Path(__file__).resolve().parent / "flows_earlier"
START = datetime(2026, 11, 10, 20, 0, tzinfo=UTC)

_FLOW_CACHE: dict[str, Flow] = {}


def shipped(name: str) -> Flow:
    """The earlier version of a changed flow; a flow added since (the questionnaires) as it ships."""
    if name not in _FLOW_CACHE:
        earlier = FLOWS / f"{name}.yaml"
        result = load_flow_file(earlier if earlier.exists() else SHIPPED_FLOWS / f"{name}.yaml")
        assert result.flow is not None, [str(p) for p in result.problems]
        _FLOW_CACHE[name] = result.flow
    return _FLOW_CACHE[name]


@dataclass
class Client:
    """One client's session. Each event comes `after` seconds after the previous one."""

    flow: Flow
    language: str = "en"
    started: datetime = START
    session_id: int = 1
    entries: list[TranscriptEntry] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.engine = FlowEngine(self.flow)
        self.at = self.started.timestamp()
        self.session, effects = self.engine.start(self.language, self.at)
        self.effects: list[Effect] = effects
        self._record(effects, 0)

    def _record(self, effects: list[Effect], seq_before: int) -> None:
        for new in transcript_entries(effects, self.at, seq_before):
            seq = len(self.entries) + 1
            self.entries.append(TranscriptEntry(
                id=1000 * self.session_id + seq, session_id=self.session_id, seq=seq, at=new.at, kind=new.kind,
                step_id=new.step_id, raw=new.raw, value=new.value,
            ))

    def send(self, event: Event) -> list[Effect]:
        seq_before = self.session.seq
        self.effects = self.engine.handle(self.session, event)
        self._record(self.effects, seq_before)
        return self.effects

    def _later(self, after: float) -> float:
        self.at += after
        return self.at

    def text(self, text: str, after: float = 30) -> Client:
        self.send(TextEntered(text, self._later(after)))
        return self

    def option(self, value: str, after: float = 10) -> Client:
        self.send(OptionChosen(self.session.seq, value, self._later(after)))
        return self

    def action(self, action: ActionName, arg: str | None = None, after: float = 5) -> Client:
        self.send(ActionChosen(self.session.seq, action, self._later(after), arg))
        return self

    def command(self, name: CommandName, after: float = 5) -> Client:
        self.send(CommandIssued(name, self._later(after)))
        return self

    def tick(self, after: float) -> Client:
        self.send(TimerTick(self._later(after)))
        return self

    def row(self, status: SessionStatus | None = None, **changes: Any) -> StoredSession:
        session = self.session
        finished = session.status in ("completed", "cancelled", "ended")
        values: dict[str, Any] = {
            "id": self.session_id, "person_id": 7, "flow_version_id": 3, "flow_id": self.flow.id,
            "status": status or session.status, "state": session.to_json(), "current_step": session.state,
            "started_at": when(session.started_at), "updated_at": when(session.updated_at),
            "finished_at": when(session.updated_at) if finished else None, "outcome": session.outcome,
            "version": 1,
        }
        values.update(changes)
        return StoredSession(**values)

    def review(self, language: str = "en", status: SessionStatus | None = None, **kwargs: Any) -> ExerciseReview:
        return build_review(self.row(status), self.entries, self.flow, language, **kwargs)


def thought_record(started: datetime = START, session_id: int = 1, *, situation: str | None = None,
                   mood_before: int = 80, mood_after: int = 40, hot_thought: str = "I'm going to be fired") -> Client:
    """An English thought record, done to the end: mood 80 -> 40 by default."""
    client = Client(shipped("thought_record"), "en", started, session_id)
    (client.option("start", after=12)
     .text(situation or "Tuesday 8 pm at home, reading a message from my boss marked <b>urgent</b>", after=95)
     .text("anxious", after=20)
     .option(str(mood_before), after=8)
     .text("I'm going to be fired", after=60)
     .option("yes", after=5)
     .text("I always mess things up & everyone sees it", after=45)
     .option("no", after=4)
     .text(hot_thought, after=30)
     .option("jumping_to_conclusions", after=15)
     .option("labeling", after=3)
     .action("other", after=4)
     .text("fortune telling", after=20)
     .action("done", after=3)
     .text("He wrote \"urgent\" and didn't say thanks", after=120)
     .text("My last review was good; he asked me to lead the new project", after=150)
     .text("He is busy, and the project shows he trusts me", after=90)
     .option("70", after=10)
     .option(str(mood_after), after=10)
     .action("confirm", after=25))
    assert client.session.status == "completed", client.session
    return client


def thought_record_ru_abandoned(started: datetime = START, session_id: int = 2) -> Client:
    """A Russian client stops after the evidence for the hot thought (status set by the bot: abandoned)."""
    client = Client(shipped("thought_record"), "ru", started, session_id)
    (client.option("start")
     .text("Вторник, вечер, дома. Начальник написал «срочно»")
     .text("тревога")
     .option("90")
     .text("Меня уволят")
     .option("no")
     .text("Меня уволят")
     .action("done")
     .text("Он не поблагодарил меня, написал «срочно»", after=200))
    assert client.session.state == "evidence_against"
    return client


def box_breathing(started: datetime = START, session_id: int = 3, before: int = 7, after: int = 3) -> Client:
    client = Client(shipped("box_breathing"), "en", started, session_id)
    (client.action("continue", after=6)
     .text(str(before), after=9)
     .tick(60)
     .tick(120)  # 4 phases x 4 s x 10 cycles = 160 s: the timer finished
     .option("done", after=7)
     .option(str(after), after=6))
    assert client.session.status == "completed", client.session
    return client
