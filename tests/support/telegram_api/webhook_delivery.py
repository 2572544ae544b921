"""Pushes updates to the webhook like Telegram: one chat's updates in order, a non-2xx answer retried."""

from __future__ import annotations

import asyncio
import contextlib
import time
from dataclasses import dataclass, field
from typing import Any

import aiohttp

from .signals import Signal
from .updates import PendingUpdate, UpdateQueue

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"


@dataclass(frozen=True)
class WebhookConfig:
    url: str
    secret_token: str | None = None
    max_connections: int = 40
    allowed_updates: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class DeliveryAttempt:
    update_id: int
    attempt: int
    status: int | None  # None when the connection failed
    error: str | None = None

    @property
    def succeeded(self) -> bool:
        return self.status is not None and 200 <= self.status <= 299


class WebhookDelivery:
    def __init__(
        self, queue: UpdateQueue, changed: Signal, retry_delay: float, max_attempts: int, timeout: float
    ) -> None:
        self.queue = queue
        self.changed = changed
        self.retry_delay = retry_delay
        self.max_attempts = max_attempts
        self.timeout = timeout
        self.config: WebhookConfig | None = None
        self.attempts: list[DeliveryAttempt] = []
        self.given_up: list[dict[str, Any]] = []  # updates dropped after max_attempts failures
        self.last_error: tuple[int, str] | None = None  # (unix time, message) for getWebhookInfo
        self._workers: dict[int | None, asyncio.Task[None]] = {}
        self._semaphore = asyncio.Semaphore(40)
        self._session: aiohttp.ClientSession | None = None
        queue.listeners.append(self._on_update)

    async def set(self, config: WebhookConfig) -> None:
        await self._stop_workers()
        self.config = config
        self.last_error = None
        self._semaphore = asyncio.Semaphore(config.max_connections)
        for update in self.queue.pending:
            self._ensure_worker(update.chat_key)

    async def delete(self) -> None:
        await self._stop_workers()
        self.config = None

    async def close(self) -> None:
        await self.delete()
        if self._session is not None:
            await self._session.close()
            self._session = None

    def _on_update(self, update: PendingUpdate) -> None:
        if self.config is not None:
            self._ensure_worker(update.chat_key)

    def _ensure_worker(self, chat_key: int | None) -> None:
        if chat_key not in self._workers:
            self._workers[chat_key] = asyncio.create_task(self._work(chat_key), name=f"webhook-{chat_key}")

    async def _stop_workers(self) -> None:
        workers = list(self._workers.values())
        self._workers.clear()
        for worker in workers:
            worker.cancel()
        for worker in workers:
            with contextlib.suppress(asyncio.CancelledError):
                await worker

    async def _work(self, chat_key: int | None) -> None:
        me = asyncio.current_task()
        try:
            while self.config is not None:
                update = next((u for u in self.queue.pending if u.chat_key == chat_key), None)
                if update is None:
                    return
                await self._deliver(update, self.config)
                self.queue.remove(update)
        finally:
            if self._workers.get(chat_key) is me:
                del self._workers[chat_key]

    async def _deliver(self, update: PendingUpdate, config: WebhookConfig) -> None:
        for attempt in range(1, self.max_attempts + 1):
            async with self._semaphore:
                status, error = await self._post(update, config)
            result = DeliveryAttempt(update.update_id, attempt, status, error)
            self.attempts.append(result)
            self.changed.notify()
            if result.succeeded:
                return
            self.last_error = (int(time.time()), error or f"Wrong response from the webhook: {status}")
            await asyncio.sleep(self.retry_delay)
        self.given_up.append(update.payload)
        self.changed.notify()

    async def _post(self, update: PendingUpdate, config: WebhookConfig) -> tuple[int | None, str | None]:
        if self._session is None:
            self._session = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=self.timeout))
        headers = {SECRET_HEADER: config.secret_token} if config.secret_token else {}
        try:
            async with self._session.post(config.url, json=update.payload, headers=headers) as response:
                await response.read()
                return response.status, None
        except (aiohttp.ClientError, TimeoutError, OSError) as exc:
            return None, f"Connection failed: {exc!r}"
