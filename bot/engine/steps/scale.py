"""`scale`: a whole number from `min` to `max`, pressed as a button or typed."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from bot.engine.answers import parse_scale
from bot.engine.effects import Ask, Button
from bot.engine.render import AnswerFormat, Template
from bot.engine.steps.base import QuestionNode
from bot.engine.steps.context import StepContext
from bot.engine.texts import builtin
from bot.flowspec.model import ScaleStep

if TYPE_CHECKING:
    from bot.engine.cursor import Cursor


@dataclass(slots=True, kw_only=True, eq=False)
class ScaleNode(QuestionNode):
    prompt_text: dict[str, Template]  # with the scale's end labels, if any
    low: int
    high: int
    increment: int
    values: frozenset[str]
    buttons: dict[str, tuple[Button, ...]]
    optional: bool

    def ask(self, cursor: Cursor) -> Ask:
        return Ask(self.step_id, cursor.session.seq, "scale", cursor.fill(self.prompt_text),
                   self.buttons[cursor.language], previous=self.previous(cursor))

    def on_option(self, cursor: Cursor, value: str) -> None:
        if value not in self.values:
            cursor.stale()
            return
        self.accept(cursor, int(value), value)

    def on_text(self, cursor: Cursor, text: str) -> None:
        value = parse_scale(text, self.low, self.high, self.increment)
        if value is not None:
            self.accept(cursor, value, text)
        elif self.increment == 1:
            self.reject(cursor, cursor.text("reprompt_scale", min=self.low, max=self.high), text)
        else:
            reprompt = cursor.text("reprompt_scale_step", min=self.low, max=self.high, step=self.increment)
            self.reject(cursor, reprompt, text)

    def on_action(self, cursor: Cursor, action: str, arg: str | None) -> None:
        if action != "skip" or not self.optional:
            cursor.stale()
            return
        self.accept(cursor, None, None)

    def answer_format(self) -> AnswerFormat:
        return AnswerFormat()


def build(step: ScaleStep, ctx: StepContext) -> ScaleNode:
    numbers = [str(n) for n in range(step.min, step.max + 1, step.step)]
    prompt = ctx.template(step.prompt)
    if step.labels is not None:
        low, high = ctx.local(step.labels.min), ctx.local(step.labels.max)
        prompt = {lang: t.then(f"\n\n{step.min}: {low[lang]}\n{step.max}: {high[lang]}")
                  for lang, t in prompt.items()}
    buttons = {
        lang: tuple(Button(n, "option", n) for n in numbers)
        + ((Button(builtin("skip", lang), "action", "skip"),) if step.optional else ())
        for lang in ctx.languages
    }
    return ScaleNode.placed(
        step, ctx,
        prompt_text=prompt,
        low=step.min,
        high=step.max,
        increment=step.step,
        values=frozenset(numbers),
        buttons=buttons,
        optional=step.optional,
        invalid=ctx.invalid_policy(step.on_invalid),
    )
