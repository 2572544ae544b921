"""The poller: the offset never passes an update still being handled, each update is handled once, each
chat in order while chats run in parallel, and it long-polls only with nothing in hand."""

from __future__ import annotations

import asyncio
from collections import defaultdict
from collections.abc import Sequence
from typing import Any, cast

from telegram import Update

from bot.transport.pipeline import Pipeline
from bot.transport.polling import Poller
from bot.transport.telegram_bot import CbtBot


def _message(update_id: int, chat_id: int, text: str) -> dict[str, Any]:
    user = {"id": chat_id, "is_bot": False, "first_name": "A"}
    return {"update_id": update_id, "message": {"message_id": update_id, "date": 1700000000, "text": text,
                                                "chat": {"id": chat_id, "type": "private", "first_name": "A"},
                                                "from": user}}


class FakeTelegram:
    """getUpdates as Telegram answers it: every update from the offset on that it still holds."""

    def __init__(self) -> None:
        self.held: list[dict[str, Any]] = []
        self.calls: list[tuple[int | None, int]] = []  # (offset, timeout)
        self.arrived = asyncio.Event()
        self.while_answering: Any = None  # called (and awaited) after the page is read, before it is returned

    def send(self, *updates: dict[str, Any]) -> None:
        self.held += updates
        self.arrived.set()

    async def get_update_dicts(self, offset: int | None, timeout: int,  # noqa: ASYNC109 (as CbtBot's)
                               allowed_updates: Sequence[str]) -> list[dict[str, Any]]:
        self.calls.append((offset, timeout))
        if offset is not None:
            self.held = [u for u in self.held if u["update_id"] >= offset]  # confirmed: forgotten
        if not self.held and timeout:
            self.arrived.clear()
            try:
                await asyncio.wait_for(self.arrived.wait(), timeout)
            except TimeoutError:
                return []
        page = self.held[:100]  # Telegram's page
        if self.while_answering is not None:
            await self.while_answering()
        return page


class FakePipeline:
    """Handles an update when the test releases it; records the order per chat."""

    def __init__(self) -> None:
        self.started: list[int] = []
        self.handled: dict[int, list[str]] = defaultdict(list)
        self.gates: dict[int, asyncio.Event] = defaultdict(asyncio.Event)
        self.running = 0
        self.most_at_once = 0

    async def process(self, update: Update) -> None:
        self.started.append(update.update_id)
        self.running += 1
        self.most_at_once = max(self.most_at_once, self.running)
        try:
            await self.gates[update.update_id].wait()
            assert update.effective_chat is not None and update.message is not None
            self.handled[update.effective_chat.id].append(str(update.message.text))
        finally:
            self.running -= 1


async def _until(condition: Any, seconds: float = 2.0) -> None:
    async with asyncio.timeout(seconds):
        while not condition():  # noqa: ASYNC110 (conditions on several objects, not one event)
            await asyncio.sleep(0.005)


def _poller(telegram: FakeTelegram, pipeline: FakePipeline) -> Poller:
    return Poller(cast(CbtBot, telegram), cast(Pipeline, pipeline), timeout=5, busy_interval=0.01)


async def test_the_offset_waits_for_the_oldest_unfinished_update() -> None:
    telegram, pipeline = FakeTelegram(), FakePipeline()
    poller = _poller(telegram, pipeline)
    task = asyncio.create_task(poller.run())
    telegram.send(_message(10, 1, "a"), _message(11, 2, "b"), _message(12, 3, "c"))
    await _until(lambda: len(pipeline.started) == 3)
    pipeline.gates[11].set()
    pipeline.gates[12].set()
    await _until(lambda: len(pipeline.handled) == 2)
    calls_before = len(telegram.calls)
    await _until(lambda: len(telegram.calls) > calls_before + 2)
    assert all(offset == 10 for offset, _ in telegram.calls[calls_before:])  # 10 is still in hand
    assert all(timeout == 0 for _, timeout in telegram.calls[calls_before:])  # busy: no long poll
    pipeline.gates[10].set()
    await _until(lambda: telegram.calls[-1] == (13, 5))  # all done: confirmed, and a long poll again
    poller.stop()
    await task
    assert sorted(pipeline.started) == [10, 11, 12]  # each once, though Telegram sent them again and again


async def test_one_chat_in_order_and_chats_in_parallel() -> None:
    telegram, pipeline = FakeTelegram(), FakePipeline()
    poller = _poller(telegram, pipeline)
    task = asyncio.create_task(poller.run())
    telegram.send(_message(1, 7, "first"), _message(2, 8, "other chat"))
    await _until(lambda: len(pipeline.started) == 2)  # the two chats at once
    telegram.send(_message(3, 7, "second"), _message(4, 7, "third"))
    await asyncio.sleep(0.05)
    assert pipeline.started == [1, 2]  # chat 7's later updates wait for its first
    for update_id in (3, 4):
        pipeline.gates[update_id].set()  # released early: they still run only after 1
    await asyncio.sleep(0.05)
    assert pipeline.handled[7] == []
    pipeline.gates[1].set()
    pipeline.gates[2].set()
    await _until(lambda: len(pipeline.handled[7]) == 3)
    assert pipeline.handled[7] == ["first", "second", "third"]
    assert pipeline.most_at_once == 2
    poller.stop()
    await task


