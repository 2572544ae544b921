"""`text`: a free-text answer; with `append`, each visit adds one item to a list."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from bot.engine.effects import Ask, Button
from bot.engine.render import AnswerFormat, Template, TextFormat, escape
from bot.engine.session import JSON
from bot.engine.steps.base import QuestionNode
from bot.engine.steps.context import StepContext
from bot.engine.texts import builtin, counted
from bot.flowspec.model import TextStep

if TYPE_CHECKING:
    from bot.engine.cursor import Cursor


@dataclass(slots=True, kw_only=True, eq=False)
class TextNode(QuestionNode):
    prompt_text: dict[str, Template]
    min_length: int
    max_length: int
    max_words: int | None
    optional: bool
    append: bool
    buttons: dict[str, tuple[Button, ...]]

    def ask(self, cursor: Cursor) -> Ask:
        return Ask(self.step_id, cursor.session.seq, "text", cursor.fill(self.prompt_text),
                   self.buttons[cursor.language], previous=self.previous(cursor))

    def on_text(self, cursor: Cursor, text: str) -> None:
        value = text.strip()
        if not value:
            self.reject(cursor, cursor.text("reprompt_text_empty"), text)
        elif len(value) < self.min_length:
            self.reject(cursor, counted("reprompt_text_short", cursor.language, self.min_length), text)
        elif len(value) > self.max_length:
            self.reject(cursor, counted("reprompt_text_long", cursor.language, self.max_length), text)
        elif self.max_words is not None and word_count(value) > self.max_words:
            self.reject(cursor, counted("reprompt_text_words", cursor.language, self.max_words), text)
        else:
            self.accept(cursor, self._with(cursor, value) if self.append else value, text)

    def on_action(self, cursor: Cursor, action: str, arg: str | None) -> None:
        if action != "skip" or not self.optional:
            cursor.stale()
            return
        # skipping one visit of an append loop keeps what was collected on the others
        items = self._items(cursor)
        self.accept(cursor, (items or None) if self.append else None, None)

    def answer_format(self) -> AnswerFormat:
        return TextFormat()

    # --- append loops -------------------------------------------------------------------------------
    # A visit adds an item at the end. Going back to an earlier visit (or editing from a summary)
    # rewrites that visit's item instead, and drops the items collected after it.

    def initial_draft(self, cursor: Cursor) -> dict[str, JSON]:
        if not self.append or cursor.entry == "forward":
            return {}
        items = self._items(cursor)
        # the visit being redone: on /back, the one after the earlier visits still in the history;
        # from a summary's edit, the last
        visit = cursor.session.history.count(self.state) if cursor.entry == "back" else len(items) - 1
        return {"append_at": max(0, min(visit, len(items)))}

    def previous(self, cursor: Cursor) -> str | None:
        if not self.append:
            return QuestionNode.previous(self, cursor)
        items = self._items(cursor)
        at = self._append_at(cursor, items)
        return escape(str(items[at])) if at < len(items) else None

    def _with(self, cursor: Cursor, value: str) -> list[JSON]:
        items = self._items(cursor)
        return [*items[: self._append_at(cursor, items)], value]

    def _items(self, cursor: Cursor) -> list[JSON]:
        current = cursor.session.answers.get(self.key)
        return current if isinstance(current, list) else []

    @staticmethod
    def _append_at(cursor: Cursor, items: list[JSON]) -> int:
        at = cursor.session.draft.get("append_at")
        return at if isinstance(at, int) and 0 <= at <= len(items) else len(items)


def word_count(text: str) -> int:
    """Words as a reader counts them: "well-being" and "so-so" are one word each, and a dash or an emoji
    standing alone between words is not a word."""
    return sum(1 for part in text.split() if any(ch.isalnum() for ch in part))


def build(step: TextStep, ctx: StepContext) -> TextNode:
    skip = {lang: (Button(builtin("skip", lang), "action", "skip"),) if step.optional else ()
            for lang in ctx.languages}
    return TextNode.placed(
        step, ctx,
        prompt_text=ctx.template(step.prompt),
        min_length=step.min_length,
        max_length=step.max_length,
        max_words=step.max_words,
        optional=step.optional,
        append=step.append,
        buttons=skip,
        invalid=ctx.invalid_policy(step.on_invalid),
    )
