"""An update's whole life: translated, handled under its chat's lock (committed with its update id),
answered, and only then acknowledged — by the next polling offset, or the webhook's 200."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import replace

from telegram import Update
from telegram.error import TelegramError

from bot.conversation.messages import DocumentUpload, Incoming, Reply, RunTimer
from bot.conversation.service import Conversation, TimerElapsed, apology
from bot.log_safety import log_failure
from bot.transport.chat_locks import ChatLocks
from bot.transport.inbound import to_incoming
from bot.transport.sender import Sender
from bot.transport.timers import TimerRunner

log = logging.getLogger(__name__)

MAX_UPLOAD = 256 * 1024  # the flow loader's own limit


class Pipeline:
    def __init__(self, conversation: Conversation, sender: Sender, locks: ChatLocks,
                 clock: Callable[[], float] = time.time) -> None:
        self.conversation = conversation
        self.sender = sender
        self.locks = locks
        self.clock = clock
        self.timers = TimerRunner(conversation.library, sender, self._timer_ended, clock)

    async def process(self, update: Update) -> None:
        """Raises if the update could not be handled, so a webhook answers non-2xx and Telegram retries."""
        incoming = to_incoming(update, self.clock())
        if incoming is None:
            return
        incoming = await self._with_upload(incoming)
        async with self.locks.hold(incoming.chat_id):
            try:
                replies = await self.conversation.handle(incoming)
            except Exception as error:
                log_failure(log, f"update {incoming.update_id} could not be handled", error)
                replies = apology(incoming)
            await self._deliver(incoming.user_id, replies)

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
        async with self.locks.hold(timer.chat_id):
            replies = await self.conversation.timer_elapsed(
                timer.user_id, timer.chat_id, TimerElapsed(timer.session_id, timer.seq), at)
            await self._deliver(timer.user_id, replies)

    async def _deliver(self, user_id: int, replies: list[Reply]) -> None:
        await self.timers.settle(replies)
        message_ids = await self.sender.deliver(user_id, replies)
        self.timers.observe(replies, message_ids)
