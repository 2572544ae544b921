"""The caseload on every backend: which homework is due, done and missed in each client's own day (across
time zones), a repeated item done early counting for the day it is done on, missed-item notices and digests
claimed once, and the overview read in the same few queries whatever the number of clients."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import event

from bot.storage import Person, Store
from bot.storage.records import Caseload, CaseloadItem
from bot.therapist.caseload import WeekFigures, next_digest_at, status, week_figures
from bot.therapist.schedule import occurrences
from tests.storage.backends import FakeClock
from tests.storage.therapy import person

LEASE = timedelta(minutes=10)
THERAPIST_TG = 6_000_000_001
AUCKLAND, LOS_ANGELES = "Pacific/Auckland", "America/Los_Angeles"  # UTC+13 and UTC-8 in January


async def _client(store: Store, therapist_id: int, telegram_id: int, zone: str) -> int:
    client = await person(store, telegram_id)
    async with store.transaction() as tx:
        await tx.people.set_timezone(client.id, zone)
        await tx.links.link(therapist_id, client.id)
    return client.id


async def _daily(store: Store, therapist_id: int, client_id: int, zone: str, first: date, times: int,
                 at: time = time(9, 0)) -> list[int]:
    plan = occurrences("daily", times, first, at, zone)
    async with store.transaction() as tx:
        _, items = await tx.homework.assign(therapist_id, client_id, "thought_record", "daily", times, first, at, zone,
                                            None, plan)
    return [i.id for i in items]


async def _do_item(store: Store, client_id: int, item_id: int) -> int | None:
    """The client does the item now: a session started on it and completed. The item it counted for."""
    async with store.transaction() as tx:
        version = await tx.flow_versions.ensure("thought_record", 1, "id: thought_record\nversion: 1\n")
        session = await tx.sessions.start(client_id, version, "{}", None)
        await tx.homework.start_item(item_id, session.id)
        await tx.sessions.save(session, state="{}", status="completed", current_step=None)
        done = await tx.homework.complete_by_session(session.id)
    return done.id if done else None


async def _items(store: Store, therapist_id: int, clock: FakeClock) -> dict[int, list[CaseloadItem]]:
    today = clock.now.date()
    async with store.transaction() as tx:
        caseload = await tx.caseload.caseload(therapist_id, today - timedelta(days=8), today + timedelta(days=8), 3,
                                              clock.now - timedelta(days=7))
    found: dict[int, list[CaseloadItem]] = {}
    for item in caseload.items:
        found.setdefault(item.client_id, []).append(item)
    return found


class TestDueDoneMissed:
    async def test_each_client_counts_in_their_own_day(self, store: Store, clock: FakeClock) -> None:
        therapist = await person(store, THERAPIST_TG, therapist=True)
        ahead = await _client(store, therapist.id, 61, AUCKLAND)
        behind = await _client(store, therapist.id, 62, LOS_ANGELES)
        # Monday 2026-01-05 09:30 UTC: Monday 22:30 in Auckland, Monday 01:30 in Los Angeles.
        first = date(2026, 1, 5)
        ahead_items = await _daily(store, therapist.id, ahead, AUCKLAND, first, 3)
        await _daily(store, therapist.id, behind, LOS_ANGELES, first, 3)
        assert await _do_item(store, ahead, ahead_items[0]) == ahead_items[0]

        clock.now = datetime(2026, 1, 5, 12, 0, tzinfo=UTC)  # Tuesday 01:00 in Auckland, Monday 04:00 in LA
        items = await _items(store, therapist.id, clock)
        assert [status(i, clock.now, AUCKLAND) for i in items[ahead]] == ["done", "today", "upcoming"]
        assert [status(i, clock.now, LOS_ANGELES) for i in items[behind]] == ["today", "upcoming", "upcoming"]
        # Only items already due count: Monday's and Tuesday's in Auckland, Monday's in Los Angeles.
        assert week_figures(items[ahead], clock.now, AUCKLAND) == WeekFigures(2, 1, 0)
        assert week_figures(items[behind], clock.now, LOS_ANGELES) == WeekFigures(1, 0, 0)

        clock.now = datetime(2026, 1, 6, 11, 0, tzinfo=UTC)  # Wed 00:00 Auckland; Mon 03:00 -> Tue 03:00 in LA
        items = await _items(store, therapist.id, clock)
        assert [status(i, clock.now, AUCKLAND) for i in items[ahead]] == ["done", "missed", "today"]
        assert [status(i, clock.now, LOS_ANGELES) for i in items[behind]] == ["missed", "today", "upcoming"]
        assert week_figures(items[ahead], clock.now, AUCKLAND) == WeekFigures(3, 1, 1)
        assert week_figures(items[behind], clock.now, LOS_ANGELES) == WeekFigures(2, 0, 1)

    async def test_a_daily_item_done_early_counts_for_that_day_only(self, store: Store, clock: FakeClock) -> None:
        therapist = await person(store, THERAPIST_TG, therapist=True)
        client = await _client(store, therapist.id, 63, AUCKLAND)
        # 09:30 UTC on Jan 5 is already 22:30 on Jan 5 in Auckland; the first item is due on the 5th.
        monday, tuesday, wednesday = await _daily(store, therapist.id, client, AUCKLAND, date(2026, 1, 5), 3)
        assert await _do_item(store, client, tuesday) == monday  # Tuesday's, done on Monday: Monday's is done
        assert await _do_item(store, client, tuesday) is None  # again on Monday: extra practice, no item
        async with store.transaction() as tx:
            open_items = [i.id for i in await tx.homework.open_items_for_client(client)]
            assert open_items == [tuesday, wednesday]
            assert (await tx.homework.get_item(tuesday)).session_id is None  # type: ignore[union-attr]

        clock.now = datetime(2026, 1, 5, 11, 30, tzinfo=UTC)  # still the 5th in UTC, the 6th in Auckland
        assert await _do_item(store, client, tuesday) == tuesday
        clock.now = datetime(2026, 1, 7, 11, 30, tzinfo=UTC)  # the 8th in Auckland: Wednesday's is late
        assert await _do_item(store, client, wednesday) == wednesday
        items = (await _items(store, therapist.id, clock))[client]
        assert [status(i, clock.now, AUCKLAND) for i in items] == ["done", "done", "late"]

    async def test_a_once_item_may_be_done_early(self, store: Store, clock: FakeClock) -> None:
        therapist = await person(store, THERAPIST_TG, therapist=True)
        client = await _client(store, therapist.id, 64, "UTC")
        plan = occurrences("once", 1, date(2026, 1, 8), time(9, 0), "UTC")
        async with store.transaction() as tx:
            _, [item] = await tx.homework.assign(therapist.id, client, "thought_record", "once", 1, date(2026, 1, 8),
                                                 time(9, 0), "UTC", None, plan)
        assert await _do_item(store, client, item.id) == item.id
        items = (await _items(store, therapist.id, clock))[client]
        assert week_figures(items, clock.now, "UTC") == WeekFigures(1, 1, 0)  # done before its day: due and done


class TestMissedNotices:
    async def test_each_missed_item_is_told_once_after_its_day_ends(self, store: Store, clock: FakeClock) -> None:
        therapist = await person(store, THERAPIST_TG, therapist=True)
        ahead = await _client(store, therapist.id, 71, AUCKLAND)
        behind = await _client(store, therapist.id, 72, LOS_ANGELES)
        async with store.transaction() as tx:
            await tx.caseload.set_missed_notices(therapist.id, True)
        [ahead_item] = await _daily(store, therapist.id, ahead, AUCKLAND, date(2026, 1, 6), 1)
        [behind_item] = await _daily(store, therapist.id, behind, LOS_ANGELES, date(2026, 1, 6), 1)

        clock.now = datetime(2026, 1, 6, 10, 59, tzinfo=UTC)  # a minute before the 6th ends in Auckland
        async with store.transaction() as tx:
            assert await tx.caseload.claim_missed_notices(10, LEASE) == []
        clock.now = datetime(2026, 1, 6, 11, 0, tzinfo=UTC)
        async with store.transaction() as tx:
            [notice] = await tx.caseload.claim_missed_notices(10, LEASE)
        assert (notice.item_id, notice.therapist_telegram_id, notice.client.id) == (ahead_item, THERAPIST_TG, ahead)
        async with store.transaction() as tx:
            assert await tx.caseload.claim_missed_notices(10, LEASE) == []  # claimed: nobody else takes it
        clock.advance(LEASE + timedelta(seconds=1))
        async with store.transaction() as tx:  # the sender died before marking it: claimed again
            assert [n.item_id for n in await tx.caseload.claim_missed_notices(10, LEASE)] == [ahead_item]
            await tx.caseload.missed_notice_sent(ahead_item)

        clock.now = datetime(2026, 1, 7, 8, 0, tzinfo=UTC)  # the 6th ends in Los Angeles
        async with store.transaction() as tx:
            assert [n.item_id for n in await tx.caseload.claim_missed_notices(10, LEASE)] == [behind_item]
            await tx.caseload.missed_notice_sent(behind_item)
        clock.advance(LEASE * 3)
        async with store.transaction() as tx:
            assert await tx.caseload.claim_missed_notices(10, LEASE) == []  # each told once

    async def test_no_notice_when_off_done_cancelled_or_from_before(self, store: Store, clock: FakeClock) -> None:
        therapist = await person(store, THERAPIST_TG, therapist=True)
        client = await _client(store, therapist.id, 73, "UTC")
        await _daily(store, therapist.id, client, "UTC", date(2026, 1, 4), 1)  # ended before notices were on
        done = await _daily(store, therapist.id, client, "UTC", date(2026, 1, 5), 1)
        cancelled = await _daily(store, therapist.id, client, "UTC", date(2026, 1, 5), 1)
        missed = await _daily(store, therapist.id, client, "UTC", date(2026, 1, 5), 1)
        await _daily(store, therapist.id, client, "UTC", date(2026, 1, 9), 1)  # ends while notices are off
        assert await _do_item(store, client, done[0]) == done[0]
        async with store.transaction() as tx:
            item = await tx.homework.get_item(cancelled[0])
            assert item is not None
            await tx.homework.cancel_assignment(item.assignment_id)
            await tx.caseload.set_missed_notices(therapist.id, True)
        clock.now = datetime(2026, 1, 6, 0, 0, tzinfo=UTC)
        async with store.transaction() as tx:
            assert [n.item_id for n in await tx.caseload.claim_missed_notices(10, LEASE)] == missed
            await tx.caseload.missed_notice_sent(missed[0])
            await tx.caseload.set_missed_notices(therapist.id, False)
        clock.now = datetime(2026, 1, 10, 0, 0, tzinfo=UTC)
        async with store.transaction() as tx:
            assert await tx.caseload.claim_missed_notices(10, LEASE) == []  # switched off meanwhile
            await tx.caseload.set_missed_notices(therapist.id, True)
        clock.advance(timedelta(days=1))
        async with store.transaction() as tx:  # settled while off: switching on again tells nothing old
            assert await tx.caseload.claim_missed_notices(10, LEASE) == []


class TestDigests:
    async def test_a_digest_is_claimed_once_at_its_time(self, store: Store, clock: FakeClock) -> None:
        therapist = await person(store, THERAPIST_TG, therapist=True)
        async with store.transaction() as tx:
            await tx.people.set_timezone(therapist.id, "Europe/Berlin")
        first = next_digest_at("daily", time(8, 0), None, "Europe/Berlin", clock.now)
        assert first == datetime(2026, 1, 6, 7, 0, tzinfo=UTC)  # 08:00 in Berlin is 07:00 UTC in winter
        async with store.transaction() as tx:
            settings = await tx.caseload.set_digest(therapist.id, "daily", time(8, 0), None, first)
        assert (settings.frequency, settings.send_at, settings.next_at) == ("daily", time(8, 0), first)

        clock.now = first - timedelta(seconds=1)
        async with store.transaction() as tx:
            assert await tx.caseload.claim_due_digests(10, LEASE) == []
        clock.now = first
        async with store.transaction() as tx:
            [due] = await tx.caseload.claim_due_digests(10, LEASE)
            assert await tx.caseload.claim_due_digests(10, LEASE) == []
        assert (due.therapist_id, due.telegram_id, due.timezone, due.scheduled_at) == (
            therapist.id, THERAPIST_TG, "Europe/Berlin", first)
        clock.advance(LEASE + timedelta(seconds=1))
        async with store.transaction() as tx:  # not marked within the lease: claimed again
            [again] = await tx.caseload.claim_due_digests(10, LEASE)
            following = next_digest_at("daily", time(8, 0), None, "Europe/Berlin", clock.now)
            await tx.caseload.digest_sent(therapist.id, again.scheduled_at, following)
            assert await tx.caseload.claim_due_digests(10, LEASE) == []
            settings = await tx.caseload.digest_settings(therapist.id)
        assert settings is not None
        assert (settings.next_at, settings.last_sent_at) == (datetime(2026, 1, 7, 7, 0, tzinfo=UTC), clock.now)
        async with store.transaction() as tx:  # the therapist's own data: in their export
            assert (await tx.privacy.everything_about(therapist.id)).digest == settings

    async def test_changed_settings_win_over_a_late_mark_and_off_stops(self, store: Store, clock: FakeClock) -> None:
        therapist = await person(store, THERAPIST_TG, therapist=True)
        async with store.transaction() as tx:
            await tx.caseload.set_digest(therapist.id, "weekly", time(9, 0), 0, clock.now)
            [due] = await tx.caseload.claim_due_digests(10, LEASE)
        later = clock.now + timedelta(days=2)
        async with store.transaction() as tx:
            await tx.caseload.set_digest(therapist.id, "daily", time(18, 0), None, later)
            await tx.caseload.digest_sent(therapist.id, due.scheduled_at, clock.now + timedelta(days=7))
            settings = await tx.caseload.digest_settings(therapist.id)
            assert settings is not None and settings.next_at == later  # the new schedule stands
            off = await tx.caseload.set_digest(therapist.id, "off", None, None, None)
        assert (off.frequency, off.next_at, off.send_at) == ("off", None, None)
        clock.advance(timedelta(days=30))
        async with store.transaction() as tx:
            assert await tx.caseload.claim_due_digests(10, LEASE) == []


class TestOverview:
    async def test_the_overview_takes_the_same_queries_for_3_or_30_clients(self, store: Store,
                                                                             clock: FakeClock) -> None:
        therapist = await person(store, THERAPIST_TG, therapist=True)
        counts = []
        for total in (3, 30):
            while len(await self._clients(store, therapist.id, clock)) < total:
                n = len(await self._clients(store, therapist.id, clock))
                client = await _client(store, therapist.id, 100 + n, AUCKLAND if n % 2 else "UTC")
                items = await _daily(store, therapist.id, client, "UTC", date(2026, 1, 5), 2)
                await _do_item(store, client, items[0])
                async with store.transaction() as tx:
                    await tx.safety.open_event(client, "command", "requested", "")
            with _counting(store) as statements:
                caseload = await self._caseload(store, therapist.id, clock)
            counts.append(len(statements))
            assert len(caseload.clients) == total
            assert len(caseload.items) == 2 * total
            assert len(caseload.completed) == total and len(caseload.sos) == total
        assert 0 < counts[0] == counts[1] <= 6

    @staticmethod
    async def _caseload(store: Store, therapist_id: int, clock: FakeClock) -> Caseload:
        today = clock.now.date()
        async with store.transaction() as tx:
            return await tx.caseload.caseload(therapist_id, today - timedelta(days=8), today + timedelta(days=8), 5,
                                              clock.now - timedelta(days=7))

    async def _clients(self, store: Store, therapist_id: int, clock: FakeClock) -> list[Person]:
        return list((await self._caseload(store, therapist_id, clock)).clients)


@contextmanager
def _counting(store: Store) -> Iterator[list[str]]:
    statements: list[str] = []

    def count(conn: object, cursor: object, statement: str, *args: object) -> None:
        if not statement.lstrip().upper().startswith(("BEGIN", "COMMIT", "SAVEPOINT", "RELEASE")):
            statements.append(statement)

    inline = getattr(store, "_inline", None)  # SQLite's units of work run on an engine of their own
    engines = [store.engine.sync_engine, *([inline.engine] if inline is not None else [])]
    for engine in engines:
        event.listen(engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        for engine in engines:
            event.remove(engine, "before_cursor_execute", count)
