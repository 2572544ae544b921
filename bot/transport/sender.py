"""Replies to Telegram API calls, with Telegram's rules: wait out 429s, stop writing to people who blocked
the bot (403), retry network errors with backoff, keep every text under the length limit."""

from __future__ import annotations

import asyncio
import html
import logging
from collections.abc import Awaitable, Callable
from functools import partial
from typing import TypeVar

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, InputFile, Message, WebAppInfo
from telegram.constants import ParseMode
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TelegramError, TimedOut

from bot.conversation.deliveries import Deliveries
from bot.conversation.messages import (
    AnswerCallback,
    CommandMenu,
    EditKeyboard,
    EditMessage,
    Keyboard,
    Notify,
    Reply,
    Send,
    SendDocument,
    SendPhoto,
    SendRecording,
)
from bot.ops.observer import NOOP, Observer
from bot.storage import Storage
from bot.transport.commands import remove_therapist_menu, set_therapist_menu
from bot.transport.recordings import Recordings
from bot.transport.splitting import split_html
from bot.transport.telegram_bot import CbtBot

log = logging.getLogger(__name__)
T = TypeVar("T")

MAX_TRIES = 4
MAX_RETRY_AFTER = 60.0


class ChatUnreachable(Exception):  # noqa: N818 (the name says what happened)
    """Telegram answered 403 for this chat: blocked, or never started. Stop sending to it."""


def markup(keyboard: Keyboard) -> InlineKeyboardMarkup | None:
    if not keyboard:
        return None
    return InlineKeyboardMarkup([[InlineKeyboardButton(b.label, web_app=WebAppInfo(b.web_app)) if b.web_app
                                  else InlineKeyboardButton(b.label, callback_data=b.data) for b in row]
                                 for row in keyboard])


