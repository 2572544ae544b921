"""The limiter keeps any one-second window at or under 30 messages, on a fake clock."""

from __future__ import annotations

import asyncio
import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.therapist.rate_limit import RateLimiter, busiest_window


class FakeTime:
    """A monotonic clock that only sleeping moves; sleeping still yields to the event loop."""

    def __init__(self, start: float = 1000.0) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.now += max(0.0, seconds)
        await asyncio.sleep(0)


def limiter(fake: FakeTime, **options: int) -> RateLimiter:
    return RateLimiter(clock=fake, sleep=fake.sleep, **options)


async def send_times(gate: RateLimiter, fake: FakeTime, count: int) -> list[float]:
    times = []
    for _ in range(count):
        await gate.acquire()
        times.append(fake.now)
    return times


class TestBusiestWindow:
    def test_counts_a_half_open_window(self) -> None:
        assert busiest_window([0.0, 0.5, 1.0, 1.5]) == 2
        assert busiest_window([0.0, 0.1, 0.2, 0.99]) == 4
        assert busiest_window([]) == 0


class TestDefaults:
    async def test_a_burst_of_thirty_goes_at_once_and_the_next_waits_a_second(self) -> None:
        fake = FakeTime()
        times = await send_times(limiter(fake), fake, 31)
        assert times[:30] == [1000.0] * 30
        assert times[30] == pytest.approx(1001.0)

    async def test_a_thousand_messages_never_exceed_thirty_in_any_second(self) -> None:
        fake = FakeTime()
        times = await send_times(limiter(fake), fake, 1000)
        assert busiest_window(times) == 30
        # ...and the limiter does not waste the allowance: 1000 take about 1000/30 s.
        assert times[-1] - times[0] == pytest.approx(33.0)

    async def test_after_a_pause_a_new_burst_still_stays_within_the_window(self) -> None:
        fake = FakeTime()
        gate = limiter(fake)
        times = await send_times(gate, fake, 20)
        fake.now += 0.5
        times += await send_times(gate, fake, 40)
        assert busiest_window(times) == 30
        assert times[20:30] == [1000.5] * 10  # the ten left of the first second's allowance go at once

    async def test_concurrent_senders_share_the_limit_first_come_first_served(self) -> None:
        fake = FakeTime()
        gate = limiter(fake)
        order: list[tuple[int, float]] = []

        async def sender(name: int) -> None:
            for _ in range(50):
                await gate.acquire()
                order.append((name, fake.now))

        await asyncio.gather(*(sender(n) for n in range(8)))
        times = [at for _, at in order]
        assert len(times) == 400
        assert times == sorted(times)
        assert busiest_window(times) == 30
        assert times[-1] - times[0] == pytest.approx(13.0)

    async def test_the_real_clock_and_sleep_by_default(self) -> None:
        gate = RateLimiter(rate=3, period=0.05)
        loop = asyncio.get_running_loop()
        started = loop.time()
        for _ in range(4):
            await gate.acquire()
        assert loop.time() - started >= 0.045


class TestBurst:
    async def test_a_burst_of_one_spaces_messages_evenly(self) -> None:
        fake = FakeTime()
        times = await send_times(limiter(fake, burst=1), fake, 91)
        gaps = [b - a for a, b in itertools.pairwise(times)]
        assert gaps == pytest.approx([1 / 30] * 90)
        assert busiest_window(times) == 30

    async def test_a_small_burst_then_the_steady_rate(self) -> None:
        fake = FakeTime()
        times = await send_times(limiter(fake, burst=5), fake, 65)
        assert times[:5] == [1000.0] * 5
        assert times[5] == pytest.approx(1000.0 + 1 / 30)
        assert busiest_window(times) <= 30

    @pytest.mark.parametrize(("rate", "burst"), [(30, 31), (30, 0), (0, None), (-1, None)])
    def test_impossible_settings_are_refused(self, rate: int, burst: int | None) -> None:
        with pytest.raises(ValueError, match="must be"):
            RateLimiter(rate, burst=burst)

    def test_a_non_positive_period_is_refused(self) -> None:
        with pytest.raises(ValueError, match="positive period"):
            RateLimiter(30, 0.0)


@settings(max_examples=60, deadline=None)
@given(
    gaps=st.lists(st.floats(min_value=0, max_value=1.5, allow_nan=False), min_size=1, max_size=200),
    burst=st.integers(1, 30),
)
def test_any_arrival_pattern_stays_within_thirty_a_second(gaps: list[float], burst: int) -> None:
    async def scenario() -> list[float]:
        fake = FakeTime()
        gate = limiter(fake, burst=burst)
        times = []
        for gap in gaps:
            fake.now += gap
            await gate.acquire()
            times.append(fake.now)
        return times

    times = asyncio.run(scenario())
    assert busiest_window(times) <= 30
    assert times == sorted(times)
