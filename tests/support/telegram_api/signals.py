"""Wake-ups for waiters: whoever waits re-checks its own condition after every change."""

from __future__ import annotations

import asyncio
from collections.abc import Callable


class Signal:
    def __init__(self) -> None:
        self._event = asyncio.Event()

    def notify(self) -> None:
        event, self._event = self._event, asyncio.Event()
        event.set()

    async def wait(self, seconds: float) -> None:
        """Returns at the next change, or when the given seconds have passed."""
        try:
            async with asyncio.timeout(seconds):
                await self._event.wait()
        except TimeoutError:
            return

    async def wait_until(self, condition: Callable[[], bool], seconds: float) -> bool:
        """True once the condition holds; False if it still does not after the given seconds."""
        try:
            async with asyncio.timeout(seconds):
                while not condition():
                    await self._event.wait()
        except TimeoutError:
            return condition()
        return True