class Sender:
    def __init__(self, bot: CbtBot, storage: Storage, deliveries: Deliveries,
                 sleep: Callable[[float], Awaitable[None]] = asyncio.sleep, observer: Observer = NOOP,
                 recordings: Recordings | None = None):
        self.bot = bot
        self.recordings = recordings or Recordings(())
        self.observer = observer
        self.storage = storage
        self.deliveries = deliveries
        self._sleep = sleep

    async def deliver(self, user_id: int, replies: list[Reply]) -> dict[int, int]:
        """Send the replies in order; returns the message id of each Send, by its index in `replies`.
        A button press's answer is no message in the chat, so it goes out alongside the messages rather
        than before them: the next question arrives a round trip to Telegram sooner."""
        sent: dict[int, int] = {}
        answers: list[asyncio.Task[None]] = []
        try:
            for index, reply in enumerate(replies):
                if isinstance(reply, AnswerCallback):
                    answers.append(asyncio.create_task(self._answer_quietly(reply)))
                    continue
                try:
                    message = await self._deliver_one(reply)
                except ChatUnreachable:
                    raise
                except TelegramError as error:
                    # Telegram's description may quote the text it refused: log the kind, not the words.
                    log.warning("a %s was refused: %s", type(reply).__name__, type(error).__name__)
                    continue
                if message is not None:
                    sent[index] = message
                if isinstance(reply, Send) and reply.confirms_seq:
                    self.deliveries.confirm(*reply.confirms_seq)
        except ChatUnreachable:
            await self.mark_blocked(user_id)
        finally:
            if answers:
                await asyncio.gather(*answers)
        return sent

    async def _answer_quietly(self, reply: AnswerCallback) -> None:
        try:
            await self._answer(reply)
        except (TelegramError, ChatUnreachable) as error:
            log.warning("a callback query was not answered: %s", type(error).__name__)

    async def _deliver_one(self, reply: Reply) -> int | None:
        if isinstance(reply, Notify):
            await self._notify(reply)
        elif isinstance(reply, Send):
            return await self._send(reply)
        elif isinstance(reply, EditKeyboard):
            await self._edit_keyboard(reply)
        elif isinstance(reply, EditMessage):
            await self.edit_text(reply.chat_id, reply.message_id, reply.text, reply.keyboard)
        elif isinstance(reply, SendRecording):
            return await self._send_recording(reply)
        elif isinstance(reply, SendDocument):
            await self.call(partial(self.bot.send_document, reply.chat_id,
                                    InputFile(reply.content, filename=reply.file_name),
                                    caption=reply.caption or None, parse_mode=ParseMode.HTML))
        elif isinstance(reply, CommandMenu):
            await self.call(partial(set_therapist_menu if reply.therapist else remove_therapist_menu, self.bot,
                                    reply.chat_id))
        elif isinstance(reply, SendPhoto):
            await self.call(partial(self.bot.send_photo, reply.chat_id,
                                    InputFile(reply.content, filename="progress.png"),
                                    caption=reply.caption or None, parse_mode=ParseMode.HTML))
        return None

    async def _notify(self, reply: Notify) -> None:
        """Someone else than the writer: if they blocked the bot, mark them, not the writer."""
        try:
            for part in split_html(reply.text):
                await self.call(partial(self.bot.send_message, reply.telegram_id, part, parse_mode=ParseMode.HTML))
        except ChatUnreachable:
            await self.mark_blocked(reply.telegram_id)
        except TelegramError as error:
            log.warning("notification not sent: %s", type(error).__name__)

    async def download(self, file_id: str) -> bytes:
        file = await self.call(partial(self.bot.get_file, file_id))
        return bytes(await self.call(file.download_as_bytearray))

    async def _send(self, reply: Send) -> int:
        parts = split_html(reply.text)
        message_id: int | None = None
        for number, part in enumerate(parts, 1):
            keyboard = reply.keyboard if number == len(parts) else ()
            message_id = await self.call(partial(self.bot.send_html, reply.chat_id, part, keyboard))
        assert message_id is not None
        return message_id

    async def _send_recording(self, reply: SendRecording) -> int:
        """The file's cached file_id, else an upload; a file missing from the media folders (it was there when
        the flows loaded) becomes its title, so the exercise goes on."""
        path = self.recordings.find(reply.file)
        if path is None:
            log.warning("recording %s is not in the media folders: its title was sent instead", reply.file)
            return await self._send(Send(reply.chat_id, "🎧 " + html.escape(reply.title, quote=False)))
        key = self.recordings.key(path, reply.send_as)
        cached = self.recordings.file_id(key)
        if cached is not None:
            try:
                return (await self.call(partial(self._recording_call, reply, cached))).message_id
            except BadRequest:  # a file_id Telegram no longer knows (another bot's, or expired): upload again
                self.recordings.forget(key)
        content = await asyncio.to_thread(path.read_bytes)
        message = await self.call(partial(self._recording_call, reply, InputFile(content, filename=path.name)))
        sent = message.voice if reply.send_as == "voice" else message.audio
        if sent is not None:
            self.recordings.remember(key, sent.file_id)
        return message.message_id

    def _recording_call(self, reply: SendRecording, file: InputFile | str) -> Awaitable[Message]:
        caption = reply.title[:1024]
        if reply.send_as == "voice":
            return self.bot.send_voice(reply.chat_id, file, caption=caption)
        return self.bot.send_audio(reply.chat_id, file, caption=caption, title=reply.title[:64])

    async def _edit_keyboard(self, reply: EditKeyboard) -> None:
        try:
            await self.call(lambda: self.bot.edit_message_reply_markup(
                reply.chat_id, reply.message_id, reply_markup=markup(reply.keyboard)))
        except BadRequest as error:
            if "not modified" not in error.message:
                raise

    async def _answer(self, reply: AnswerCallback) -> None:
        try:
            await self.call(lambda: self.bot.answer_callback_query(reply.callback_id, text=reply.text))
        except BadRequest as error:  # a query older than Telegram keeps: nothing more to do
            log.info("callback query not answered: %s", error.message)

    async def edit_text(self, chat_id: int, message_id: int, text: str, keyboard: Keyboard) -> None:
        try:
            await self.call(lambda: self.bot.edit_message_text(
                text, chat_id, message_id, parse_mode=ParseMode.HTML, reply_markup=markup(keyboard)))
        except BadRequest as error:
            if "not modified" not in error.message:
                raise

    async def call(self, request: Callable[[], Awaitable[T]]) -> T:
        for attempt in range(1, MAX_TRIES + 1):
            try:
                return await request()
            except RetryAfter as error:
                wait = error.retry_after
                seconds = wait.total_seconds() if hasattr(wait, "total_seconds") else float(wait)
                if attempt == MAX_TRIES or seconds > MAX_RETRY_AFTER:
                    raise
                self.observer.retry_after(seconds)
                await self._sleep(seconds)
            except Forbidden as error:
                raise ChatUnreachable(error.message) from error
            except (TimedOut, NetworkError) as error:
                if isinstance(error, BadRequest) or attempt == MAX_TRIES:
                    raise
                await self._sleep(0.5 * 2 ** (attempt - 1))
        raise AssertionError("unreachable")

    async def mark_blocked(self, user_id: int) -> None:
        async with self.storage.transaction() as tx:
            person = await tx.people.find_by_telegram_id(user_id)
            if person is not None:
                await tx.people.mark_blocked(person.id)
