"""`message`: says something; with a `button`, waits until the client presses it; with `audio`, sends a
recording first (on arrival only: going back to the step or resuming does not send it again)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from bot.engine.effects import Ask, Button, PlayAudio
from bot.engine.render import Template, plain_text
from bot.engine.steps.base import Node, WaitingNode
from bot.engine.steps.context import StepContext
from bot.flowspec.model import MessageStep

if TYPE_CHECKING:
    from bot.engine.cursor import Cursor


@dataclass(slots=True, kw_only=True, eq=False)
class MessageNode(Node):
    text: dict[str, Template]
    audio: dict[str, PlayAudio] | None = None  # language -> the recording

    shows: ClassVar[bool] = True

    def enter(self, cursor: Cursor) -> None:
        if self.audio is not None:
            cursor.emit(self.audio[cursor.language])
        cursor.say(cursor.fill(self.text))
        self.advance(cursor, self.next)


@dataclass(slots=True, kw_only=True, eq=False)
class ButtonMessageNode(WaitingNode):
    text: dict[str, Template]
    buttons: dict[str, tuple[Button, ...]]
    audio: dict[str, PlayAudio] | None = None

    def enter(self, cursor: Cursor) -> None:
        if self.audio is not None:
            cursor.emit(self.audio[cursor.language])
        WaitingNode.enter(self, cursor)

    def ask(self, cursor: Cursor) -> Ask:
        text = cursor.fill(self.text)
        return Ask(self.step_id, cursor.session.seq, "button", text, self.buttons[cursor.language],
                   accepts_text=False)

    def on_text(self, cursor: Cursor, text: str) -> None:
        self.reject(cursor, cursor.text("reprompt_button"), text)

    def on_action(self, cursor: Cursor, action: str, arg: str | None) -> None:
        if action != "continue":
            cursor.stale()
            return
        self.advance(cursor, self.next)


def _audio(step: MessageStep, ctx: StepContext) -> dict[str, PlayAudio] | None:
    if step.audio is None:
        return None
    audio = step.audio
    return {lang: PlayAudio(step.id, audio.file, plain_text(title), audio.send_as)
            for lang, title in ctx.local(audio.title).items()}


def build(step: MessageStep, ctx: StepContext) -> Node:
    if step.button is None:
        return MessageNode.placed(step, ctx, text=ctx.template(step.text), audio=_audio(step, ctx))
    buttons = {lang: (Button(plain_text(label), "action", "continue"),)
               for lang, label in ctx.local(step.button).items()}
    return ButtonMessageNode.placed(step, ctx, text=ctx.template(step.text), buttons=buttons,
                                    audio=_audio(step, ctx))
