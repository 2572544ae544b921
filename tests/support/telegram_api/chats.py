"""A private chat between the bot and one simulated user: its messages, its log, and waiting on it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal

from .messages import MessageView, StoredMessage
from .signals import Signal


@dataclass(frozen=True)
class ChatEvent:
    """One line of a chat's transcript."""

    actor: Literal["user", "bot"]
    kind: str  # user: message, edit, press; bot: message, edit, delete, answer, action
    message_id: int | None
    text: str | None
    view: MessageView | None = None
    detail: dict[str, Any] = field(default_factory=dict)

    def describe(self) -> str:
        who = "user" if self.actor == "user" else "bot "
        target = f"#{self.message_id}" if self.message_id is not None else ""
        shown = repr(self.text if self.text is not None else "")
        if self.view is not None and self.view.document is not None:
            shown = f"[document {self.view.document.filename}] {shown}"
        if self.view is not None and self.view.photo is not None:
            shown = f"[photo] {shown}"
        buttons = f" {self.view.button_texts}" if self.view is not None and self.view.buttons else ""
        extra = f" {self.detail}" if self.detail else ""
        return f"{who} {self.kind}{target}: {shown}{buttons}{extra}"


class Chat:
    def __init__(self, user: dict[str, Any]) -> None:
        self.user = user
        self.api_chat: dict[str, Any] = {
            "id": user["id"],
            "type": "private",
            **{k: user[k] for k in ("first_name", "last_name", "username") if k in user},
        }
        self.started = False
        self.blocked = False
        self.messages: dict[int, StoredMessage] = {}
        self.events: list[ChatEvent] = []
        self.inbox: list[MessageView] = []  # what the bot sent or edited, as it looked then
        self.inbox_read = 0
        self._last_message_id = 0
        self.changed = Signal()

    @property
    def id(self) -> int:
        return int(self.user["id"])

    def next_message_id(self) -> int:
        # The user's and the bot's messages share one counter in a private chat.
        self._last_message_id += 1
        return self._last_message_id

    def record(self, event: ChatEvent) -> None:
        self.events.append(event)
        if event.actor == "bot" and event.kind in {"message", "edit"} and event.view is not None:
            self.inbox.append(event.view)
        self.changed.notify()

    async def wait_for(self, condition: Callable[[], bool], seconds: float, waiting_for: str) -> None:
        if not await self.changed.wait_until(condition, seconds):
            raise TimeoutError(
                f"user {self.id}: no {waiting_for} within {seconds} s. Chat so far:\n{self.transcript()}"
            )

    def transcript(self) -> str:
        return "\n".join(f"  {event.describe()}" for event in self.events) or "  (empty)"

    def bot_messages(self) -> list[StoredMessage]:
        return [message for message in self.messages.values() if message.from_bot]
