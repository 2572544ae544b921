"""An update's whole life: translated, handled under its chat's lock (committed with its update id),
answered, and only then acknowledged — by the next polling offset, or the webhook's 200."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import replace

from telegram import Update
from telegram.error import TelegramError

from bot.conversation.messages import (
    ButtonPress,
    Command,
    DocumentUpload,
    Incoming,
    Payload,
    Reply,
    RunTimer,
    TextMessage,
)
from bot.conversation.service import Conversation, TimerElapsed, apology
from bot.log_safety import log_failure
from bot.ops.logs import request_scope
from bot.ops.observer import NOOP, Observer
from bot.transport.chat_locks import ChatLocks
from bot.transport.inbound import to_incoming
from bot.transport.sender import Sender
from bot.transport.timers import TimerRunner

log = logging.getLogger(__name__)

MAX_UPLOAD = 256 * 1024  # the flow loader's own limit


class Pipeline:
    def __init__(self, conversation: Conversation, sender: Sender, locks: ChatLocks,
                 clock: Callable[[], float] = time.time, observer: Observer = NOOP) -> None:
        self.conversation = conversation
        self.observer = observer
        self.sender = sender
        self.locks = locks
        self.clock = clock
        self.timers = TimerRunner(conversation.library, sender, self._timer_ended, clock)

    async def process(self, update: Update) -> None:
        """Raises if the update could not be handled, so a webhook answers non-2xx and Telegram retries.
        Runs under a request id of its own (bot/ops/logs.py), and tells the observer its kind and time."""
        with request_scope():
            started = time.perf_counter()
            incoming = to_incoming(update, self.clock())
            if incoming is None:
                self.observer.update_handled("ignored", "ignored", time.perf_counter() - started)
                return
            kind, outcome = update_kind(incoming.payload), "failed"
            try:
                incoming = await self._with_upload(incoming)
                async with self.locks.hold(incoming.chat_id):
                    handled = "handled"
                    try:
                        replies = await self.conversation.handle(incoming)
                    except Exception as error:
                        log_failure(log, f"update {incoming.update_id} could not be handled", error)
                        replies, handled = apology(incoming), "apologised"
                    await self._deliver(incoming.user_id, replies)
                    outcome = handled  # only once the replies went out: a raise leaves it "failed"
            finally:
                self.observer.update_handled(kind, outcome, time.perf_counter() - started)

    async def _with_upload(self, incoming: Incoming) -> Incoming:
        """A small YAML file is downloaded here, so the conversation never needs Telegram to read it."""
        upload = incoming.payload
        if not isinstance(upload, DocumentUpload) or not upload.file_id:
            return incoming
        if upload.size > MAX_UPLOAD or not upload.file_name.lower().endswith((".yaml", ".yml")):
            return incoming
        try:
            content = await self.sender.download(upload.file_id)
        except TelegramError as error:
            log.warning("upload not downloaded: %s", type(error).__name__)
            return incoming
        return replace(incoming, payload=replace(upload, content=content))

    async def recover(self) -> None:
        """After a restart: repeat questions that were saved but never sent, and resume running timers."""
        for user_id, chat_id, replies in await self.conversation.recover(self.clock()):
            async with self.locks.hold(chat_id):
                await self._deliver(user_id, replies)

    async def _timer_ended(self, timer: RunTimer, at: float) -> None:
        with request_scope():
            started, outcome = time.perf_counter(), "failed"
            try:
                async with self.locks.hold(timer.chat_id):
                    replies = await self.conversation.timer_elapsed(
                        timer.user_id, timer.chat_id, TimerElapsed(timer.session_id, timer.seq), at)
                    await self._deliver(timer.user_id, replies)
                outcome = "handled"
            finally:
                self.observer.update_handled("timer", outcome, time.perf_counter() - started)

    async def _deliver(self, user_id: int, replies: list[Reply]) -> None:
        await self.timers.settle(replies)
        message_ids = await self.sender.deliver(user_id, replies)
        self.timers.observe(replies, message_ids)


def update_kind(payload: Payload) -> str:
    """A metrics label from a fixed set: what arrived, never what it said (nor which command)."""
    if isinstance(payload, TextMessage):
        return "edited_text" if payload.edited else "text"
    if isinstance(payload, Command):
        return "command"
    if isinstance(payload, ButtonPress):
        return "button"
    if isinstance(payload, DocumentUpload):
        return "document"
    return "other"
