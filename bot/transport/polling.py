"""Long polling that loses nothing and keeps no one waiting.

Telegram forgets every update below the `offset` of a getUpdates call, so the offset given is always the oldest
update not yet committed: a crash means Telegram sends it (and those after it) again, and the store's dedup
skips the ones already done. python-telegram-bot's Updater confirms on fetch instead, which can drop answers.

Updates are handed to their chat's queue as they arrive (each chat strictly in order, chats in parallel),
without waiting for the rest of a batch. While some are still being handled, Telegram answers getUpdates at
once with those again; so, while busy, the poller asks at most every `busy_interval` seconds, reads the raw
answer and builds Update objects only for updates it has not seen. After a quarter of a second with nothing
new, that wait grows with the quiet (a quarter of it, up to half a second), so an update that takes long (its
replies waiting out a 429, say) does not have the poller asking Telegram dozens of times a second; anything new
brings the short wait back. When an answer is a full page of updates
it has seen, it cannot see past them until the oldest is done, so it waits for that before asking again.
With nothing in hand it long-polls."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections import deque
from typing import Any

from telegram import Update
from telegram.error import Conflict, NetworkError, RetryAfter, TimedOut

from bot.log_safety import log_failure
from bot.transport.inbound import ALLOWED_UPDATES
from bot.transport.pipeline import Pipeline
from bot.transport.telegram_bot import CbtBot

log = logging.getLogger(__name__)

BUSY_INTERVAL = 0.015  # seconds between getUpdates calls while updates are being handled
QUIET_BEFORE_SLOWING = 0.25  # seconds of answers with nothing new before the busy interval grows
LONGEST_BUSY_INTERVAL = 0.5
PAGE = 100  # Telegram's most updates per getUpdates answer


class Poller:
    def __init__(self, bot: CbtBot, pipeline: Pipeline, timeout: int = 30,
                 busy_interval: float = BUSY_INTERVAL) -> None:
        self.bot = bot
        self.pipeline = pipeline
        self.timeout = timeout
        self.busy_interval = busy_interval
        self._quiet_since: float | None = None  # when answers stopped bringing anything new
        self._next_id: int | None = None  # one above the newest update seen
        self._unfinished: set[int] = set()  # seen, not yet handled: the offset stays at the oldest of them
        self._chats: dict[int | None, deque[Update]] = {}
        self._workers: set[asyncio.Task[None]] = set()
        self._idle = asyncio.Event()  # set when nothing is in hand, so the poller can long-poll at once
        self._moved = asyncio.Event()  # set when the oldest update in hand is done: the offset moves on
        self._page_full = False  # the last answer was a full page, all seen
        self._stopping = asyncio.Event()

    @property
    def offset(self) -> int | None:
        """Every update below this has been handled (None: nothing seen yet)."""
        return min(self._unfinished) if self._unfinished else self._next_id

    def stop(self) -> None:
        self._stopping.set()

    async def run(self) -> None:
        backoff = 1.0
        while not self._stopping.is_set():
            self._moved.clear()  # before asking: the oldest may finish while Telegram answers
            try:
                fresh = await self._fetch()
                backoff = 1.0
            except RetryAfter as error:
                self.pipeline.observer.retry_after(_seconds(error.retry_after))
                await self._pause(_seconds(error.retry_after))
                continue
            except Conflict:
                log.error("another bot instance is polling with this token, or a webhook is set")
                await self._pause(5.0)
                continue
            except (TimedOut, NetworkError) as error:
                log.warning("getUpdates failed (%s); retrying in %.0f s", type(error).__name__, backoff)
                await self._pause(backoff)
                backoff = min(backoff * 2, 30.0)
                continue
            for update in fresh:
                self._dispatch(update)
            if self._unfinished:
                self._idle.clear()
                if self._page_full:
                    await self._pause(self.timeout, self._moved)
                else:
                    await self._pause(self._busy_wait(bool(fresh)), self._idle)
        await self._finish()

    def _busy_wait(self, anything_new: bool) -> float:
        now = time.monotonic()
        if anything_new or self._quiet_since is None:
            self._quiet_since = now
        quiet = now - self._quiet_since
        if quiet < QUIET_BEFORE_SLOWING:
            return self.busy_interval
        return max(self.busy_interval, min(quiet / 4, LONGEST_BUSY_INTERVAL))

    async def _fetch(self) -> list[Update]:
        """The updates Telegram holds from the current offset on that this poller has not seen yet."""
        timeout = 0 if self._unfinished else self.timeout
        fetch = asyncio.ensure_future(self.bot.get_update_dicts(self.offset, timeout, ALLOWED_UPDATES))
        stop = asyncio.ensure_future(self._stopping.wait())
        done, _ = await asyncio.wait({fetch, stop}, return_when=asyncio.FIRST_COMPLETED)
        stop.cancel()
        if fetch not in done:
            fetch.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await fetch
            return []
        return self._fresh(fetch.result())

    def _fresh(self, raw: list[dict[str, Any]]) -> list[Update]:
        fresh: list[Update] = []
        for data in raw:
            update_id = data["update_id"]
            if self._next_id is not None and update_id < self._next_id:
                continue  # in hand already, or handled while an older one still is
            update = Update.de_json(data, self.bot)
            fresh.append(update)
            self._next_id = update_id + 1
        self._page_full = len(raw) >= PAGE and not fresh
        return fresh

    def _dispatch(self, update: Update) -> None:
        self._unfinished.add(update.update_id)
        chat = update.effective_chat.id if update.effective_chat else None
        queue = self._chats.get(chat)
        if queue is not None:
            queue.append(update)  # its worker is running and takes it in turn
            return
        self._chats[chat] = deque([update])
        worker = asyncio.create_task(self._work(chat))
        self._workers.add(worker)
        worker.add_done_callback(self._workers.discard)

    async def _work(self, chat: int | None) -> None:
        queue = self._chats[chat]
        while queue:
            update = queue[0]
            try:
                await self.pipeline.process(update)
            except Exception as error:  # one bad update must not hold back the chat's later ones
                log_failure(log, f"update {update.update_id} failed", error)
            finally:
                queue.popleft()
                oldest = update.update_id == min(self._unfinished)
                self._unfinished.discard(update.update_id)
                if oldest:
                    self._moved.set()
                if not self._unfinished:
                    self._idle.set()
        del self._chats[chat]

    async def _finish(self) -> None:
        """On stop: let what is in hand finish, so that no answer is cut off half sent."""
        if self._workers:
            await asyncio.gather(*self._workers, return_exceptions=True)

    async def _pause(self, seconds: float, until: asyncio.Event | None = None) -> None:
        """Up to `seconds`, ending early on stop or when `until` is set."""
        waits = [asyncio.ensure_future(self._stopping.wait())]
        if until is not None:
            waits.append(asyncio.ensure_future(until.wait()))
        _, pending = await asyncio.wait(waits, timeout=seconds, return_when=asyncio.FIRST_COMPLETED)
        for waiting in pending:
            waiting.cancel()


def _seconds(value: object) -> float:
    total = getattr(value, "total_seconds", None)
    return float(total()) if callable(total) else float(value)  # type: ignore[arg-type]
