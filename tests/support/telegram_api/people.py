"""Simulated Telegram users: they write to the bot, press its buttons and read what it sends them."""

from __future__ import annotations

import asyncio
import re
import time
from collections.abc import Callable
from typing import Any

from .chats import Chat, ChatEvent
from .messages import MessageView, StoredMessage
from .state import CallbackQuery, StandInState
from .text_units import utf16_length
from .validation import UploadPart

BOT_COMMAND = re.compile(r"/[A-Za-z0-9_]{1,32}(?:@[A-Za-z0-9_]{5,32})?")
MessageRef = MessageView | int


class SimulatedUser:
    def __init__(self, state: StandInState, chat: Chat) -> None:
        self._state = state
        self._chat = chat

    def __repr__(self) -> str:
        return f"SimulatedUser({self.id}, {self.first_name!r})"

    @property
    def id(self) -> int:
        return self._chat.id

    @property
    def first_name(self) -> str:
        return str(self._chat.user["first_name"])

    @property
    def api_user(self) -> dict[str, Any]:
        """The User object Telegram puts in this user's updates."""
        return dict(self._chat.user)

    @property
    def started(self) -> bool:
        return self._chat.started

    @property
    def blocked(self) -> bool:
        return self._chat.blocked

    # What the user does

    async def send(self, text: str, *, reply_to: MessageRef | None = None) -> MessageView:
        """Writes a text message to the bot; a leading /command gets its bot_command entity."""
        self._check_can_write()
        self._chat.started = True
        message = StoredMessage(
            chat=self._chat.api_chat,
            sender=self._chat.user,
            message_id=self._chat.next_message_id(),
            from_bot=False,
            date=self._state.now(),
            text=text,
            source=text,
            entities=_command_entities(text),
            reply_to=self._stored(reply_to) if reply_to is not None else None,
        )
        self._chat.messages[message.message_id] = message
        self._chat.record(ChatEvent("user", "message", message.message_id, text, message.view()))
        self._state.add_update("message", message.to_api(), self.id)
        await asyncio.sleep(0)
        return message.view()

    async def send_document(self, file_name: str, content: bytes, mime_type: str = "application/x-yaml") -> MessageView:
        """Sends a file to the bot; the bot can fetch it with getFile and the file URL."""
        self._check_can_write()
        self._chat.started = True
        document = self._state.store_file(UploadPart("document", file_name, mime_type, content), "documents")
        message = StoredMessage(
            chat=self._chat.api_chat,
            sender=self._chat.user,
            message_id=self._chat.next_message_id(),
            from_bot=False,
            date=self._state.now(),
            document=document,
        )
        self._chat.messages[message.message_id] = message
        self._chat.record(ChatEvent("user", "message", message.message_id, file_name, message.view()))
        self._state.add_update("message", message.to_api(), self.id)
        await asyncio.sleep(0)
        return message.view()

    async def start(self, payload: str | None = None) -> MessageView:
        """Presses Start, optionally through a deep link carrying a payload."""
        return await self.send(f"/start {payload}" if payload else "/start")

    async def edit(self, message: MessageRef, text: str) -> MessageView:
        """Edits one of the user's own messages: the bot gets an edited_message update."""
        self._check_can_write()
        stored = self._stored(message)
        if stored.from_bot:
            raise ValueError(f"{self} can't edit the bot's message {stored.message_id}")
        stored.history.append(stored.version())
        stored.text, stored.source, stored.entities = text, text, _command_entities(text)
        stored.edit_date = self._state.now()
        self._chat.record(ChatEvent("user", "edit", stored.message_id, text, stored.view()))
        self._state.add_update("edited_message", stored.to_api(), self.id)
        await asyncio.sleep(0)
        return stored.view()

    async def press(self, message: MessageRef, button_text: str) -> CallbackQuery:
        """Presses the inline button with this text on the message as it is now."""
        stored = self._stored(message)
        if stored.deleted:
            raise LookupError(f"message {stored.message_id} was deleted")
        return await self.press_data(stored.message_id, stored.view().callback_data(button_text))

    async def press_data(self, message: MessageRef, data: str) -> CallbackQuery:
        """Sends a callback query with any data, e.g. a stale or forged one, for the message."""
        self._check_can_write()
        stored = self._stored(message)
        query = CallbackQuery(
            id=self._state.new_query_id(),
            user_id=self.id,
            message_id=stored.message_id,
            data=data,
            created_at=time.monotonic(),
        )
        self._state.callback_queries[query.id] = query
        body = {
            "id": query.id,
            "from": self._chat.user,
            "message": stored.to_api(),
            "chat_instance": str(-self.id),
            "data": data,
        }
        self._chat.record(ChatEvent("user", "press", stored.message_id, data, detail={"query_id": query.id}))
        self._state.add_update("callback_query", body, self.id)
        await asyncio.sleep(0)
        return query

    # What the user sees

    async def next_message(self, timeout: float = 5.0) -> MessageView:  # noqa: ASYNC109 - a plain timeout keyword reads best in tests
        """The next message the bot sent or edited in this chat, as it looked at that moment."""
        chat = self._chat
        await chat.wait_for(lambda: chat.inbox_read < len(chat.inbox), timeout, "new message from the bot")
        view = chat.inbox[chat.inbox_read]
        chat.inbox_read += 1
        return view

    async def expect_no_message(self, within: float = 0.2) -> None:
        """Fails if there is an unread message from the bot, or one arrives within the given time."""
        chat = self._chat
        await chat.changed.wait_until(lambda: len(chat.inbox) > chat.inbox_read, within)
        if len(chat.inbox) > chat.inbox_read:
            raise AssertionError(f"unexpected message from the bot: {chat.inbox[chat.inbox_read]!r}")

    def skip_messages(self) -> None:
        """Marks everything the bot sent so far as read, so next_message waits for a new one."""
        self._chat.inbox_read = len(self._chat.inbox)

    async def wait_until(
        self,
        predicate: Callable[[SimulatedUser], bool],
        timeout: float = 5.0,  # noqa: ASYNC109 - a plain timeout keyword reads best in tests
    ) -> None:
        """Waits until predicate(user) holds, re-checking after every event in this chat."""
        await self._chat.wait_for(lambda: predicate(self), timeout, "state matching the predicate")

    @property
    def messages(self) -> list[MessageView]:
        """Every message the bot sent to this user, in order, as they are now (deleted ones included)."""
        return [message.view() for message in self._chat.bot_messages()]

    @property
    def last_message(self) -> MessageView | None:
        visible = [message for message in self._chat.bot_messages() if not message.deleted]
        return visible[-1].view() if visible else None

    @property
    def chat_log(self) -> list[ChatEvent]:
        """The chat as it happened: the user's and the bot's messages, edits, presses, answers, actions."""
        return list(self._chat.events)

    @property
    def chat_actions(self) -> list[str]:
        return [str(e.text) for e in self._chat.events if e.actor == "bot" and e.kind == "action"]

    def transcript(self) -> str:
        return self._chat.transcript()

    def _stored(self, message: MessageRef) -> StoredMessage:
        message_id = message if isinstance(message, int) else message.message_id
        stored = self._chat.messages.get(message_id)
        if stored is None:
            raise LookupError(f"no message {message_id} in the chat with {self}")
        return stored

    def _check_can_write(self) -> None:
        if self._chat.blocked:
            raise RuntimeError(f"{self} has blocked the bot; call tg.unblock(user) first")


def _command_entities(text: str) -> list[dict[str, Any]]:
    match = BOT_COMMAND.match(text)
    return [{"type": "bot_command", "offset": 0, "length": utf16_length(match.group())}] if match else []
