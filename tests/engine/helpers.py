"""Building flows from inline YAML and driving sessions through the engine, for the engine's tests."""

from __future__ import annotations

import textwrap
from typing import Any, TypeVar

import yaml

from bot.engine import FlowEngine
from bot.engine.effects import AnswerRecorded, Ask, Effect, Ended, Say
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
from bot.engine.session import Session
from bot.flowspec.model import Flow

T = TypeVar("T")

HEADER = """\
id: test_flow
version: 1
title: Test flow
description: A flow for the engine's tests.
category: other
languages: [en]
estimated_minutes: 5
source: engine tests
"""


def flow_from(body: str, header: str = HEADER) -> Flow:
    """A flow from YAML: `body` (steps, blocks, params...) under a single-language header."""
    data: dict[str, Any] = yaml.safe_load(header)
    data.update(yaml.safe_load(textwrap.dedent(body)))
    return Flow.model_validate(data)


def engine_for(body: str, header: str = HEADER) -> FlowEngine:
    return FlowEngine(flow_from(body, header))


class Run:
    """One client's session, driven by a test. Each event happens one second after the last."""

    def __init__(self, engine: FlowEngine, language: str = "en", at: float = 1000.0,
                 kept: dict[str, Any] | None = None) -> None:
        self.engine = engine
        self.at = at
        self.session, self.effects = engine.start(language, at, kept)

    def send(self, event: Event) -> list[Effect]:
        self.effects = self.engine.handle(self.session, event)
        return self.effects

    def _next_time(self) -> float:
        self.at += 1
        return self.at

    def text(self, text: str) -> list[Effect]:
        return self.send(TextEntered(text, self._next_time()))

    def option(self, value: str, seq: int | None = None) -> list[Effect]:
        return self.send(OptionChosen(self.session.seq if seq is None else seq, value, self._next_time()))

    def action(self, action: ActionName, arg: str | None = None, seq: int | None = None) -> list[Effect]:
        seq = self.session.seq if seq is None else seq
        return self.send(ActionChosen(seq, action, self._next_time(), arg))

    def command(self, name: CommandName) -> list[Effect]:
        return self.send(CommandIssued(name, self._next_time()))

    def tick(self, seconds_later: float) -> list[Effect]:
        self.at += seconds_later
        return self.send(TimerTick(self.at))

    @property
    def ask(self) -> Ask:
        """The last question shown."""
        return only(self.effects, Ask)[-1]

    @property
    def status(self) -> str:
        return self.session.status

    @property
    def state(self) -> str:
        return self.session.state

    @property
    def answers(self) -> dict[str, Any]:
        return self.session.answers


def only(effects: list[Effect], kind: type[T]) -> list[T]:
    return [e for e in effects if isinstance(e, kind)]


def says(effects: list[Effect], kind: str | None = None) -> list[str]:
    return [e.text for e in only(effects, Say) if kind is None or e.kind == kind]


def recorded(effects: list[Effect]) -> dict[str, Any]:
    return {e.key: e.value for e in only(effects, AnswerRecorded)}


def ended(effects: list[Effect]) -> Ended:
    (end,) = only(effects, Ended)
    return end


def buttons(ask: Ask) -> list[tuple[str, str]]:
    """(kind, value) of each button; edit buttons as ("edit", answer key)."""
    return [("edit", b.arg or "") if b.value == "edit" else (b.kind, b.value) for b in ask.buttons]


def restored(session: Session) -> Session:
    return Session.from_json(session.to_json())

