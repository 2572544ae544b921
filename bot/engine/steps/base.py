"""What every compiled step can do, and the shared life of steps that wait for the client.

A step that does not wait (`branch`, `set`, ...) only has `enter`: it does its work and names the next
state. A step that waits shows a prompt on `enter` and then reacts to input until it moves on.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar, Self

from bot.engine.effects import AnswerRecorded, Ask, Effect
from bot.engine.render import AnswerFormat, Template
from bot.engine.session import JSON
from bot.engine.steps.context import InvalidPolicy, StepContext
from bot.flowspec.model import Step

if TYPE_CHECKING:
    from bot.engine.cursor import Cursor
    from bot.engine.program import Program


@dataclass(slots=True, kw_only=True, eq=False)
class Node:
    state: str
    key: str
    step_id: str
    next: str | None = None
    label: dict[str, str] | None = None  # language -> author HTML
    help: dict[str, Template] | None = None

    shows: ClassVar[bool] = False  # the client sees it: passed over when an edit re-walks a visit made before
    remembered: ClassVar[bool] = False  # leaving it puts it in the history, for "back"

    @classmethod
    def placed(cls, step: Step, ctx: StepContext, **fields: Any) -> Self:
        """A node for `step` where `ctx` puts it, with the fields particular to its type."""
        return cls(
            state=ctx.state,
            key=ctx.key,
            step_id=step.id,
            next=ctx.next,
            label=ctx.local(step.label) if step.label is not None else None,
            help=ctx.optional_template(step.help),
            **fields,
        )

    def on_enter(self, event: Any) -> None:
        """The state machine's callback when this step's state is entered (`event.model` is a Cursor)."""
        event.model.arrive(self)

    def enter(self, cursor: Cursor) -> None:
        raise NotImplementedError

    def link(self, program: Program) -> None:
        """Called once every step is compiled, for steps that need to know about others."""

    def answer_format(self) -> AnswerFormat | None:
        return None

    def onward(self, cursor: Cursor) -> str | None:
        """Where this step leads now, without the client (None: it cannot tell)."""
        return self.next

    def advance(self, cursor: Cursor, target: str | None) -> None:
        if target is None:  # past the last step of the main flow (validated flows end with `end`)
            cursor.complete("completed", None)
        else:
            cursor.go(target)

    # --- input; a step that does not wait never has the session resting on it ---------------------

    def prompt(self, cursor: Cursor) -> list[Effect]:
        return []

    def on_text(self, cursor: Cursor, text: str) -> None:
        return None

    def on_option(self, cursor: Cursor, value: str) -> None:
        cursor.stale()

    def on_action(self, cursor: Cursor, action: str, arg: str | None) -> None:
        cursor.stale()

    def on_tick(self, cursor: Cursor, at: float) -> None:
        return None

    def on_back(self, cursor: Cursor) -> bool:
        """Handle /back within the step (True), or leave it to the history (False)."""
        return False

    def on_resume(self, cursor: Cursor) -> None:
        return None


@dataclass(slots=True, kw_only=True, eq=False)
class WaitingNode(Node):
    invalid: InvalidPolicy = field(default_factory=InvalidPolicy)

    shows: ClassVar[bool] = True

    def enter(self, cursor: Cursor) -> None:
        session = cursor.session
        session.seq += 1
        session.attempts = 0
        session.step_entered_at = cursor.at
        session.draft = self.initial_draft(cursor)
        cursor.outbox.extend(self.prompt(cursor))

    def initial_draft(self, cursor: Cursor) -> dict[str, JSON]:
        return {}

    def prompt(self, cursor: Cursor) -> list[Effect]:
        return [self.ask(cursor)]

    def ask(self, cursor: Cursor) -> Ask:
        raise NotImplementedError

    def reject(self, cursor: Cursor, reprompt: str, raw: str | None) -> None:
        """An answer that does not fit: re-prompt, and after too many attempts use the fallback."""
        session = cursor.session
        policy = self.invalid
        session.attempts += 1
        if session.attempts >= policy.max_attempts:
            if policy.skip:
                self.give_up(cursor, raw)
                return
            if policy.fallback is not None:
                cursor.carry_edit()
                session.history.append(self.state)
                session.return_to = None
                session.draft = {}
                cursor.go(policy.fallback)
                return
        message = cursor.fill(policy.message) if policy.message else reprompt
        cursor.say(message, "reprompt")
        if session.attempts >= policy.max_attempts:
            cursor.say(self.help_text(cursor), "help")
            session.attempts = 0
        cursor.emit(self.ask(cursor))

    def give_up(self, cursor: Cursor, raw: str | None) -> None:
        """The `skip` fallback; only questions have answers to skip."""
        self.advance(cursor, self.next)

    def help_text(self, cursor: Cursor) -> str:
        return cursor.fill(self.help) if self.help else cursor.text("help")


@dataclass(slots=True, kw_only=True, eq=False)
class QuestionNode(WaitingNode):
    """A step whose answer is stored: text, choice, multi_choice, scale."""

    jumps: dict[str, str] = field(default_factory=dict)  # option value -> the state its `next` names (choice)

    remembered: ClassVar[bool] = True

    def onward(self, cursor: Cursor) -> str | None:
        answers = cursor.session.answers
        if self.key not in answers:
            return None
        value = answers[self.key]
        return self.jumps.get(value, self.next) if isinstance(value, str) else self.next

    def accept(self, cursor: Cursor, value: JSON, raw: str | None, target: str | None = None) -> None:
        session = cursor.session
        session.answers[self.key] = value
        session.draft = {}
        cursor.emit(AnswerRecorded(self.step_id, self.key, value, raw))
        summary = session.return_to
        if summary is not None and session.edit_walk is None:
            # a session from before trails were kept: the edit goes straight back to the summary, and the
            # history back to how it was there
            session.return_to = None
            if session.history and session.history[-1] == summary:
                session.history.pop()
            cursor.jump(summary, "forward")
            return
        cursor.carry_edit()
        session.history.append(self.state)
        self.advance(cursor, target or self.next)

    def give_up(self, cursor: Cursor, raw: str | None) -> None:
        self.accept(cursor, None, raw)

    def previous(self, cursor: Cursor) -> str | None:
        """The answer already given, shown when the question is asked again."""
        if self.key not in cursor.session.answers:
            return None
        return cursor.show(self.key)
