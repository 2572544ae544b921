"""Long polling that loses nothing: a batch's offset is confirmed only after every update in it has been
committed, so a crash mid-batch means Telegram sends those updates again (and dedup skips the done ones).
python-telegram-bot's Updater confirms on fetch instead, which can drop answers on a crash."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections import defaultdict

from telegram import Bot, Update
from telegram.error import Conflict, NetworkError, RetryAfter, TimedOut

from bot.log_safety import log_failure
from bot.transport.inbound import ALLOWED_UPDATES
from bot.transport.pipeline import Pipeline

log = logging.getLogger(__name__)


class Poller:
    def __init__(self, bot: Bot, pipeline: Pipeline, timeout: int = 30) -> None:
        self.bot = bot
        self.pipeline = pipeline
        self.timeout = timeout
        self.offset: int | None = None
        self._stopping = asyncio.Event()

    def stop(self) -> None:
        self._stopping.set()

    async def run(self) -> None:
        backoff = 1.0
        while not self._stopping.is_set():
            try:
                updates = await self._fetch()
                backoff = 1.0
            except RetryAfter as error:
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
            if updates:
                await self._process_batch(updates)
                self.offset = updates[-1].update_id + 1

    async def _fetch(self) -> tuple[Update, ...]:
        fetch = asyncio.ensure_future(self.bot.get_updates(
            offset=self.offset, timeout=self.timeout, allowed_updates=ALLOWED_UPDATES))
        stop = asyncio.ensure_future(self._stopping.wait())
        done, _ = await asyncio.wait({fetch, stop}, return_when=asyncio.FIRST_COMPLETED)
        if fetch not in done:
            fetch.cancel()
            stop.cancel()
            return ()
        stop.cancel()
        return fetch.result()

    async def _process_batch(self, updates: tuple[Update, ...]) -> None:
        by_chat: dict[int | None, list[Update]] = defaultdict(list)
        for update in updates:
            by_chat[update.effective_chat.id if update.effective_chat else None].append(update)
        results = await asyncio.gather(*(self._in_order(batch) for batch in by_chat.values()),
                                       return_exceptions=True)
        for result in results:
            if isinstance(result, BaseException):
                log_failure(log, "an update failed", result)

    async def _in_order(self, updates: list[Update]) -> None:
        for update in updates:
            try:
                await self.pipeline.process(update)
            except Exception as error:  # one bad update must not hold back the chat's later ones
                log_failure(log, f"update {update.update_id} failed", error)

    async def _pause(self, seconds: float) -> None:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._stopping.wait(), timeout=seconds)


def _seconds(value: object) -> float:
    total = getattr(value, "total_seconds", None)
    return float(total()) if callable(total) else float(value)  # type: ignore[arg-type]
