"""The reminder dispatcher against the real storage, on a SQLite file and on PostgreSQL, with simulated time:
each due reminder goes out once, none early, none lost to a crash, at most 30 in any second."""

from __future__ import annotations

import asyncio
import contextlib
import os
import uuid
from collections import Counter
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import cast

import asyncpg
import pytest

from bot.storage import StorageBusy, Store, open_store, upgrade
from bot.storage.ports import Storage
from bot.storage.records import DueReminder, Schedule
from bot.storage.urls import mask_password, parse_url
from bot.therapist.rate_limit import RateLimiter, busiest_window
from bot.therapist.reminders import ReminderDispatcher, Round, SendResult
from bot.therapist.schedule import occurrences
from tests.storage.backends import (
    Backend,
    postgres_admin,
    postgres_backend,
    run_outside_loop,
    sqlite_backend,
)

POSTGRES_ENV = "CBT_TEST_POSTGRES_URL"
LEASE = timedelta(minutes=5)
START = datetime(2026, 1, 5, 9, 30, tzinfo=UTC)


class SimTime:
    """One simulated clock for everything: the stores' "now", the dispatcher's, and the rate limiter's
    monotonic clock and sleep. Only sleeping and advance() move it."""

    def __init__(self, start: datetime = START) -> None:
        self.start = start
        self.elapsed = 0.0

    def now(self) -> datetime:
        return self.start + timedelta(seconds=self.elapsed)

    def monotonic(self) -> float:
        return 1000.0 + self.elapsed

    async def sleep(self, seconds: float) -> None:
        self.elapsed += max(0.0, seconds)
        await asyncio.sleep(0)

    def advance(self, delta: timedelta) -> None:
        self.elapsed += delta.total_seconds()

    def limiter(self) -> RateLimiter:
        return RateLimiter(clock=self.monotonic, sleep=self.sleep)


@dataclass
class Outbox:
    """A fake `send`: records what went out and when; `answer` decides each result."""

    time: SimTime
    answer: Callable[[DueReminder], Awaitable[SendResult]] | None = None
    sent: list[tuple[int, float]] = field(default_factory=list)  # item id, simulated second
    by: Counter[str] = field(default_factory=Counter)

    def send_as(self, name: str) -> Callable[[DueReminder], Awaitable[SendResult]]:
        async def send(reminder: DueReminder) -> SendResult:
            result = SendResult.SENT if self.answer is None else await self.answer(reminder)
            if result is SendResult.SENT:
                self.sent.append((reminder.item_id, self.time.elapsed))
                self.by[name] += 1
            return result

        return send

    @property
    def items(self) -> list[int]:
        return [item for item, _ in self.sent]

    @property
    def duplicates(self) -> int:
        return len(self.sent) - len(set(self.items))


# --- backends ----------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def postgres_database() -> Iterator[str]:
    server = os.environ.get(POSTGRES_ENV)
    if not server:
        pytest.skip(f"set {POSTGRES_ENV} to run the PostgreSQL half")
    name = f"cbt_test_{uuid.uuid4().hex[:12]}"
    try:
        run_outside_loop(postgres_admin(server, f'CREATE DATABASE "{name}"'))
    except (OSError, asyncpg.PostgresError, TimeoutError) as exc:
        pytest.skip(f"PostgreSQL at {mask_password(server)} is unreachable ({exc}); set {POSTGRES_ENV}")
    try:
        yield parse_url(server).set(database=name).render_as_string(hide_password=False)
    finally:
        run_outside_loop(postgres_admin(server, f'DROP DATABASE "{name}" WITH (FORCE)'))


@pytest.fixture(params=["sqlite", "postgresql"])
async def backend(request: pytest.FixtureRequest, tmp_path: Path) -> Backend:
    if request.param == "sqlite":
        backend = sqlite_backend(tmp_path / "cbt.sqlite3")
    else:
        backend = await postgres_backend(request.getfixturevalue("postgres_database"))
    await asyncio.to_thread(upgrade, backend.url)
    return backend


@pytest.fixture
def sim() -> SimTime:
    return SimTime()


@pytest.fixture
async def stores(backend: Backend, sim: SimTime) -> AsyncIterator[Callable[[], Awaitable[Store]]]:
    """Opens Stores on the test database (each one a process of its own, as far as the database sees)."""
    opened: list[Store] = []

    async def open_one() -> Store:
        opened.append(await open_store(backend.url, clock=sim.now))
        return opened[-1]

    try:
        yield open_one
    finally:
        for store in opened:
            await store.close()


