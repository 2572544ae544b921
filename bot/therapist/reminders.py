"""The reminder dispatcher: sends due homework reminders, each once, from any number of bot processes.

Reminders live in the database, not in a job queue in memory: every round claims a batch of due ones in
one transaction (the claim is a lease: no other process gets them until it runs out), sends each through
the rate limiter, and marks each sent in a short transaction of its own right after it went out.

    sent           -> marked sent
    unreachable    -> marked sent too (the client blocked the bot or never started it: 403), and the client
                      marked blocked, so it is not tried again and again
    failed         -> left claimed: another round retries it once the lease has run out

A process that dies between claiming and sending loses nothing: its claims run out and another process
sends them. One that dies between sending and marking sends that one reminder again after the lease: at
least once, never lost. Sending stops halfway through the lease, so a slow batch never overlaps its
claims' expiry (which would let another process send the same reminders).
"""

from __future__ import annotations

import asyncio
import contextlib
import enum
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Generic, TypeVar

from bot.log_safety import log_failure
from bot.ops.observer import NOOP, Observer
from bot.storage.errors import StorageBusy, StorageError
from bot.storage.ports import Storage, UnitOfWork
from bot.storage.records import DueReminder
from bot.storage.timestamps import Clock
from bot.therapist.rate_limit import RateLimiter

log = logging.getLogger(__name__)

_MARK_ATTEMPTS = 3


class SendResult(enum.Enum):
    SENT = "sent"
    UNREACHABLE = "unreachable"  # Telegram said 403: blocked, or never started; do not try again
    FAILED = "failed"  # anything transient (network, 429, 5xx): try again after the lease


T = TypeVar("T")
Send = Callable[[DueReminder], Awaitable[SendResult]]


@dataclass(frozen=True, slots=True)
class Round:
    """What one round did."""

    claimed: int
    sent: int
    unreachable: int
    failed: int
    left: int  # claimed but not tried, because half the lease had passed
    claim_seconds: float = 0.0  # wall time of the claiming transaction
    mark_seconds: float = 0.0  # wall time of the marking transactions, together


class ClaimingDispatcher(Generic[T]):
    """Claim a batch, send each through the rate limiter, mark each sent: the machinery above, for anything
    claimed with a lease (homework reminders; the therapist's digests and missed-item notices)."""

    what = "message"
    kind = "message"  # the metrics label (bot/ops): a short fixed name

    def __init__(
        self,
        storage: Storage,
        send: Callable[[T], Awaitable[SendResult]],
        clock: Clock,
        limiter: RateLimiter,
        batch: int = 100,
        lease: timedelta = timedelta(minutes=5),
        *,
        observer: Observer = NOOP,
    ) -> None:
        self._observer = observer
        if batch < 1 or lease <= timedelta(0):
            raise ValueError(f"the batch must be at least 1 and the lease positive, not {batch} and {lease}")
        self._storage, self._send, self._clock, self._limiter = storage, send, clock, limiter
        self._batch, self._lease = batch, lease

    async def run_once(self) -> int:
        """Claim one batch of due reminders and send them; the number sent."""
        return (await self.run_round()).sent

    async def run_round(self) -> Round:
        """Like run_once, with the whole account."""
        deadline = self._clock() + self._lease / 2
        started = time.perf_counter()
        async with self._storage.transaction() as tx:
            due = await self._claim(tx, self._batch, self._lease)
        claim_seconds, mark_seconds = time.perf_counter() - started, 0.0
        for _ in due:
            self._observer.dispatched(self.kind, "due")
        results: list[SendResult] = []
        for reminder in due:
            await self._limiter.acquire()
            if self._clock() >= deadline:
                log.warning("half the lease passed; leaving %d claimed %ss to a later round",
                            len(due) - len(results), self.what)
                break
            result = await self._deliver(reminder)
            results.append(result)
            self._observer.dispatched(self.kind, result.value, self._late_by(reminder))
            if result is not SendResult.FAILED:
                started = time.perf_counter()
                await self._settle(reminder, result)
                mark_seconds += time.perf_counter() - started
        return Round(
            claimed=len(due),
            sent=results.count(SendResult.SENT),
            unreachable=results.count(SendResult.UNREACHABLE),
            failed=results.count(SendResult.FAILED),
            left=len(due) - len(results),
            claim_seconds=claim_seconds,
            mark_seconds=mark_seconds,
        )

    async def run(self, stop: asyncio.Event, interval: float = 20.0) -> None:
        """Rounds until `stop` is set: straight on while batches come back full, else every `interval` s."""
        while not stop.is_set():
            full = False
            try:
                done = await self.run_round()
                full = done.claimed == self._batch and done.left == 0
            except Exception as error:
                log_failure(log, f"a {self.what} round failed; trying again in {interval} s", error)
            if not full:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(stop.wait(), interval)

    async def _claim(self, tx: UnitOfWork, batch: int, lease: timedelta) -> list[T]:
        raise NotImplementedError

    async def _mark(self, tx: UnitOfWork, item: T, result: SendResult) -> None:
        """Marks `item` sent (or, unreachable, done with) in `tx`."""
        raise NotImplementedError

    def _name(self, item: T) -> str:
        raise NotImplementedError

    def _due_at(self, item: T) -> datetime | None:
        """When the item was due to go out, if known (for the lateness the metrics count)."""
        return None

    def _late_by(self, item: T) -> float | None:
        due = self._due_at(item)
        return None if due is None else (self._clock() - due).total_seconds()

    async def _deliver(self, item: T) -> SendResult:
        try:
            return await self._send(item)
        except Exception as error:
            log_failure(log, f"sending the {self.what} for {self._name(item)} failed", error)
            return SendResult.FAILED

    async def _settle(self, item: T, result: SendResult) -> None:
        """Mark the item sent; a busy database is tried again."""
        for attempt in range(1, _MARK_ATTEMPTS + 1):
            try:
                async with self._storage.transaction() as tx:
                    await self._mark(tx, item, result)
                return
            except StorageBusy:
                if attempt < _MARK_ATTEMPTS:
                    await asyncio.sleep(0.05 * attempt)
                    continue
                log.exception("the %s for %s was sent but could not be marked so; it will be sent again after "
                              "the lease", self.what, self._name(item))
            except StorageError:
                log.exception("the %s for %s was sent but could not be marked so", self.what, self._name(item))
            return


class ReminderDispatcher(ClaimingDispatcher[DueReminder]):
    """Homework reminders; an unreachable client is marked blocked."""

    what = "reminder"
    kind = "reminder"

    async def _claim(self, tx: UnitOfWork, batch: int, lease: timedelta) -> list[DueReminder]:
        return await tx.homework.claim_due_reminders(batch, lease)

    async def _mark(self, tx: UnitOfWork, item: DueReminder, result: SendResult) -> None:
        await tx.homework.reminder_sent(item.item_id)
        if result is SendResult.UNREACHABLE:
            await tx.people.mark_blocked(item.client_id)

    def _name(self, item: DueReminder) -> str:
        return f"homework item {item.item_id}"

    def _due_at(self, item: DueReminder) -> datetime | None:
        return item.remind_at
