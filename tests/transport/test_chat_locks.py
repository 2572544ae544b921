"""One chat at a time, many chats at once, and no lock left behind."""

from __future__ import annotations

import asyncio

from bot.transport.chat_locks import ChatLocks


async def test_one_chat_runs_in_order_and_other_chats_in_parallel() -> None:
    locks = ChatLocks()
    log: list[str] = []

    async def work(chat: int, name: str, pause: float) -> None:
        async with locks.hold(chat):
            log.append(f"start {name}")
            await asyncio.sleep(pause)
            log.append(f"end {name}")

    await asyncio.gather(work(1, "a1", 0.05), work(1, "a2", 0), work(2, "b1", 0.01))
    assert log.index("end a1") < log.index("start a2"), "chat 1 is sequential"
    assert log.index("start b1") < log.index("end a1"), "chat 2 did not wait for chat 1"
    assert len(locks) == 0, "locks of idle chats are forgotten"


async def test_waiters_get_the_lock_in_arrival_order() -> None:
    locks = ChatLocks()
    order: list[int] = []

    async def work(n: int) -> None:
        async with locks.hold(7):
            order.append(n)
            await asyncio.sleep(0)

    await asyncio.gather(*(work(n) for n in range(20)))
    assert order == list(range(20))