@pytest.fixture
async def store(stores: Callable[[], Awaitable[Store]]) -> Store:
    return await stores()


# --- seeding -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Seeded:
    therapist_id: int
    client_ids: list[int]
    item_ids: list[int]


async def seed(
    store: Store,
    clients: int,
    per_client: int = 1,
    first_due_on: date = date(2026, 1, 1),
    remind_at: time = time(9),
    schedule: Schedule = "daily",
    first_telegram_id: int = 10_000,
) -> Seeded:
    """A therapist with `clients` linked clients, each assigned `per_client` daily items (UTC)."""
    client_ids, item_ids = [], []
    async with store.transaction() as tx:
        therapist = await tx.people.get_or_create(1)
        await tx.people.set_role(therapist.id, "therapist")
        for n in range(clients):
            client = await tx.people.get_or_create(first_telegram_id + n)
            await tx.links.link(therapist.id, client.id)
            due = occurrences(schedule, per_client, first_due_on, remind_at, "UTC")
            _, items = await tx.homework.assign(
                therapist.id, client.id, "thought_record", schedule, per_client, first_due_on, remind_at, "UTC",
                "Try it after work", due,
            )
            client_ids.append(client.id)
            item_ids += [item.id for item in items]
    return Seeded(therapist.id, client_ids, item_ids)


def dispatcher(
    storage: Storage, sim: SimTime, outbox: Outbox, name: str = "a", limiter: RateLimiter | None = None,
    batch: int = 100,
) -> ReminderDispatcher:
    return ReminderDispatcher(storage, outbox.send_as(name), sim.now, limiter or sim.limiter(), batch, LEASE)


async def drain(reminders: ReminderDispatcher) -> list[Round]:
    """Rounds until one claims nothing; a busy database is simply asked again, as run() would."""
    rounds: list[Round] = []
    while True:
        try:
            done = await reminders.run_round()
        except StorageBusy:
            await asyncio.sleep(0.01)
            continue
        if done.claimed == 0:
            return rounds
        rounds.append(done)


# --- with the real storage ---------------------------------------------------------------------------


