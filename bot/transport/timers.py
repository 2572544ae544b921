"""Live count-downs for timer steps: one message edited at most once a second. The display replays the
engine on an in-memory copy of the session; only the end of the timer is committed, through the
conversation, under the chat's lock — so a restart resumes the timer from the stored step time.

However a count-down ends, its message ends without buttons, in a final state that names how: the time
ran out, it was stopped (Stop, /back, /cancel, /pause...), or the bot stopped with it running (after a
restart the count-down goes on in a new message). A final state never repeats a count, so the edit is
never refused as unchanged."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable
from functools import partial

from telegram.error import TelegramError

from bot.conversation.flow_library import FlowLibrary
from bot.conversation.messages import Reply, RunTimer, SessionAt
from bot.conversation.presenter import timer_text
from bot.conversation.texts import ui
from bot.engine.effects import TimerProgress
from bot.engine.events import TimerTick
from bot.engine.session import Session
from bot.transport.sender import ChatUnreachable, Sender

log = logging.getLogger(__name__)

TimerEnd = Callable[[RunTimer, float], Awaitable[None]]


class TimerRunner:
    def __init__(self, library: FlowLibrary, sender: Sender, on_end: TimerEnd,
                 clock: Callable[[], float] = time.time, interval: float = 1.0) -> None:
        self.library = library
        self.sender = sender
        self.on_end = on_end
        self.clock = clock
        self.interval = interval  # Telegram tolerates about one edit per second per chat
        self._tasks: dict[int, tuple[int, asyncio.Task[None]]] = {}  # session id -> (seq, task)
        self._shown: dict[asyncio.Task[None], tuple[RunTimer, int, str]] = {}  # task -> timer, message, language
        self._ending: set[asyncio.Task[None]] = set()  # committing their timer's end: never cancelled

    async def settle(self, replies: list[Reply]) -> None:
        """Before `replies` go out: count-downs whose session has moved on stop, and their messages show
        that they stopped — first, so that no late tick of theirs lands after the replies."""
        for reply in replies:
            if isinstance(reply, SessionAt):
                running = self._tasks.get(reply.session_id)
                if running and (running[0] != reply.seq or reply.status != "active") \
                        and running[1] not in self._ending:
                    await self._stop(reply.session_id, "timer_stopped")

    def observe(self, replies: list[Reply], sent_message_ids: dict[int, int]) -> None:
        """Start count-downs the replies ask for; stop those whose session has moved on."""
        for index, reply in enumerate(replies):
            if isinstance(reply, SessionAt):
                running = self._tasks.get(reply.session_id)
                if running and (running[0] != reply.seq or reply.status != "active"):
                    self.cancel(reply.session_id)
            elif isinstance(reply, RunTimer):
                message_id = sent_message_ids.get(index - 1)
                if message_id is not None:
                    self.start(reply, message_id)

    def start(self, timer: RunTimer, message_id: int) -> None:
        self.cancel(timer.session_id)
        task = asyncio.create_task(self._count_down(timer, message_id), name=f"timer-{timer.session_id}")
        self._tasks[timer.session_id] = (timer.seq, task)
        self._shown[task] = (timer, message_id, Session.from_json(timer.session_json).language)
        task.add_done_callback(partial(self._forget, timer.session_id))

    def cancel(self, session_id: int) -> None:
        entry = self._tasks.pop(session_id, None)
        if entry is not None and entry[1] not in self._ending:
            entry[1].cancel()

    async def stop_all(self) -> None:
        """Count-downs stop, their messages saying so; one that is already committing its end finishes
        first, so no transaction is cut off half-way when the bot shuts down."""
        ending = [task for _, task in self._tasks.values() if task in self._ending]
        await asyncio.gather(*(self._stop(session_id, "timer_interrupted") for session_id in list(self._tasks)),
                             return_exceptions=True)
        self._tasks.clear()
        await asyncio.gather(*ending, return_exceptions=True)

    async def _stop(self, session_id: int, final: str) -> None:
        """Cancels a count-down that is not committing its end, waits for it, and shows `final` in its place."""
        entry = self._tasks.get(session_id)
        if entry is None or entry[1] in self._ending:
            return
        task = entry[1]
        shown = self._shown.get(task)
        self.cancel(session_id)
        await asyncio.gather(task, return_exceptions=True)
        if shown is not None:
            await self._show_final(*shown, final)

    async def _show_final(self, timer: RunTimer, message_id: int, language: str, final: str) -> bool:
        """Shows how the count-down ended; False when the chat refused it (blocked), which is then marked."""
        try:
            await self.sender.edit_text(timer.chat_id, message_id, ui(final, language), ())
        except ChatUnreachable:
            await self.sender.mark_blocked(timer.user_id)
            return False
        except TelegramError as error:
            log.info("a count-down's last edit failed: %s", type(error).__name__)
        return True

    def __len__(self) -> int:
        return len(self._tasks)

    def _forget(self, session_id: int, task: asyncio.Task[None]) -> None:  # a done-callback
        if self._tasks.get(session_id, (0, None))[1] is task:
            del self._tasks[session_id]
        self._shown.pop(task, None)

    async def _count_down(self, timer: RunTimer, message_id: int) -> None:
        engine = self.library.engine(timer.flow_version_id)
        if engine is None:
            return
        replica = Session.from_json(timer.session_json)
        shown = timer.shown_text
        while True:
            now = self.clock()
            progress = [e for e in engine.handle(replica, TimerTick(now)) if isinstance(e, TimerProgress)]
            if not progress:  # the replica moved past the timer: it has run out
                break
            tick = progress[-1]
            text = timer_text(tick.label, tick.phase_remaining, tick.cycle, tick.cycles)
            if text != shown:
                try:
                    await self.sender.edit_text(timer.chat_id, message_id, text, timer.keyboard)
                    shown = text
                except ChatUnreachable:
                    await self.sender.mark_blocked(timer.user_id)
                    return
                except TelegramError as error:
                    log.info("count-down edit failed: %s", type(error).__name__)
            await asyncio.sleep(self.interval)
        task = asyncio.current_task()
        assert task is not None
        self._ending.add(task)
        try:
            # a chat that refused the last edit is not written to again, as when a tick is refused
            if await self._show_final(timer, message_id, replica.language, "timer_done"):
                await self.on_end(timer, self.clock())
        finally:
            self._ending.discard(task)
