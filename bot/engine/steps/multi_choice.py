"""`multi_choice`: options toggled on and off, an optional "other" text, then Done."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from bot.engine.answers import match_option
from bot.engine.effects import Ask, Button
from bot.engine.render import AnswerFormat, LabelFormat, Template, plain_text
from bot.engine.session import JSON
from bot.engine.steps.base import QuestionNode
from bot.engine.steps.choice import option_texts
from bot.engine.steps.context import StepContext
from bot.engine.texts import builtin
from bot.flowspec.model import MultiChoiceStep

if TYPE_CHECKING:
    from bot.engine.cursor import Cursor

OTHER_MAX_LENGTH = 500


@dataclass(slots=True, kw_only=True, eq=False)
class MultiChoiceNode(QuestionNode):
    prompt_text: dict[str, Template]
    values: tuple[str, ...]  # in option order
    labels: dict[str, dict[str, str]]  # language -> value -> plain label
    typed: dict[str, dict[str, str]]  # language -> typed text -> value
    other_prompt: dict[str, Template] | None  # None: the step has no "other" option
    controls: dict[str, tuple[Button, Button | None]]  # language -> (done, other)
    min_selected: int
    max_selected: int | None

    # The draft holds the choice in progress: {"selected": [...], "other": str | None,
    # "writing_other": bool}, the last true while the client is asked for the "other" text.

    def initial_draft(self, cursor: Cursor) -> dict[str, JSON]:
        earlier = cursor.session.answers.get(self.key)
        if not isinstance(earlier, dict):
            return {"selected": [], "other": None, "writing_other": False}
        chosen = earlier.get("selected") or ()
        other = earlier.get("other")
        return {"selected": [v for v in self.values if v in chosen],
                "other": other if isinstance(other, str) else None, "writing_other": False}

    def ask(self, cursor: Cursor) -> Ask:
        draft = self._draft(cursor)
        seq = cursor.session.seq
        if draft["writing_other"] and self.other_prompt is not None:
            return Ask(self.step_id, seq, "other_text", cursor.fill(self.other_prompt))
        chosen = draft["selected"]
        labels = self.labels[cursor.language]
        buttons = [Button(labels[v], "option", v, selected=v in chosen) for v in self.values]
        done, other = self.controls[cursor.language]
        if other is not None:
            buttons.append(Button(other.label, "action", "other", selected=draft["other"] is not None))
        buttons.append(done)
        return Ask(self.step_id, seq, "multi_choice", cursor.fill(self.prompt_text), tuple(buttons),
                   previous=self.previous(cursor))

    def on_option(self, cursor: Cursor, value: str) -> None:
        if value not in self.labels[cursor.language]:
            cursor.stale()
            return
        self._toggle(cursor, value)

    def on_action(self, cursor: Cursor, action: str, arg: str | None) -> None:
        if action == "done":
            self._done(cursor)
        elif action == "other" and self.other_prompt is not None:
            draft = self._draft(cursor)
            if draft["other"] is None:
                self._update(cursor, writing_other=True)
            else:  # pressing a chosen "other" again takes it back, like any option
                self._update(cursor, other=None, writing_other=False)
            cursor.emit(self.ask(cursor))
        else:
            cursor.stale()

    def on_text(self, cursor: Cursor, text: str) -> None:
        if self._draft(cursor)["writing_other"]:
            value = text.strip()
            if not 1 <= len(value) <= OTHER_MAX_LENGTH:
                self.reject(cursor, cursor.text("reprompt_other_text"), text)
                return
            self._update(cursor, other=value, writing_other=False)
            cursor.emit(self.ask(cursor))
            return
        option = match_option(text, self.typed[cursor.language])
        if option is None:
            self.reject(cursor, cursor.text("reprompt_multi_choice"), text)
        else:
            self._toggle(cursor, option)

    def on_back(self, cursor: Cursor) -> bool:
        if not self._draft(cursor)["writing_other"]:
            return False
        self._update(cursor, writing_other=False)
        cursor.emit(self.ask(cursor))
        return True

    def answer_format(self) -> AnswerFormat:
        return LabelFormat(self.labels)

    def _toggle(self, cursor: Cursor, value: str) -> None:
        chosen = set(self._draft(cursor)["selected"])
        chosen.symmetric_difference_update((value,))
        self._update(cursor, selected=[v for v in self.values if v in chosen], writing_other=False)
        cursor.emit(self.ask(cursor))

    def _done(self, cursor: Cursor) -> None:
        draft = self._draft(cursor)
        self._update(cursor, writing_other=False)
        count = len(draft["selected"]) + (draft["other"] is not None)
        if count < self.min_selected:
            self.reject(cursor, cursor.text("reprompt_multi_too_few", min=self.min_selected), None)
        elif self.max_selected is not None and count > self.max_selected:
            self.reject(cursor, cursor.text("reprompt_multi_too_many", max=self.max_selected), None)
        else:
            self.accept(cursor, {"selected": list(draft["selected"]), "other": draft["other"]}, None)

    def _draft(self, cursor: Cursor) -> dict[str, JSON]:
        draft = cursor.session.draft
        return draft if "selected" in draft else self.initial_draft(cursor)

    def _update(self, cursor: Cursor, **changes: JSON) -> None:
        cursor.session.draft = {**self._draft(cursor), **changes}


def build(step: MultiChoiceStep, ctx: StepContext) -> MultiChoiceNode:
    prompt, labels, typed = option_texts(step.options, ctx, ctx.template(step.prompt))
    done = ctx.local(step.done_label) if step.done_label else None
    other = ctx.local(step.other.label) if step.other else None
    controls = {
        lang: (
            Button(plain_text(done[lang]) if done else builtin("done", lang), "action", "done"),
            Button(plain_text(other[lang]), "action", "other") if other else None,
        )
        for lang in ctx.languages
    }
    return MultiChoiceNode.placed(
        step, ctx,
        prompt_text=prompt,
        values=tuple(o.value for o in step.options),
        labels=labels,
        typed=typed,
        other_prompt=ctx.template(step.other.prompt) if step.other else None,
        controls=controls,
        min_selected=step.min_selected,
        max_selected=step.max_selected,
        invalid=ctx.invalid_policy(step.on_invalid),
    )
