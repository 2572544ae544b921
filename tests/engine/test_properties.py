"""Properties over random clients: the engine never raises, and a session restored from JSON at any
point behaves exactly like the one that was never stored."""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.engine import FlowEngine
from bot.engine.effects import Ask, TimerStarted
from bot.engine.events import ActionChosen, CommandIssued, Event, OptionChosen, TextEntered, TimerTick
from bot.engine.session import Session
from tests.engine.everything import STEP_TYPES, everything

FLOW = everything()
ENGINE = FlowEngine(FLOW)

OPTION_VALUES = ["yes", "no", "quit", "all_or_nothing", "labeling", "mind_reading", *map(str, range(-1, 12))]
USEFUL_TEXTS = ["Yes", "no", "1", "2", "7", "7/10", "70%", "Labeling", "mind READING", "всё или ничего",
                "at work", "  padded  ", "", " ", "x" * 5000, "🙂" * 50, "<b>&amp;</b>", "\x00\n\t"]
ACTIONS = ["done", "skip", "other", "continue", "stop", "confirm", "edit", "bogus"]
ARGS = [None, "situation", "mood_before.level", "thought", "traps", "mood_after.level", "change", "nope"]
COMMANDS = ["back", "back", "pause", "resume", "resume", "help", "sos"] * 3 + ["cancel"]
# weights: pressing a button of the current question is likeliest, so that random clients get deep
# into the flow; the rest are anything at all
KINDS = ["press"] * 6 + ["text", "text", "option", "option", "action", "action", "command", "tick"]

texts = st.one_of(st.sampled_from(USEFUL_TEXTS), st.text(max_size=60))
delays = st.one_of(st.floats(min_value=0, max_value=5, allow_nan=False), st.sampled_from([0.0, 30.0, 1e6]))


def draw_event(data: st.DataObject, session: Session, at: float) -> Event:
    seqs = st.one_of(st.just(session.seq), st.integers(min_value=-2, max_value=session.seq + 2))
    kind = data.draw(st.sampled_from(KINDS))
    if kind == "press":
        return press(data, session, at)
    if kind == "text":
        return TextEntered(data.draw(texts), at)
    if kind == "option":
        value = data.draw(st.one_of(st.sampled_from(OPTION_VALUES), st.text(max_size=8)))
        return OptionChosen(data.draw(seqs), value, at)
    if kind == "action":
        arg = data.draw(st.one_of(st.sampled_from(ARGS), st.text(max_size=8)))
        return ActionChosen(data.draw(seqs), data.draw(st.sampled_from(ACTIONS)), at, arg)
    if kind == "command":
        return CommandIssued(data.draw(st.sampled_from(COMMANDS)), at)
    return TimerTick(at)


def press(data: st.DataObject, session: Session, at: float) -> Event:
    """What a client using the buttons would send: a button of the current question, or a fitting text."""
    shown = [e for e in ENGINE.prompt(session) if isinstance(e, Ask | TimerStarted)]
    if not shown:
        return CommandIssued("resume", at)
    prompt = shown[-1]
    if isinstance(prompt, TimerStarted):
        if data.draw(st.booleans()):
            return TimerTick(at + 1000)
        return ActionChosen(prompt.seq, "stop", at)
    if prompt.kind in ("text", "other_text") and data.draw(st.booleans()):
        return TextEntered(data.draw(st.sampled_from(["at work", "I failed", "ok"])), at)
    if not prompt.buttons:
        return TextEntered("something", at)
    button = data.draw(st.sampled_from(prompt.buttons))
    if button.kind == "option":
        return OptionChosen(prompt.seq, button.value, at)
    return ActionChosen(prompt.seq, button.value, at, button.arg)  # type: ignore[arg-type]


def test_the_flow_uses_every_step_type() -> None:
    used = {s.type for s in FLOW.steps} | {s.type for b in FLOW.blocks.values() for s in b.steps}
    assert used == STEP_TYPES


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), language=st.sampled_from(["en", "ru", "de"]), length=st.integers(0, 120))
def test_random_events_never_raise_and_the_session_stays_json(
    data: st.DataObject, language: str, length: int
) -> None:
    at = 1000.0
    session, _ = ENGINE.start(language, at)
    for _ in range(length):
        at += data.draw(delays)
        ENGINE.handle(session, draw_event(data, session, at))
        raw = session.to_json()
        assert Session.from_json(raw) == session
        json.loads(raw)
        shown = ENGINE.prompt(session)
        if session.status in ("active", "paused"):
            # the history ("back") is the questions and summaries left on the client's way, in order
            assert session.trail is not None and session.trail[-1] == session.state
            nodes = ENGINE._program.nodes
            assert session.history == [s for s in session.trail[:-1] if nodes[s].remembered]
            (current,) = shown  # a session that goes on always rests at a question or a timer
            assert isinstance(current, Ask | TimerStarted)
            assert current.seq == session.seq


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), length=st.integers(1, 120))
def test_restoring_from_json_at_any_point_changes_nothing(data: st.DataObject, length: int) -> None:
    restore_at = data.draw(st.integers(0, length - 1))
    at = 1000.0
    kept, _ = ENGINE.start("en", at)
    stored, _ = ENGINE.start("en", at)
    for index in range(length):
        at += data.draw(delays)
        event = draw_event(data, kept, at)
        if index == restore_at:
            stored = Session.from_json(stored.to_json())
        assert ENGINE.handle(stored, event) == ENGINE.handle(kept, event)
        if index >= restore_at:
            assert ENGINE.prompt(stored) == ENGINE.prompt(kept)
    assert stored.to_json() == kept.to_json()