async def test_a_failed_update_does_not_hold_back_its_chat() -> None:
    telegram = FakeTelegram()

    class Failing(FakePipeline):
        async def process(self, update: Update) -> None:
            if update.update_id == 1:
                raise RuntimeError("boom")
            self.gates[update.update_id].set()
            await super().process(update)

    pipeline = Failing()
    poller = _poller(telegram, pipeline)
    task = asyncio.create_task(poller.run())
    telegram.send(_message(1, 7, "breaks"), _message(2, 7, "fine"))
    await _until(lambda: pipeline.handled[7] == ["fine"])
    await _until(lambda: poller.offset == 3)
    poller.stop()
    await task


async def test_stop_lets_updates_in_hand_finish() -> None:
    telegram, pipeline = FakeTelegram(), FakePipeline()
    poller = _poller(telegram, pipeline)
    task = asyncio.create_task(poller.run())
    telegram.send(_message(5, 1, "late"))
    await _until(lambda: pipeline.started == [5])
    poller.stop()
    await asyncio.sleep(0.05)
    assert not task.done()  # waiting for update 5
    pipeline.gates[5].set()
    await asyncio.wait_for(task, 2)
    assert pipeline.handled[1] == ["late"] and poller.offset == 6


async def test_behind_a_full_page_of_updates_in_hand_it_waits_for_the_oldest() -> None:
    """Telegram answers at most 100 updates from the offset: with 100 in hand, asking again shows nothing new
    until the oldest is done, so the poller does not ask."""
    telegram, pipeline = FakeTelegram(), FakePipeline()
    poller = _poller(telegram, pipeline)
    task = asyncio.create_task(poller.run())
    telegram.send(*(_message(n, 1000 + n, f"m{n}") for n in range(1, 102)))  # 101 chats, one update each
    await _until(lambda: len(pipeline.started) == 100)
    await _until(lambda: len(telegram.calls) == 2)  # one more look finds the same full page...
    calls = len(telegram.calls)
    await asyncio.sleep(0.1)  # ...and for ten busy intervals after it, no more
    assert len(telegram.calls) == calls and len(pipeline.started) == 100
    pipeline.gates[50].set()  # not the oldest: the page cannot move
    await asyncio.sleep(0.05)
    assert len(telegram.calls) == calls
    pipeline.gates[1].set()  # the oldest: the offset moves, and the 101st comes into view
    await _until(lambda: 101 in pipeline.started)
    for update_id in range(1, 102):
        pipeline.gates[update_id].set()
    await _until(lambda: poller.offset == 102)
    poller.stop()
    await task


async def test_the_oldest_finishing_while_telegram_answers_is_not_missed() -> None:
    """The second look finds the same full page, but the oldest finished while Telegram was answering it:
    the offset has moved already, so the poller must ask again at once rather than wait for another."""
    telegram, pipeline = FakeTelegram(), FakePipeline()
    poller = _poller(telegram, pipeline)

    async def finish_the_oldest_meanwhile() -> None:
        if len(telegram.calls) == 2:
            pipeline.gates[1].set()
            await _until(lambda: poller.offset == 2)

    telegram.while_answering = finish_the_oldest_meanwhile
    telegram.send(*(_message(n, 1000 + n, f"m{n}") for n in range(1, 102)))
    task = asyncio.create_task(poller.run())
    await _until(lambda: 101 in pipeline.started, seconds=1.0)  # not after the 5 s wait for update 2
    for update_id in range(2, 102):
        pipeline.gates[update_id].set()
    await _until(lambda: poller.offset == 102)
    poller.stop()
    await task


async def test_while_one_update_takes_long_it_asks_telegram_less_and_less_often() -> None:
    """Replies waiting out a 30 s 429 keep their update in hand; the poller must not ask dozens of times a
    second meanwhile (it asked about 58), and still takes in what arrives."""
    telegram, pipeline = FakeTelegram(), FakePipeline()
    poller = _poller(telegram, pipeline)
    task = asyncio.create_task(poller.run())
    telegram.send(_message(10, 1, "stuck"))
    await _until(lambda: pipeline.started == [10])
    await asyncio.sleep(0.5)  # the first quarter second it still asks often: a reply usually takes less
    calls_before = len(telegram.calls)
    await asyncio.sleep(1.5)
    asked = len(telegram.calls) - calls_before
    assert asked <= 15, f"{asked} getUpdates calls in 1.5 s while nothing new came"  # every 10 ms would be 150
    telegram.send(_message(11, 2, "another chat"))
    await _until(lambda: 11 in pipeline.started)
    pipeline.gates[11].set()
    pipeline.gates[10].set()
    await _until(lambda: len(pipeline.handled) == 2)
    poller.stop()
    await task
