"""A rate limiter for bulk sending: Telegram accepts about 30 messages a second from one bot.

A plain token bucket of 30 tokens refilled at 30 a second lets 59 messages into one second (a full bucket,
then the refill). So this bucket also remembers when its last `rate` tokens were spent and hands out no
token less than `period` after the one `rate` before it: in no window of `period` do more than `rate` pass,
whatever the burst. `burst` below `rate` smooths further (burst=1 spaces messages evenly).
"""

from __future__ import annotations

import asyncio
import time
from collections import deque
from collections.abc import Awaitable, Callable

MonotonicClock = Callable[[], float]
Sleep = Callable[[float], Awaitable[None]]

_ROUNDING = 1e-9  # a token this close to whole is whole: float refill arithmetic must not spin


class RateLimiter:
    """`await limiter.acquire()` before each message. Fair: waiters go first come, first served."""

    def __init__(
        self,
        rate: int = 30,
        period: float = 1.0,
        *,
        burst: int | None = None,
        clock: MonotonicClock = time.monotonic,
        sleep: Sleep = asyncio.sleep,
    ) -> None:
        burst = rate if burst is None else burst
        if rate < 1 or period <= 0:
            raise ValueError(f"the rate must be at least 1 per a positive period, not {rate} per {period}")
        if not 1 <= burst <= rate:
            raise ValueError(f"the burst must be from 1 to the rate ({rate}), not {burst}")
        self.rate, self.period, self.burst = rate, period, burst
        self._clock, self._sleep = clock, sleep
        self._tokens = float(burst)
        self._refilled_at = clock()
        self._spent: deque[float] = deque(maxlen=rate)  # when the last `rate` tokens were handed out
        self._turn = asyncio.Lock()

    async def acquire(self) -> None:
        """Wait until one more message may go, and count it as gone."""
        async with self._turn:
            while (wait := self._wait(self._clock())) > 0:
                await self._sleep(wait)
            now = self._clock()
            self._tokens -= 1
            self._spent.append(now)

    def _wait(self, now: float) -> float:
        """Seconds until a token is free at `now` (0 if one is), after refilling the bucket."""
        self._tokens = min(self.burst, self._tokens + (now - self._refilled_at) * self.rate / self.period)
        self._refilled_at = now
        bucket_wait = 0.0 if self._tokens >= 1 - _ROUNDING else (1 - self._tokens) * self.period / self.rate
        window_wait = 0.0
        if len(self._spent) == self.rate:
            window_wait = max(0.0, self._spent[0] + self.period - now)
        return max(bucket_wait, window_wait)


def busiest_window(times: list[float], period: float = 1.0) -> int:
    """The most of `times` (sorted) that fall in any one window [t, t + period): the peak rate."""
    peak, first = 0, 0
    for last, at in enumerate(times):
        while times[first] + period <= at:
            first += 1
        peak = max(peak, last - first + 1)
    return peak
