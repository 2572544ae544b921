"""`timer`: paced phases, repeated; the front end ticks, the engine says where the count-down is."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

from bot.engine.effects import AnswerRecorded, Button, Effect, TimerPhase, TimerProgress, TimerStarted
from bot.engine.render import AnswerFormat, Template, TimerFormat, plain_text
from bot.engine.steps.base import WaitingNode
from bot.engine.steps.context import StepContext
from bot.engine.texts import builtin
from bot.flowspec.model import TimerStep

if TYPE_CHECKING:
    from bot.engine.cursor import Cursor


@dataclass(slots=True, kw_only=True, eq=False)
class TimerNode(WaitingNode):
    text: dict[str, Template] | None
    phases: dict[str, tuple[TimerPhase, ...]]
    seconds: tuple[int, ...]
    repeat: int
    stop: dict[str, Button]

    @property
    def total(self) -> int:
        return sum(self.seconds) * self.repeat

    def enter(self, cursor: Cursor) -> None:
        if self.text is not None:
            cursor.say(cursor.fill(self.text))
        WaitingNode.enter(self, cursor)

    def prompt(self, cursor: Cursor) -> list[Effect]:
        session = cursor.session
        return [TimerStarted(self.step_id, session.seq, self.phases[cursor.language], self.repeat,
                             session.step_entered_at, self.stop[cursor.language])]

    def on_tick(self, cursor: Cursor, at: float) -> None:
        elapsed = self._elapsed(cursor, at)
        total = self.total
        if elapsed >= total:
            self._finish(cursor, completed=True, seconds=total)
            return
        cycle_length = total // self.repeat
        cycle, offset = divmod(elapsed, cycle_length)
        phases = self.phases[cursor.language]
        phase = phases[-1]
        for phase in phases:
            if offset < phase.seconds:
                break
            offset -= phase.seconds
        cursor.emit(TimerProgress(
            self.step_id, cursor.session.seq, phase.label,
            phase_remaining=max(0, math.ceil(phase.seconds - offset)),
            cycle=int(cycle) + 1,
            cycles=self.repeat,
            total_remaining=math.ceil(total - elapsed),
        ))

    def on_action(self, cursor: Cursor, action: str, arg: str | None) -> None:
        if action != "stop":
            cursor.stale()
            return
        elapsed = min(self._elapsed(cursor, cursor.at), self.total)
        self._finish(cursor, completed=False, seconds=int(elapsed))

    def on_text(self, cursor: Cursor, text: str) -> None:
        cursor.say(cursor.text("timer_running"), "notice")

    def on_resume(self, cursor: Cursor) -> None:
        # a count-down paused half-way starts again rather than finishing at once
        cursor.session.step_entered_at = cursor.at

    def answer_format(self) -> AnswerFormat:
        return TimerFormat()

    def _elapsed(self, cursor: Cursor, at: float) -> float:
        elapsed = at - cursor.session.step_entered_at
        return elapsed if elapsed > 0 and math.isfinite(elapsed) else 0.0

    def _finish(self, cursor: Cursor, completed: bool, seconds: int) -> None:
        value = {"completed": completed, "seconds": seconds}
        cursor.session.answers[self.key] = value
        cursor.emit(AnswerRecorded(self.step_id, self.key, value, None))
        self.advance(cursor, self.next)


def build(step: TimerStep, ctx: StepContext) -> TimerNode:
    seconds = tuple(max(0, ctx.param(p.seconds)) for p in step.phases)
    labels = [ctx.local(p.label) for p in step.phases]
    phases = {
        lang: tuple(TimerPhase(plain_text(label[lang]), s) for label, s in zip(labels, seconds, strict=True))
        for lang in ctx.languages
    }
    return TimerNode.placed(
        step, ctx,
        text=ctx.optional_template(step.text),
        phases=phases,
        seconds=seconds,
        repeat=max(1, ctx.param(step.repeat)),
        stop={lang: Button(builtin("stop", lang), "action", "stop") for lang in ctx.languages},
    )