class TestSending:
    async def test_due_reminders_are_sent_once(self, store: Store, sim: SimTime) -> None:
        seeded = await seed(store, clients=3, per_client=2)  # due 1 and 2 January; it is 5 January
        outbox = Outbox(sim)
        reminders = dispatcher(store, sim, outbox)
        assert await reminders.run_once() == 6
        assert sorted(outbox.items) == sorted(seeded.item_ids)
        assert await reminders.run_once() == 0
        sim.advance(LEASE * 3)
        assert await reminders.run_once() == 0
        assert outbox.duplicates == 0
        async with store.transaction() as tx:
            item = await tx.homework.get_item(seeded.item_ids[0])
        assert item is not None
        assert item.reminder_sent_at is not None

    async def test_the_reminder_carries_what_the_message_needs(self, store: Store, sim: SimTime) -> None:
        seeded = await seed(store, clients=1, first_telegram_id=2**40 + 7)  # Telegram ids exceed 32 bits
        async with store.transaction() as tx:
            await tx.people.set_language(seeded.client_ids[0], "ru")
            await tx.people.note_telegram_language(seeded.client_ids[0], "uk")
        got: list[DueReminder] = []

        async def keep(reminder: DueReminder) -> SendResult:
            got.append(reminder)
            return SendResult.SENT

        await ReminderDispatcher(store, keep, sim.now, sim.limiter()).run_once()
        [reminder] = got
        assert reminder.item_id == seeded.item_ids[0]
        assert reminder.client_id == seeded.client_ids[0]
        assert (reminder.client_telegram_id, reminder.language, reminder.telegram_language) == (2**40 + 7, "ru", "uk")
        assert (reminder.flow_id, reminder.due_on, reminder.note) == ("thought_record", date(2026, 1, 1),
                                                                       "Try it after work")

    async def test_nothing_is_sent_before_it_is_due(self, store: Store, sim: SimTime) -> None:
        # Due today (5 January) at 10:00 UTC; it is 09:30.
        await seed(store, clients=2, first_due_on=date(2026, 1, 5), remind_at=time(10))
        outbox = Outbox(sim)
        reminders = dispatcher(store, sim, outbox)
        assert await reminders.run_once() == 0
        sim.advance(timedelta(minutes=29, seconds=59))
        assert await reminders.run_once() == 0
        sim.advance(timedelta(seconds=1))
        assert await reminders.run_once() == 2
        assert outbox.duplicates == 0

    async def test_a_daily_assignment_is_reminded_day_by_day(self, store: Store, sim: SimTime) -> None:
        await seed(store, clients=1, per_client=3, first_due_on=date(2026, 1, 5), remind_at=time(10))
        outbox = Outbox(sim)
        reminders = dispatcher(store, sim, outbox)
        sent = []
        for _ in range(4):
            sim.advance(timedelta(hours=1))
            sent.append(await reminders.run_once())
            sim.advance(timedelta(hours=23))
        assert sent == [1, 1, 1, 0]

    async def test_a_completed_item_is_not_reminded(self, store: Store, sim: SimTime) -> None:
        seeded = await seed(store, clients=1, per_client=2, first_due_on=date(2026, 1, 5), remind_at=time(10))
        first, second = seeded.item_ids
        async with store.transaction() as tx:
            flow_version_id = await tx.flow_versions.ensure("thought_record", 1, "id: thought_record\n")
            session = await tx.sessions.start(seeded.client_ids[0], flow_version_id, "{}", "situation")
            await tx.homework.start_item(first, session.id)
            await tx.sessions.save(session, state="{}", status="completed", current_step=None)
            done = await tx.homework.complete_by_session(session.id)
        assert done is not None
        assert done.id == first
        sim.advance(timedelta(days=2))
        outbox = Outbox(sim)
        assert await dispatcher(store, sim, outbox).run_once() == 1
        assert outbox.items == [second]

    async def test_a_cancelled_assignment_is_not_reminded(self, store: Store, sim: SimTime) -> None:
        seeded = await seed(store, clients=2)
        async with store.transaction() as tx:
            item = await tx.homework.get_item(seeded.item_ids[0])
            assert item is not None
            await tx.homework.cancel_assignment(item.assignment_id)
        outbox = Outbox(sim)
        assert await dispatcher(store, sim, outbox).run_once() == 1
        assert outbox.items == [seeded.item_ids[1]]

    async def test_a_snoozed_reminder_comes_again_at_the_new_time(self, store: Store, sim: SimTime) -> None:
        seeded = await seed(store, clients=1)
        outbox = Outbox(sim)
        reminders = dispatcher(store, sim, outbox)
        assert await reminders.run_once() == 1
        async with store.transaction() as tx:
            await tx.homework.snooze(seeded.item_ids[0], sim.now() + timedelta(hours=1))
        sim.advance(timedelta(minutes=59))
        assert await reminders.run_once() == 0
        sim.advance(timedelta(minutes=1))
        assert await reminders.run_once() == 1
        assert outbox.items == seeded.item_ids * 2


