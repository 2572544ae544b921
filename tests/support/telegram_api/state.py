"""Everything the stand-in knows: the bot, its chats, updates, callback queries, files and the calls made."""

from __future__ import annotations

import hashlib
import itertools
import time
from dataclasses import dataclass, field
from typing import Any

from .chats import Chat
from .errors import BOT_BLOCKED, CANT_INITIATE, CHAT_NOT_FOUND, bad_request, forbidden
from .faults import FaultPlan
from .messages import StoredMessage, UploadedFile
from .signals import Signal
from .updates import UpdateQueue
from .validation import UploadPart
from .webhook_delivery import WebhookDelivery


@dataclass(frozen=True)
class ApiCall:
    """One request the bot made, as the stand-in received and answered it."""

    method: str
    params: dict[str, Any]
    status: int
    description: str | None = None
    at: float = field(default_factory=time.monotonic)  # when the stand-in answered

    @property
    def ok(self) -> bool:
        return self.status == 200


@dataclass
class CallbackQuery:
    id: str
    user_id: int
    message_id: int | None
    data: str
    created_at: float  # time.monotonic()
    answered: bool = False
    answer: dict[str, Any] = field(default_factory=dict)  # text, show_alert, url, cache_time as given


@dataclass(frozen=True)
class StandInOptions:
    token: str = "123456:TEST-stand-in-token"
    bot_username: str = "stand_in_bot"
    bot_first_name: str = "Stand-in Bot"
    first_update_id: int = 1
    callback_query_ttl: float = 15.0  # seconds after which Telegram refuses to answer a query
    webhook_retry_delay: float = 0.05
    webhook_max_attempts: int = 5
    webhook_timeout: float = 10.0


class StandInState:
    def __init__(self, options: StandInOptions) -> None:
        self.options = options
        self.token = options.token
        self.bot_user: dict[str, Any] = {
            "id": int(options.token.split(":", 1)[0]),
            "is_bot": True,
            "first_name": options.bot_first_name,
            "username": options.bot_username,
        }
        self.chats: dict[int, Chat] = {}
        self.changed = Signal()  # any call, update or delivery: for the stand-in's own wait_until
        self.updates = UpdateQueue(options.first_update_id)
        self.webhook = WebhookDelivery(
            self.updates,
            self.changed,
            options.webhook_retry_delay,
            options.webhook_max_attempts,
            options.webhook_timeout,
        )
        self.callback_queries: dict[str, CallbackQuery] = {}
        self.commands: dict[tuple[str, str], list[dict[str, Any]]] = {}
        self.menu_buttons: dict[int | None, dict[str, Any]] = {}
        self.files: dict[str, UploadedFile] = {}
        self.calls: list[ApiCall] = []
        self.faults = FaultPlan()
        self.poll_generation = 0
        self.closing = False
        self._ids = itertools.count(1)

    @staticmethod
    def now() -> int:
        return int(time.time())

    def record_call(self, call: ApiCall) -> None:
        self.calls.append(call)
        self.changed.notify()

    def chat(self, chat_id: int | str) -> Chat:
        try:
            return self.chats[int(chat_id)]
        except (KeyError, ValueError):
            # A private chat can't be addressed by @username, and the bot knows no other chats.
            raise bad_request(CHAT_NOT_FOUND) from None

    def writable_chat(self, chat_id: int | str) -> Chat:
        chat = self.chat(chat_id)
        if chat.blocked:
            raise forbidden(BOT_BLOCKED)
        if not chat.started:
            raise forbidden(CANT_INITIATE)
        return chat

    def bot_message(self, chat: Chat, message_id: int | None) -> StoredMessage | None:
        message = chat.messages.get(message_id) if message_id is not None else None
        return None if message is None or message.deleted else message

    def add_update(self, kind: str, body: dict[str, Any], chat_key: int | None) -> None:
        self.updates.add(kind, body, chat_key)
        self.changed.notify()

    def new_query_id(self) -> str:
        return str(4_000_000_000_000_000 + next(self._ids))

    def store_file(self, part: UploadPart, folder: str) -> UploadedFile:
        if not part.content:
            raise bad_request("file must be non-empty")
        number = next(self._ids)
        digest = hashlib.sha256(part.content).hexdigest()
        extension = part.filename.rsplit(".", 1)[-1] if "." in part.filename else "bin"
        file = UploadedFile(
            file_id=f"BQAC-{folder}-{number}-{digest[:16]}",
            file_unique_id=f"AgAD{digest[:12]}",
            file_path=f"{folder}/file_{number}.{extension}",
            filename=part.filename or None,
            mime_type=part.content_type or None,
            content=part.content,
        )
        self.files[file.file_id] = file
        return file

    def file_input(self, value: UploadPart | str, folder: str) -> UploadedFile:
        """A file parameter: a fresh upload, or the file_id of one sent before."""
        if isinstance(value, UploadPart):
            return self.store_file(value, folder)
        if value in self.files:
            return self.files[value]
        if value.startswith(("http://", "https://")):
            raise bad_request("failed to get HTTP URL content")
        raise bad_request("wrong file identifier/HTTP URL specified")
