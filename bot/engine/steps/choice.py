"""`choice`: one option, pressed as a button or typed as its label (or its number)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from bot.engine.answers import match_option, option_lookup
from bot.engine.effects import Ask, Button
from bot.engine.render import AnswerFormat, LabelFormat, Template, plain_text
from bot.engine.steps.base import QuestionNode
from bot.engine.steps.context import StepContext
from bot.flowspec.model import ChoiceOption, ChoiceStep, MultiOption

if TYPE_CHECKING:
    from bot.engine.cursor import Cursor


@dataclass(slots=True, kw_only=True, eq=False)
class ChoiceNode(QuestionNode):
    prompt_text: dict[str, Template]  # with the options' descriptions, if any
    buttons: dict[str, tuple[Button, ...]]
    typed: dict[str, dict[str, str]]  # language -> typed text -> option value
    labels: dict[str, dict[str, str]]  # language -> option value -> plain label
    jumps: dict[str, str]  # option value -> the state its `next` names

    def ask(self, cursor: Cursor) -> Ask:
        return Ask(self.step_id, cursor.session.seq, "choice", cursor.fill(self.prompt_text),
                   self.buttons[cursor.language], previous=self.previous(cursor))

    def on_option(self, cursor: Cursor, value: str) -> None:
        if value not in self.labels[cursor.language]:
            cursor.stale()
            return
        self.accept(cursor, value, value, self.jumps.get(value))

    def on_text(self, cursor: Cursor, text: str) -> None:
        value = match_option(text, self.typed[cursor.language])
        if value is None:
            self.reject(cursor, cursor.text("reprompt_choice"), text)
        else:
            self.accept(cursor, value, text, self.jumps.get(value))

    def answer_format(self) -> AnswerFormat:
        return LabelFormat(self.labels)


def option_texts(
    options: Sequence[ChoiceOption | MultiOption], ctx: StepContext, prompt: dict[str, Template]
) -> tuple[dict[str, Template], dict[str, dict[str, str]], dict[str, dict[str, str]]]:
    """For choice and multi-choice: the prompt followed by the options' descriptions, each option's
    plain label, and what a client may type to pick it; all per language."""
    labels: dict[str, dict[str, str]] = {}
    typed: dict[str, dict[str, str]] = {}
    full_prompt: dict[str, Template] = {}
    for lang in ctx.languages:
        local = [(o.value, ctx.local(o.label)[lang]) for o in options]
        labels[lang] = {value: plain_text(label) for value, label in local}
        typed[lang] = option_lookup([(value, plain_text(label)) for value, label in local])
        notes = [f"• {label}: {ctx.local(o.description)[lang]}"
                 for o, (_value, label) in zip(options, local, strict=True) if o.description is not None]
        full_prompt[lang] = prompt[lang].then("\n\n" + "\n".join(notes)) if notes else prompt[lang]
    return full_prompt, labels, typed


def build(step: ChoiceStep, ctx: StepContext) -> ChoiceNode:
    prompt, labels, typed = option_texts(step.options, ctx, ctx.template(step.prompt))
    buttons = {lang: tuple(Button(labels[lang][o.value], "option", o.value) for o in step.options)
               for lang in ctx.languages}
    return ChoiceNode.placed(
        step, ctx,
        prompt_text=prompt,
        buttons=buttons,
        typed=typed,
        labels=labels,
        jumps={o.value: ctx.target(o.next) for o in step.options if o.next},
        invalid=ctx.invalid_policy(step.on_invalid),
    )