class TestFailures:
    async def test_a_transient_failure_is_retried_after_the_lease(self, store: Store, sim: SimTime) -> None:
        seeded = await seed(store, clients=2)
        failing = {seeded.item_ids[0]}

        async def flaky(reminder: DueReminder) -> SendResult:
            return SendResult.FAILED if reminder.item_id in failing else SendResult.SENT

        outbox = Outbox(sim, flaky)
        reminders = dispatcher(store, sim, outbox)
        done = await reminders.run_round()
        assert (done.claimed, done.sent, done.failed) == (2, 1, 1)
        failing.clear()
        assert await reminders.run_once() == 0  # still claimed
        sim.advance(LEASE - timedelta(seconds=1))
        assert await reminders.run_once() == 0
        sim.advance(timedelta(seconds=2))
        assert await reminders.run_once() == 1
        assert sorted(outbox.items) == sorted(seeded.item_ids)

    async def test_an_exception_in_send_counts_as_a_transient_failure(self, store: Store, sim: SimTime) -> None:
        await seed(store, clients=1)
        calls = 0

        async def broken(reminder: DueReminder) -> SendResult:
            nonlocal calls
            calls += 1
            if calls == 1:
                raise ConnectionResetError("network down")
            return SendResult.SENT

        outbox = Outbox(sim, broken)
        reminders = dispatcher(store, sim, outbox)
        assert (await reminders.run_round()).failed == 1
        sim.advance(LEASE + timedelta(seconds=1))
        assert await reminders.run_once() == 1

    async def test_an_unreachable_client_is_not_tried_again_and_is_marked_blocked(
        self, store: Store, sim: SimTime
    ) -> None:
        seeded = await seed(store, clients=2)
        blocked_item = seeded.item_ids[0]

        async def forbidden(reminder: DueReminder) -> SendResult:
            return SendResult.UNREACHABLE if reminder.item_id == blocked_item else SendResult.SENT

        outbox = Outbox(sim, forbidden)
        reminders = dispatcher(store, sim, outbox)
        done = await reminders.run_round()
        assert (done.sent, done.unreachable) == (1, 1)
        sim.advance(LEASE * 2)
        assert (await reminders.run_round()).claimed == 0
        async with store.transaction() as tx:
            item = await tx.homework.get_item(blocked_item)
            client = await tx.people.get(seeded.client_ids[0])
            other = await tx.people.get(seeded.client_ids[1])
        assert item is not None
        assert item.reminder_sent_at is not None
        assert client is not None
        assert client.blocked_at is not None
        assert other is not None
        assert other.blocked_at is None

    async def test_a_restart_after_a_crash_between_claim_and_send_loses_and_repeats_nothing(
        self, stores: Callable[[], Awaitable[Store]], sim: SimTime
    ) -> None:
        first_store = await stores()
        seeded = await seed(first_store, clients=10)
        outbox = Outbox(sim)
        in_fourth_send = asyncio.Event()
        calls = 0

        async def dies_on_the_fourth(reminder: DueReminder) -> SendResult:
            nonlocal calls
            calls += 1
            if calls == 4:
                in_fourth_send.set()
                await asyncio.Event().wait()  # hangs until the process "crashes"
            return await outbox.send_as("crashed")(reminder)

        crashed = ReminderDispatcher(first_store, dies_on_the_fourth, sim.now, sim.limiter(), 100, LEASE)
        task = asyncio.create_task(crashed.run_once())
        await in_fourth_send.wait()
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
        await first_store.close()
        assert len(outbox.sent) == 3

        restarted = dispatcher(await stores(), sim, outbox, "restarted")
        assert await restarted.run_once() == 0  # the crashed process's claims still hold
        sim.advance(LEASE - timedelta(seconds=1))
        assert await restarted.run_once() == 0
        sim.advance(timedelta(seconds=2))
        assert await restarted.run_once() == 7  # the three marked sent are not repeated
        assert sorted(outbox.items) == sorted(seeded.item_ids)
        assert outbox.duplicates == 0
        sim.advance(LEASE * 2)
        assert await restarted.run_once() == 0

    async def test_a_crash_after_sending_before_marking_repeats_that_one_after_the_lease(
        self, stores: Callable[[], Awaitable[Store]], sim: SimTime
    ) -> None:
        first_store = await stores()
        seeded = await seed(first_store, clients=3)
        outbox = Outbox(sim)
        send = outbox.send_as("crashed")

        async def dies_after_the_first_send(reminder: DueReminder) -> SendResult:
            await send(reminder)
            raise SystemExit("killed after sending, before marking")

        crashed = ReminderDispatcher(first_store, dies_after_the_first_send, sim.now, sim.limiter(), 100, LEASE)
        with pytest.raises(SystemExit):
            await crashed.run_once()
        await first_store.close()

        restarted = dispatcher(await stores(), sim, outbox, "restarted")
        sim.advance(LEASE + timedelta(seconds=1))
        assert await restarted.run_once() == 3
        assert Counter(outbox.items) == {seeded.item_ids[0]: 2, seeded.item_ids[1]: 1, seeded.item_ids[2]: 1}

    async def test_a_batch_stops_sending_when_half_the_lease_has_passed(self, store: Store, sim: SimTime) -> None:
        seeded = await seed(store, clients=6)

        async def slow(reminder: DueReminder) -> SendResult:
            sim.advance(timedelta(minutes=1))  # a sluggish API
            return SendResult.SENT

        outbox = Outbox(sim, slow)
        reminders = dispatcher(store, sim, outbox)
        done = await reminders.run_round()
        assert (done.claimed, done.sent, done.left) == (6, 3, 3)  # 2.5 min of the 5 min lease
        sim.advance(LEASE)
        assert (await reminders.run_round()).sent == 3
        assert sorted(outbox.items) == sorted(seeded.item_ids)


