"""`choice`: one option, pressed as a button or typed as its label (or its number).

With `options_from`, the items of an earlier list answer come first (the chosen item's text is the answer),
and with `other` a last button lets the client write the answer in their own words instead.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from bot.engine.answers import match_option, option_lookup
from bot.engine.effects import Ask, Button
from bot.engine.kept import KEPT_PREFIX, open_texts
from bot.engine.render import AnswerFormat, LabelFormat, Template, plain_text
from bot.engine.steps.base import QuestionNode
from bot.engine.steps.context import StepContext
from bot.engine.steps.list_items import chosen_item, item_buttons, item_value, items_of
from bot.engine.texts import counted
from bot.flowspec.model import ChoiceOption, ChoiceStep, KeptRef, MultiOption

if TYPE_CHECKING:
    from bot.engine.cursor import Cursor

OWN_WORDS_MAX_LENGTH = 500


@dataclass(frozen=True, slots=True)
class OwnWords:
    """A choice's `other`: the last button, after which the client writes the answer instead."""

    button: dict[str, Button]
    prompt: dict[str, Template]


@dataclass(slots=True, kw_only=True, eq=False)
class ChoiceNode(QuestionNode):
    prompt_text: dict[str, Template]  # with the options' descriptions, if any
    buttons: dict[str, tuple[Button, ...]]  # the fixed options
    typed: dict[str, dict[str, str]]  # language -> typed text -> option value
    labels: dict[str, dict[str, str]]  # language -> option value -> plain label
    jumps: dict[str, str]  # option value -> the state its `next` names
    items_from: str | None = None  # the answer key of a list whose items are offered before the options
    own_words: OwnWords | None = None

    # With `own_words`, the draft is {"writing": true} while the client is asked for their own words.

    def ask(self, cursor: Cursor) -> Ask:
        seq = cursor.session.seq
        if self.own_words is not None and cursor.session.draft.get("writing"):
            return Ask(self.step_id, seq, "other_text", cursor.fill(self.own_words.prompt))
        buttons = self.buttons[cursor.language]
        if self.items_from is not None:
            own = (self.own_words.button[cursor.language],) if self.own_words is not None else ()
            buttons = (*item_buttons(self._items(cursor)), *buttons, *own)
        return Ask(self.step_id, seq, "choice", cursor.fill(self.prompt_text), buttons,
                   previous=self.previous(cursor))

    def on_option(self, cursor: Cursor, value: str) -> None:
        if value in self.labels[cursor.language]:
            self.accept(cursor, value, value, self.jumps.get(value))
            return
        item = chosen_item(value, self._items(cursor)) if self.items_from is not None else None
        if item is None:
            cursor.stale()
        else:
            self.accept(cursor, item, item)

    def on_action(self, cursor: Cursor, action: str, arg: str | None) -> None:
        if action != "other" or self.own_words is None:
            cursor.stale()
            return
        cursor.session.draft = {"writing": True}
        cursor.emit(self.ask(cursor))

    def on_text(self, cursor: Cursor, text: str) -> None:
        writing = bool(cursor.session.draft.get("writing"))
        if not writing:
            value = match_option(text, self._typed(cursor))
            if value is not None:
                self.on_option(cursor, value)
                return
        if self.own_words is None or (not writing and text.strip().isdigit()):
            self.reject(cursor, cursor.text("reprompt_choice"), text)
        elif not text.strip():
            self.reject(cursor, cursor.text("reprompt_other_text"), text)
        elif len(text.strip()) > OWN_WORDS_MAX_LENGTH:
            self.reject(cursor, counted("reprompt_text_long", cursor.language, OWN_WORDS_MAX_LENGTH), text)
        else:  # typed words that are none of the options are the client's own, as if after `other`
            self.accept(cursor, text.strip(), text)

    def on_back(self, cursor: Cursor) -> bool:
        if not cursor.session.draft.get("writing"):
            return False
        cursor.session.draft = {}
        cursor.emit(self.ask(cursor))
        return True

    def answer_format(self) -> AnswerFormat:
        return LabelFormat(self.labels)

    def _items(self, cursor: Cursor) -> list[str]:
        if self.items_from is None:
            return []
        if self.items_from.startswith(KEPT_PREFIX):  # the open items of a kept list, as the session began
            return open_texts(cursor.session.kept.get(self.items_from.removeprefix(KEPT_PREFIX)))
        return items_of(cursor.session.answers, self.items_from)

    def _typed(self, cursor: Cursor) -> dict[str, str]:
        fixed = self.typed[cursor.language]
        if self.items_from is None:
            return fixed
        items = self._items(cursor)
        labels = [(item_value(i, item), item) for i, item in enumerate(items)]
        labels += [(value, label) for value, label in self.labels[cursor.language].items()]
        return option_lookup(labels)


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


def _items_from(step: ChoiceStep, ctx: StepContext) -> str | None:
    source = step.options_from
    if source is None:
        return None
    if isinstance(source, KeptRef):
        return KEPT_PREFIX + source.kept
    return ctx.scope.ref(source)


def build(step: ChoiceStep, ctx: StepContext) -> ChoiceNode:
    prompt, labels, typed = option_texts(step.options, ctx, ctx.template(step.prompt))
    buttons = {lang: tuple(Button(labels[lang][o.value], "option", o.value) for o in step.options)
               for lang in ctx.languages}
    own_words = None
    if step.other is not None:
        other = ctx.local(step.other.label)
        own_words = OwnWords({lang: Button(plain_text(other[lang]), "action", "other") for lang in ctx.languages},
                             ctx.template(step.other.prompt))
    return ChoiceNode.placed(
        step, ctx,
        prompt_text=prompt,
        buttons=buttons,
        typed=typed,
        labels=labels,
        jumps={o.value: ctx.target(o.next) for o in step.options if o.next},
        items_from=_items_from(step, ctx),
        own_words=own_words,
        invalid=ctx.invalid_policy(step.on_invalid),
    )
