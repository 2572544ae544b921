"""The count-down runner on its own, with a scripted clock and sender: what it writes, and when it stops."""

from __future__ import annotations

import asyncio
from typing import Any

from bot.conversation.messages import RunTimer
from bot.engine import FlowEngine
from bot.transport.sender import ChatUnreachable
from bot.transport.timers import TimerRunner
from tests.engine.helpers import Run, engine_for

FLOW = """
steps:
  - id: before
    type: text
    prompt: "Ready?"
  - id: breathe
    type: timer
    text: "Follow the count."
    phases:
      - {label: "Breathe in", seconds: 2}
  - id: after
    type: text
    prompt: "How was it?"
"""


class _Library:
    def __init__(self, engine: FlowEngine) -> None:
        self._engine = engine

    def engine(self, flow_version_id: int) -> FlowEngine:
        return self._engine


class _Sender:
    """Refuses (as a blocked chat does) every edit whose text is in `refuse`."""

    def __init__(self, refuse: set[str]) -> None:
        self.refuse = refuse
        self.edits: list[str] = []
        self.blocked: list[int] = []

    async def edit_text(self, chat_id: int, message_id: int, text: str, keyboard: Any) -> None:
        self.edits.append(text)
        if text in self.refuse:
            raise ChatUnreachable("Forbidden: bot was blocked by the user")

    async def mark_blocked(self, user_id: int) -> None:
        self.blocked.append(user_id)


async def run_to_the_end(sender: _Sender) -> list[float]:
    engine = engine_for(FLOW)
    run = Run(engine)
    run.text("ready")  # the timer starts
    clock = [run.at]
    ended: list[float] = []

    async def on_end(timer: RunTimer, at: float) -> None:
        ended.append(at)

    def tick() -> float:
        clock[0] += 1.0
        return clock[0]

    runner = TimerRunner(_Library(engine), sender, on_end, clock=tick, interval=0)  # type: ignore[arg-type]
    timer = RunTimer(chat_id=5, user_id=5, session_id=1, seq=run.session.seq, session_json=run.session.to_json(),
                     flow_version_id=1, keyboard=(), shown_text="")
    runner.start(timer, message_id=10)
    for _ in range(100):  # the count-down takes a few turns of the loop with this clock
        if not len(runner):
            break
        await asyncio.sleep(0)
    assert not len(runner), "the count-down never ended"
    return ended


async def test_a_count_down_that_runs_out_shows_it_and_reports_its_end() -> None:
    sender = _Sender(refuse=set())
    assert len(await run_to_the_end(sender)) == 1
    assert sender.edits[-1] == "✓ Time is up."
    assert sender.blocked == []


async def test_a_chat_that_refuses_the_last_edit_is_marked_and_not_written_to_again() -> None:
    sender = _Sender(refuse={"✓ Time is up."})
    assert await run_to_the_end(sender) == [], "the end would send the next question to a blocked chat"
    assert sender.blocked == [5]