class TestScale:
    async def test_two_dispatchers_on_two_stores_send_a_thousand_reminders_exactly_once(
        self, stores: Callable[[], Awaitable[Store]], sim: SimTime
    ) -> None:
        seeded = await seed(await stores(), clients=100, per_client=10)  # 1-10 January; it is 5 January
        sim.advance(timedelta(days=5))
        outbox = Outbox(sim)
        limiter = sim.limiter()  # one bot token: the two share Telegram's limit
        first = dispatcher(await stores(), sim, outbox, "first", limiter)
        second = dispatcher(await stores(), sim, outbox, "second", limiter)
        await asyncio.gather(drain(first), drain(second))
        assert len(seeded.item_ids) == 1000
        assert sorted(outbox.items) == sorted(seeded.item_ids)
        assert outbox.duplicates == 0
        assert outbox.by["first"] > 0
        assert outbox.by["second"] > 0
        assert busiest_window([at for _, at in outbox.sent]) <= 30

    async def test_the_peak_rate_in_any_second_is_at_most_thirty(self, store: Store, sim: SimTime) -> None:
        await seed(store, clients=50, per_client=5)
        outbox = Outbox(sim)
        rounds = await drain(dispatcher(store, sim, outbox, batch=40))
        assert [r.claimed for r in rounds] == [40] * 6 + [10]
        times = [at for _, at in outbox.sent]
        assert len(times) == 250
        assert busiest_window(times) == 30
        assert times[-1] - times[0] == pytest.approx(8.0)  # 250 at 30/s: bursts at seconds 0..8
        assert outbox.duplicates == 0


# --- the loop, with a stand-in storage ---------------------------------------------------------------


class FlakyStorage:
    """Just enough of Storage for run(): `claims` batches to hand out, `failures` to raise first."""

    def __init__(self, claims: list[list[DueReminder]], failures: list[BaseException], marks: int = 1) -> None:
        self.claims, self.failures = claims, failures
        self.marked: list[int] = []
        self.all_marked = asyncio.Event()  # set once `marks` reminders were marked sent
        self._marks = marks
        self.homework = self
        self.people = self

    @contextlib.asynccontextmanager
    async def transaction(self) -> AsyncIterator[FlakyStorage]:
        yield self

    async def claim_due_reminders(self, limit: int, lease: timedelta) -> list[DueReminder]:
        if self.failures:
            raise self.failures.pop(0)
        return self.claims.pop(0) if self.claims else []

    async def reminder_sent(self, item_id: int) -> None:
        if self.failures:
            raise self.failures.pop(0)
        self.marked.append(item_id)
        if len(self.marked) >= self._marks:
            self.all_marked.set()

    async def close(self) -> None:
        pass


def due(item_id: int) -> DueReminder:
    return DueReminder(item_id, 1, 100, "en", "thought_record", date(2026, 1, 1), None)


class TestLoop:
    async def test_run_goes_straight_on_while_batches_are_full_and_stops_when_told(self, sim: SimTime) -> None:
        storage = FlakyStorage([[due(1), due(2)], [due(3), due(4)], [due(5)]], [], marks=5)
        outbox = Outbox(sim)
        stop = asyncio.Event()
        reminders = dispatcher(cast(Storage, storage), sim, outbox, batch=2)
        task = asyncio.create_task(reminders.run(stop, interval=0.01))
        await asyncio.wait_for(storage.all_marked.wait(), 1)
        stop.set()
        await asyncio.wait_for(task, 1)
        assert storage.marked == [1, 2, 3, 4, 5]

    async def test_run_survives_a_failed_round(self, sim: SimTime, caplog: pytest.LogCaptureFixture) -> None:
        storage = FlakyStorage([[due(1)]], [StorageBusy("locked"), RuntimeError("connection lost")])
        stop = asyncio.Event()
        reminders = dispatcher(cast(Storage, storage), sim, Outbox(sim))
        task = asyncio.create_task(reminders.run(stop, interval=0.001))
        await asyncio.wait_for(storage.all_marked.wait(), 1)
        stop.set()
        await asyncio.wait_for(task, 1)
        assert storage.marked == [1]
        assert "a reminder round failed" in caplog.text

    async def test_marking_is_retried_when_the_database_is_busy(self, sim: SimTime) -> None:
        storage = FlakyStorage([[due(7)]], [])
        reminders = dispatcher(cast(Storage, storage), sim, Outbox(sim))
        original = storage.claim_due_reminders

        async def claim_then_fail_twice(limit: int, lease: timedelta) -> list[DueReminder]:
            claimed = await original(limit, lease)
            storage.failures = [StorageBusy("locked"), StorageBusy("locked")]
            return claimed

        storage.claim_due_reminders = claim_then_fail_twice  # type: ignore[method-assign]
        assert await reminders.run_once() == 1
        assert storage.marked == [7]

    @pytest.mark.parametrize(("batch", "lease"), [(0, LEASE), (10, timedelta(0))])
    def test_impossible_settings_are_refused(self, sim: SimTime, batch: int, lease: timedelta) -> None:
        with pytest.raises(ValueError, match="batch must be"):
            ReminderDispatcher(cast(Storage, None), Outbox(sim).send_as("x"), sim.now, sim.limiter(), batch, lease)
