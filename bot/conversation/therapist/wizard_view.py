"""A therapist's wizard that lives in one message: each step edits the message whose button was pressed,
rather than sending a new one. Its buttons name the dialog and the step they belong to, so a button of an
older wizard, or of a step already passed, is recognised as stale and changes nothing."""

from __future__ import annotations

import hashlib
import secrets
from typing import TYPE_CHECKING, Any

from bot.conversation.callback_data import MenuButton, encode
from bot.conversation.messages import ButtonPress, ButtonSpec, EditKeyboard, EditMessage, Keyboard, Reply, Send
from bot.conversation.therapist.homework_texts import ht

if TYPE_CHECKING:
    from bot.conversation.turn import Turn

WIZARD = "assign"  # the dialog kind: typed text goes to the wizard while it is open


def new_state(**values: Any) -> dict[str, Any]:
    return {"id": secrets.token_urlsafe(6), "q": 1, **values}


def wizard_button(label: str, state: dict[str, Any], answer: str) -> ButtonSpec:
    return ButtonSpec(label, encode(MenuButton("asg", f"{state['id']}.{state['q']}.{answer}")))


def pressed_message(turn: Turn) -> int | None:
    payload = turn.incoming.payload
    return payload.message_id if isinstance(payload, ButtonPress) else None


async def show(turn: Turn, state: dict[str, Any], text: str, keyboard: Keyboard) -> list[Reply]:
    """Shows the wizard's next view and stores the state. A button press edits its own message; typed text
    (the message is above it by now) gets a new message, and the old one loses its buttons. Identical
    content is never sent as an edit: Telegram refuses it."""
    shown = hashlib.sha256(repr((text, keyboard)).encode()).hexdigest()[:16]
    pressed = pressed_message(turn)
    replies: list[Reply]
    if pressed is not None:
        replies = [] if state.get("msg") == pressed and state.get("shown") == shown else \
            [EditMessage(turn.chat_id, pressed, text, keyboard)]
    else:
        replies = [EditKeyboard(turn.chat_id, int(state["msg"]), ())] if state.get("msg") else []
        replies.append(Send(turn.chat_id, text, keyboard))
    state.update(msg=pressed, shown=shown)
    await turn.tx.dialogs.put(turn.person.id, WIZARD, state)
    return replies


def finish(turn: Turn, text: str, keyboard: Keyboard = ()) -> list[Reply]:
    """The wizard's last word, in its own message when a button ended it."""
    pressed = pressed_message(turn)
    if pressed is None:
        return [Send(turn.chat_id, text, keyboard)]
    return [EditMessage(turn.chat_id, pressed, text, keyboard)]


def stale(turn: Turn) -> list[Reply]:
    """A button of an older wizard or an earlier step: says what to do instead."""
    return [Send(turn.chat_id, ht("wizard_stale", turn.language))]
