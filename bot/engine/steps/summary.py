"""`summary`: the answers so far, each with a button to change it, and a button to confirm."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, ClassVar

from bot.engine.effects import Ask, Button
from bot.engine.render import Template, plain_text
from bot.engine.steps.base import QuestionNode, WaitingNode
from bot.engine.steps.context import StepContext
from bot.engine.texts import builtin
from bot.flowspec.model import SummaryStep

if TYPE_CHECKING:
    from bot.engine.cursor import Cursor
    from bot.engine.program import Program


@dataclass(slots=True, kw_only=True, eq=False)
class SummaryNode(WaitingNode):
    prompt_text: dict[str, Template]
    items: tuple[str, ...] | None  # answer keys; None: every answer given so far
    confirm: dict[str, Button]
    # filled in by `link`, once every step is compiled:
    titles: dict[str, dict[str, str]] = field(default_factory=dict)  # language -> key -> author HTML
    edits: dict[str, dict[str, Button]] = field(default_factory=dict)  # language -> key -> edit button
    editable: dict[str, str] = field(default_factory=dict)  # key -> the state of the question asking it
    every_answer: tuple[str, ...] = ()

    remembered: ClassVar[bool] = True

    def link(self, program: Program) -> None:
        keys = self.items if self.items is not None else program.question_keys
        self.every_answer = program.question_keys
        for key in keys:
            state = program.state_of_key.get(key)
            node = program.nodes.get(state) if state else None
            for lang in program.languages:
                title = node.label[lang] if node is not None and node.label else key
                self.titles.setdefault(lang, {})[key] = title
                edit = Button(builtin("edit", lang, label=plain_text(title)), "action", "edit", arg=key)
                self.edits.setdefault(lang, {})[key] = edit
            if isinstance(node, QuestionNode) and state is not None:
                self.editable[key] = state

    def enter(self, cursor: Cursor) -> None:
        # what it shows is the record: only the answers on this way (not while an edit is carried
        # through another summary: steps further on, yet to be passed over, still hold theirs)
        if cursor.entry == "forward" and cursor.session.edit_walk is None:
            cursor.leave_behind()
        WaitingNode.enter(self, cursor)

    def ask(self, cursor: Cursor) -> Ask:
        lang = cursor.language
        keys = self._shown(cursor)
        lines = []
        for key in keys:
            answer = cursor.show(key)
            # a list (or any answer of several lines) starts on a line of its own
            gap = "\n" if "\n" in answer or answer.startswith("• ") else " "
            lines.append(f"{self.titles[lang][key]}:{gap}{answer}")
        text = cursor.fill(self.prompt_text)
        if lines:
            text += "\n\n" + "\n".join(lines)
        buttons = [self.edits[lang][key] for key in keys if self._editable(cursor, key)]
        buttons.append(self.confirm[lang])
        return Ask(self.step_id, cursor.session.seq, "summary", text, tuple(buttons), accepts_text=False)

    def on_action(self, cursor: Cursor, action: str, arg: str | None) -> None:
        session = cursor.session
        if action == "confirm":
            session.history.append(self.state)
            self.advance(cursor, self.next)
        elif action == "edit" and arg is not None and self._editable(cursor, arg) and arg in self._shown(cursor):
            session.history.append(self.state)
            session.return_to = self.state
            if session.trail is not None:
                session.edit_walk = list(session.trail)
            cursor.jump(self.editable[arg], "edit")
        else:
            cursor.stale()

    def on_text(self, cursor: Cursor, text: str) -> None:
        self.reject(cursor, cursor.text("reprompt_summary"), text)

    def _editable(self, cursor: Cursor, key: str) -> bool:
        """A question the client answered on their way here (an edit goes back to where it was asked)."""
        state = self.editable.get(key)
        trail = cursor.session.trail
        return state is not None and (trail is None or state in trail)

    def _shown(self, cursor: Cursor) -> tuple[str, ...]:
        session = cursor.session
        if self.items is not None:
            # a listed question the client's way never asked (a branch passed it by) is left out; a skipped
            # one is shown, as "—"
            return tuple(key for key in self.items if key in session.answers)
        answers, trail = session.answers, session.trail
        walked = set(trail) if trail is not None else None
        state_of = cursor.program.state_of_key
        return tuple(key for key in self.every_answer
                     if key in answers and (walked is None or state_of.get(key) in walked))


def build(step: SummaryStep, ctx: StepContext) -> SummaryNode:
    label = ctx.local(step.confirm_label) if step.confirm_label else None
    confirm = {
        lang: Button(plain_text(label[lang]) if label else builtin("confirm", lang), "action", "confirm")
        for lang in ctx.languages
    }
    items = tuple(ctx.scope.ref(item) for item in step.items) if step.items is not None else None
    return SummaryNode.placed(step, ctx, prompt_text=ctx.template(step.prompt), items=items, confirm=confirm)
