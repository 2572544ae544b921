"""Sign-in attempts per address: at most `limit` in a sliding `window`. In memory (one process serves the
dashboard); a restart forgets, which a 256-bit token or a signed initData does not need more than."""

from __future__ import annotations

from collections import deque
from collections.abc import Callable


class SignInLimiter:
    def __init__(self, clock: Callable[[], float], limit: int = 10, window: float = 300.0,
                 max_keys: int = 10_000) -> None:
        self._clock = clock
        self._limit = limit
        self._window = window
        self._max_keys = max_keys
        self._attempts: dict[str, deque[float]] = {}

    def allow(self, key: str) -> bool:
        """Counts an attempt from `key`; False once it has made `limit` in the window."""
        now = self._clock()
        if len(self._attempts) >= self._max_keys and key not in self._attempts:
            self._forget_old(now)
        times = self._attempts.setdefault(key, deque())
        while times and times[0] <= now - self._window:
            times.popleft()
        if len(times) >= self._limit:
            return False
        times.append(now)
        return True

    def _forget_old(self, now: float) -> None:
        for key in [k for k, v in self._attempts.items() if not v or v[-1] <= now - self._window]:
            del self._attempts[key]
        if len(self._attempts) >= self._max_keys:  # a flood of addresses: the oldest go
            self._attempts.clear()
