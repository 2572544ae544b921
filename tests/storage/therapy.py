"""Helpers for the therapist-side contract tests: people, links and homework set up in one call."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from datetime import UTC, date, datetime, time, timedelta
from typing import TypeVar

from bot.storage import ConcurrentUpdate, StorageBusy, Store, UnitOfWork
from bot.storage.records import Assignment, HomeworkItem, Person, Schedule

T = TypeVar("T")

THERAPIST_TG = 5_000_000_001
CLIENT_TG = 2**40 + 7  # beyond 32 bits, as real Telegram ids are


async def person(store: Store, telegram_id: int, *, therapist: bool = False, language: str | None = None) -> Person:
    async with store.transaction() as tx:
        someone = await tx.people.get_or_create(telegram_id)
        if therapist:
            someone = await tx.people.set_role(someone.id, "therapist")
        if language is not None:
            someone = await tx.people.set_language(someone.id, language)
        return someone


async def linked_pair(store: Store, therapist_tg: int = THERAPIST_TG, client_tg: int = CLIENT_TG) -> tuple[int, int]:
    """A therapist and a client linked to them: (therapist id, client id)."""
    therapist = await person(store, therapist_tg, therapist=True)
    client = await person(store, client_tg, language="ru")
    async with store.transaction() as tx:
        await tx.links.link(therapist.id, client.id)
    return therapist.id, client.id


def daily(first: date, times: int, at: time = time(8, 0)) -> list[tuple[date, datetime]]:
    """Occurrences of a daily assignment for a client in UTC."""
    return [
        (first + timedelta(days=n), datetime.combine(first + timedelta(days=n), at, tzinfo=UTC))
        for n in range(times)
    ]


async def assign(
    store: Store, therapist_id: int, client_id: int, first: date, times: int = 1, *,
    flow_id: str = "thought_record", note: str | None = "Три записи до пятницы", at: time = time(8, 0),
) -> tuple[Assignment, list[HomeworkItem]]:
    schedule: Schedule = "once" if times == 1 else "daily"
    async with store.transaction() as tx:
        return await tx.homework.assign(
            therapist_id, client_id, flow_id, schedule, times, first, at, "UTC", note, daily(first, times, at)
        )


async def retrying(store: Store, work: Callable[[UnitOfWork], Awaitable[T]]) -> T:
    """Run `work` in a transaction until it commits, as a caller must."""
    for attempt in range(500):
        try:
            async with store.transaction() as tx:
                result = await work(tx)
        except (ConcurrentUpdate, StorageBusy):
            await asyncio.sleep(0.001 * (attempt % 10))
            continue
        return result
    raise AssertionError("no commit after 500 attempts")
