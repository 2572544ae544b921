"""`item`: one questionnaire item. Its options are a shared answer set, each scoring a number, and the
number is what is stored; an answer that meets the item's crisis rule is reported as `CrisisAnswer`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from bot.engine.answers import match_option, option_lookup
from bot.engine.effects import Ask, Button, CrisisAnswer
from bot.engine.render import AnswerFormat, Template, plain_text
from bot.engine.session import JSON
from bot.engine.steps.base import QuestionNode
from bot.engine.steps.context import StepContext
from bot.flowspec.model import CrisisRule, ItemStep

if TYPE_CHECKING:
    from bot.engine.cursor import Cursor


@dataclass(frozen=True, slots=True)
class ItemFormat(AnswerFormat):
    """An item's answer reads as its option's label and score: "Several days (1)"."""

    labels: dict[str, dict[int, str]]  # language -> score -> plain label

    def plain(self, value: JSON, language: str) -> str:
        if isinstance(value, int) and not isinstance(value, bool):
            label = self.labels.get(language, {}).get(value)
            return f"{label} ({value})" if label is not None else str(value)
        return AnswerFormat.plain(self, value, language)


@dataclass(slots=True, kw_only=True, eq=False)
class ItemNode(QuestionNode):
    prompt_text: dict[str, Template]
    buttons: dict[str, tuple[Button, ...]]
    typed: dict[str, dict[str, str]]  # language -> typed text -> score as text
    labels: dict[str, dict[int, str]]
    crisis: CrisisRule | None

    def ask(self, cursor: Cursor) -> Ask:
        return Ask(self.step_id, cursor.session.seq, "choice", cursor.fill(self.prompt_text),
                   self.buttons[cursor.language], previous=self.previous(cursor))

    def on_option(self, cursor: Cursor, value: str) -> None:
        score = int(value) if value.lstrip("-").isdigit() else None
        if score is None or score not in self.labels[cursor.language]:
            cursor.stale()
            return
        self.choose(cursor, score, value)

    def on_text(self, cursor: Cursor, text: str) -> None:
        value = match_option(text, self.typed[cursor.language])
        if value is None:
            self.reject(cursor, cursor.text("reprompt_choice"), text)
        else:
            self.choose(cursor, int(value), text)

    def choose(self, cursor: Cursor, score: int, raw: str) -> None:
        if self.crisis is not None and self.crisis.fires(score):
            # before the answer, so that a front end opens the crisis path with the next question waiting
            cursor.emit(CrisisAnswer(self.step_id, self.key))
        self.accept(cursor, score, raw)

    def answer_format(self) -> AnswerFormat:
        return ItemFormat(self.labels)


def build(step: ItemStep, ctx: StepContext) -> ItemNode:
    options = ctx.flow.answer_sets.get(step.answers, [])
    labels: dict[str, dict[int, str]] = {}
    typed: dict[str, dict[str, str]] = {}
    buttons: dict[str, tuple[Button, ...]] = {}
    for lang in ctx.languages:
        local = [(option.score, plain_text(ctx.local(option.label)[lang])) for option in options]
        labels[lang] = dict(local)
        typed[lang] = option_lookup([(str(score), label) for score, label in local])
        buttons[lang] = tuple(Button(label, "option", str(score)) for score, label in local)
    return ItemNode.placed(
        step, ctx,
        prompt_text=ctx.template(step.prompt),
        buttons=buttons,
        typed=typed,
        labels=labels,
        crisis=step.crisis,
        invalid=ctx.invalid_policy(step.on_invalid),
    )
