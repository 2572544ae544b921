"""`follow_up`: the client picks a day, then a time, for doing another exercise later ("remind me on Friday to
log how it went"). The answer is `{"in_days": n, "at": "HH:MM"}`; the flow's end hands it to the front end,
which sets it as the client's own homework with a reminder (the engine has no clock or calendar, so days are
counted from the client's today: Today, Tomorrow, In 2 days…).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from bot.engine.answers import match_option, option_lookup
from bot.engine.effects import Ask, Button, FollowUp
from bot.engine.render import AnswerFormat, Template, plain_text
from bot.engine.session import JSON
from bot.engine.steps.base import QuestionNode
from bot.engine.steps.context import StepContext
from bot.engine.texts import SKIPPED, builtin, counted
from bot.flowspec.model import FollowUpStep

if TYPE_CHECKING:
    from bot.engine.cursor import Cursor

TIMES = ("09:00", "13:00", "19:00", "21:00")
_CLOCK = re.compile(r"\s*([01]?\d|2[0-3])[:.]([0-5]\d)\s*")
_DAY, _TIME = "day:", "time:"


def day_label(in_days: int, language: str) -> str:
    if in_days == 0:
        return builtin("follow_up_today", language)
    if in_days == 1:
        return builtin("follow_up_tomorrow", language)
    return counted("follow_up_in_days", language, in_days)


class FollowUpFormat(AnswerFormat):
    def plain(self, value: JSON, language: str) -> str:
        if isinstance(value, dict) and isinstance(value.get("in_days"), int) and isinstance(value.get("at"), str):
            return f"{day_label(value['in_days'], language)}, {value['at']}"
        return SKIPPED if value is None else super().plain(value, language)


def parse_clock(text: str) -> str | None:
    found = _CLOCK.fullmatch(text) if len(text) < 20 else None
    return None if found is None else f"{int(found[1]):02d}:{found[2]}"


@dataclass(slots=True, kw_only=True, eq=False)
class FollowUpNode(QuestionNode):
    prompt_text: dict[str, Template]
    flow_id: str
    note: dict[str, Template] | None
    days: int
    optional: bool

    # The draft is {"in_days": n} once the day is chosen and the time is being asked.

    def ask(self, cursor: Cursor) -> Ask:
        language = cursor.language
        seq = cursor.session.seq
        day = cursor.session.draft.get("in_days")
        if isinstance(day, int):
            text = builtin("follow_up_time", language, day=day_label(day, language))
            return Ask(self.step_id, seq, "choice", text, tuple(Button(t, "option", _TIME + t) for t in TIMES))
        buttons = [Button(day_label(n, language), "option", f"{_DAY}{n}") for n in range(self.days)]
        if self.optional:
            buttons.append(Button(builtin("follow_up_none", language), "action", "skip"))
        return Ask(self.step_id, seq, "choice", cursor.fill(self.prompt_text), tuple(buttons),
                   previous=self.previous(cursor))

    def on_option(self, cursor: Cursor, value: str) -> None:
        draft = cursor.session.draft
        day = draft.get("in_days")
        if value.startswith(_DAY) and day is None and value[len(_DAY):].isdigit() \
                and int(value[len(_DAY):]) < self.days:
            cursor.session.draft = {"in_days": int(value[len(_DAY):])}
            cursor.session.seq += 1  # the day's buttons no longer answer
            cursor.emit(self.ask(cursor))
        elif value.startswith(_TIME) and isinstance(day, int) and parse_clock(value[len(_TIME):]):
            self.accept(cursor, {"in_days": day, "at": parse_clock(value[len(_TIME):])}, value)
        else:
            cursor.stale()

    def on_text(self, cursor: Cursor, text: str) -> None:
        day = cursor.session.draft.get("in_days")
        if isinstance(day, int):
            clock = parse_clock(text)
            if clock is None:
                self.reject(cursor, builtin("reprompt_follow_up_time", cursor.language), text)
            else:
                self.accept(cursor, {"in_days": day, "at": clock}, text)
            return
        labels = [(f"{_DAY}{n}", day_label(n, cursor.language)) for n in range(self.days)]
        value = match_option(text, option_lookup(labels))
        if value is None:
            self.reject(cursor, cursor.text("reprompt_choice"), text)
        else:
            self.on_option(cursor, value)

    def on_action(self, cursor: Cursor, action: str, arg: str | None) -> None:
        if action != "skip" or not self.optional or cursor.session.draft.get("in_days") is not None:
            cursor.stale()
            return
        self.accept(cursor, None, None)

    def on_back(self, cursor: Cursor) -> bool:
        if cursor.session.draft.get("in_days") is None:
            return False
        cursor.session.draft = {}
        cursor.session.seq += 1
        cursor.emit(self.ask(cursor))
        return True

    def answer_format(self) -> AnswerFormat:
        return FollowUpFormat()

    def follow_up(self, cursor: Cursor) -> FollowUp | None:
        value = cursor.session.answers.get(self.key)
        if not (isinstance(value, dict) and isinstance(value.get("in_days"), int)
                and isinstance(value.get("at"), str)):
            return None
        note = plain_text(cursor.fill(self.note)) if self.note else None
        return FollowUp(self.step_id, self.flow_id, value["in_days"], value["at"], note)


def build(step: FollowUpStep, ctx: StepContext) -> FollowUpNode:
    return FollowUpNode.placed(
        step, ctx,
        prompt_text=ctx.template(step.prompt),
        flow_id=step.flow,
        note=ctx.optional_template(step.note),
        days=step.days,
        optional=step.optional,
    )
