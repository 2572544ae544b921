"""Homework and its reminders, on every backend: assignments and items, starting and completing items by
session, and reminders claimed exactly once — also by two stores (two processes) racing on one database."""

from __future__ import annotations

import asyncio
import collections
import functools
from datetime import UTC, date, datetime, time, timedelta

import pytest
from sqlalchemy import text

from bot.storage import RecordNotFound, Store, StoredSession, UnitOfWork, open_store
from bot.storage.records import DueReminder
from tests.storage.backends import Backend, FakeClock
from tests.storage.therapy import CLIENT_TG, THERAPIST_TG, assign, daily, linked_pair, person, retrying

TODAY = date(2026, 1, 5)  # FakeClock starts at 2026-01-05 09:30 UTC
LEASE = timedelta(minutes=10)


async def _session(store: Store, person_id: int) -> StoredSession:
    async with store.transaction() as tx:
        version_id = await tx.flow_versions.ensure("thought_record", 1, "id: thought_record\nversion: 1\n")
        return await tx.sessions.start(person_id, version_id, "{}", None)


async def _finish(store: Store, session: StoredSession) -> None:
    async with store.transaction() as tx:
        await tx.sessions.save(session, state="{}", status="completed", current_step=None)


async def _claim(store: Store, limit: int = 100, lease: timedelta = LEASE) -> list[DueReminder]:
    async with store.transaction() as tx:
        return await tx.homework.claim_due_reminders(limit, lease)


class TestAssignments:
    async def test_assign_with_occurrences(self, store: Store, clock: FakeClock) -> None:
        therapist_id, client_id = await linked_pair(store)
        occurrences = daily(TODAY, 3, time(18, 30))
        async with store.transaction() as tx:
            assignment, items = await tx.homework.assign(
                therapist_id, client_id, "thought_record", "daily", 3, TODAY, time(19, 30), "Europe/Berlin",
                "Заметьте одну мысль в день", occurrences,
            )
        assert (assignment.therapist_id, assignment.client_id, assignment.flow_id, assignment.schedule) == (
            therapist_id, client_id, "thought_record", "daily"
        )
        assert (assignment.times, assignment.first_due_on, assignment.remind_at, assignment.timezone) == (
            3, TODAY, time(19, 30), "Europe/Berlin"
        )
        assert (assignment.note, assignment.created_at, assignment.cancelled_at) == (
            "Заметьте одну мысль в день", clock.now, None
        )
        assert [(i.due_on, i.remind_at) for i in items] == occurrences
        assert {(i.assignment_id, i.client_id, i.flow_id) for i in items} == {
            (assignment.id, client_id, "thought_record")
        }
        assert {(i.session_id, i.completed_at, i.reminder_sent_at) for i in items} == {(None, None, None)}
        async with store.transaction() as tx:  # dates and wall-clock times come back as they went in
            assert await tx.homework.get_assignment(assignment.id) == assignment
            assert [await tx.homework.get_item(i.id) for i in items] == items
            assert await tx.homework.get_item(items[-1].id + 100) is None
            assert await tx.homework.get_assignment(assignment.id + 100) is None

    async def test_bad_assignments_are_refused(self, store: Store) -> None:
        therapist_id, client_id = await linked_pair(store)
        at = time(8, 0)
        async with store.transaction() as tx:
            with pytest.raises(ValueError, match="must match"):
                await tx.homework.assign(
                    therapist_id, client_id, "f", "daily", 3, TODAY, at, "UTC", None, daily(TODAY, 2)
                )
            with pytest.raises(ValueError, match="naive"):
                await tx.homework.assign(
                    therapist_id, client_id, "f", "once", 1, TODAY, at, "UTC", None, [(TODAY, datetime(2026, 1, 5))]
                )
            with pytest.raises(ValueError, match="IANA"):
                await tx.homework.assign(
                    therapist_id, client_id, "f", "once", 1, TODAY, at, "Mars/Base", None, daily(TODAY, 1)
                )
        with pytest.raises(RecordNotFound):
            async with store.transaction() as tx:
                await tx.homework.assign(
                    therapist_id, client_id + 100, "f", "once", 1, TODAY, at, "UTC", None, daily(TODAY, 1)
                )

    async def test_open_items_soonest_first(self, store: Store) -> None:
        therapist_id, client_id = await linked_pair(store)
        other_therapist = await person(store, 777, therapist=True)
        _, later = await assign(store, therapist_id, client_id, TODAY + timedelta(days=2), 2)
        _, sooner = await assign(store, therapist_id, client_id, TODAY, 1, flow_id="box_breathing")
        _, others = await assign(store, other_therapist.id, client_id, TODAY, 1)  # not linked to this one
        someone_else = await person(store, 888)
        async with store.transaction() as tx:
            await tx.links.link(therapist_id, someone_else.id)
        await assign(store, therapist_id, someone_else.id, TODAY, 1)
        async with store.transaction() as tx:
            open_items = await tx.homework.open_items_for_client(client_id)
            by_therapist = await tx.homework.items_for(therapist_id, client_id)
            by_other = await tx.homework.items_for(other_therapist.id, client_id)
        assert [i.id for i in open_items] == [sooner[0].id, later[0].id, later[1].id]
        assert [i.id for i in by_therapist] == [i.id for i in open_items]
        assert by_other == others

    async def test_start_and_complete_by_session(self, store: Store, clock: FakeClock) -> None:
        therapist_id, client_id = await linked_pair(store)
        _, (first, second) = await assign(store, therapist_id, client_id, TODAY, 2)
        abandoned = await _session(store, client_id)
        async with store.transaction() as tx:
            started = await tx.homework.start_item(first.id, abandoned.id)
        assert started.session_id == abandoned.id
        async with store.transaction() as tx:
            await tx.sessions.save(abandoned, state="{}", status="abandoned", current_step=None)
        session = await _session(store, client_id)
        async with store.transaction() as tx:
            restarted = await tx.homework.start_item(first.id, session.id)  # a new try replaces the old one
        assert restarted.session_id == session.id

        clock.advance(timedelta(minutes=20))
        await _finish(store, session)
        async with store.transaction() as tx:
            done = await tx.homework.complete_by_session(session.id)
        assert done is not None
        assert (done.id, done.completed_at, done.session_id) == (first.id, clock.now, session.id)
        clock.advance(timedelta(minutes=1))
        async with store.transaction() as tx:
            assert await tx.homework.complete_by_session(session.id) == done  # once: the first time stays
            assert await tx.homework.complete_by_session(abandoned.id) is None  # no longer the item's session
            assert [i.id for i in await tx.homework.open_items_for_client(client_id)] == [second.id]
            assert [i.completed_at for i in await tx.homework.items_for(therapist_id, client_id)] == [
                done.completed_at, None
            ]

        free_practice = await _session(store, client_id)
        async with store.transaction() as tx:
            assert await tx.homework.complete_by_session(free_practice.id) is None  # not homework
            with pytest.raises(ValueError, match="already completed"):
                await tx.homework.start_item(first.id, free_practice.id)
            with pytest.raises(RecordNotFound):
                await tx.homework.start_item(second.id + 100, free_practice.id)
            with pytest.raises(RecordNotFound):
                await tx.homework.start_item(second.id, free_practice.id + 100)

    async def test_an_item_is_started_only_by_its_clients_session_and_one_at_a_time(self, store: Store) -> None:
        therapist_id, client_id = await linked_pair(store)
        stranger = await person(store, 999)
        _, (first, second) = await assign(store, therapist_id, client_id, TODAY, 2)
        theirs = await _session(store, stranger.id)
        mine = await _session(store, client_id)
        async with store.transaction() as tx:
            with pytest.raises(ValueError, match="not a session of client"):
                await tx.homework.start_item(first.id, theirs.id)
            await tx.homework.start_item(first.id, mine.id)
            with pytest.raises(ValueError, match="already does homework item"):
                await tx.homework.start_item(second.id, mine.id)

    async def test_cancelled_assignments_and_ended_links_close_the_items(self, store: Store) -> None:
        therapist_id, client_id = await linked_pair(store)
        cancelled, _ = await assign(store, therapist_id, client_id, TODAY, 2)
        _, kept = await assign(store, therapist_id, client_id, TODAY, 1)
        async with store.transaction() as tx:
            await tx.homework.cancel_assignment(cancelled.id)
            await tx.homework.cancel_assignment(cancelled.id)  # twice: no error, the first time stays
            with pytest.raises(RecordNotFound):
                await tx.homework.cancel_assignment(cancelled.id + 100)
            assert [i.id for i in await tx.homework.open_items_for_client(client_id)] == [kept[0].id]
            assert len(await tx.homework.items_for(therapist_id, client_id)) == 3  # the therapist still sees all
            stored = await tx.homework.get_assignment(cancelled.id)
        assert stored is not None
        assert stored.cancelled_at is not None

        async with store.transaction() as tx:
            link = await tx.links.active_for_client(client_id)
            assert link is not None
            await tx.links.end(link.id, "client")
            assert await tx.homework.open_items_for_client(client_id) == []


class TestReminders:
    async def test_due_reminders_are_claimed_once(self, store: Store, clock: FakeClock) -> None:
        therapist_id, client_id = await linked_pair(store)
        assignment, (item,) = await assign(store, therapist_id, client_id, TODAY, at=time(10, 0))
        assert await _claim(store) == []  # 09:30: not due yet
        clock.advance(timedelta(minutes=30))  # 10:00 exactly: due
        claimed = await _claim(store)
        assert claimed == [
            DueReminder(item.id, client_id, CLIENT_TG, "ru", "thought_record", TODAY, assignment.note,
                        remind_at=item.remind_at)
        ]
        assert item.remind_at is not None and claimed[0].remind_at == item.remind_at  # when it was due: 10:00
        assert await _claim(store) == []  # claimed: nobody else gets it within the lease
        clock.advance(LEASE / 2)
        assert await _claim(store) == []
        async with store.transaction() as tx:
            await tx.homework.reminder_sent(item.id)
            sent = await tx.homework.get_item(item.id)
        assert sent is not None
        assert sent.reminder_sent_at == clock.now
        clock.advance(LEASE * 10)
        assert await _claim(store) == []  # sent: never again

    async def test_blocked_and_withdrawn_clients_are_not_reminded_until_they_are_back(
        self, store: Store, clock: FakeClock
    ) -> None:
        therapist_id, client_id = await linked_pair(store)
        await assign(store, therapist_id, client_id, TODAY, at=time(10, 0))
        clock.advance(timedelta(hours=1))
        async with store.transaction() as tx:
            await tx.people.mark_blocked(client_id)
        assert await _claim(store) == []
        async with store.transaction() as tx:
            await tx.people.mark_unblocked(client_id)
            await tx.people.give_consent(client_id)
            clock.advance(timedelta(seconds=1))
            await tx.people.withdraw_consent(client_id)
        assert await _claim(store) == []
        clock.advance(timedelta(seconds=1))
        async with store.transaction() as tx:
            await tx.people.give_consent(client_id)
        assert len(await _claim(store)) == 1

    async def test_an_unsent_claim_is_reclaimed_after_the_lease(self, store: Store, clock: FakeClock) -> None:
        therapist_id, client_id = await linked_pair(store)
        _, (item,) = await assign(store, therapist_id, client_id, TODAY, at=time(9, 0))
        assert [r.item_id for r in await _claim(store)] == [item.id]  # then the process died before sending
        clock.advance(LEASE)
        assert await _claim(store) == []  # the lease has not run out yet
        clock.advance(timedelta(microseconds=1))
        assert [r.item_id for r in await _claim(store)] == [item.id]
        assert await _claim(store) == []  # the new claim holds a new lease

    async def test_a_rolled_back_claim_leaves_the_reminder_claimable(self, store: Store) -> None:
        therapist_id, client_id = await linked_pair(store)
        await assign(store, therapist_id, client_id, TODAY, at=time(9, 0))

        async def crashing_sender() -> None:
            async with store.transaction() as tx:
                assert len(await tx.homework.claim_due_reminders(10, LEASE)) == 1
                raise RuntimeError("crashed")

        with pytest.raises(RuntimeError, match="crashed"):
            await crashing_sender()
        assert len(await _claim(store)) == 1

    async def test_completed_cancelled_and_unlinked_items_are_not_reminded(
        self, store: Store, clock: FakeClock
    ) -> None:
        therapist_id, client_id = await linked_pair(store)
        _, (done,) = await assign(store, therapist_id, client_id, TODAY, at=time(10, 0))
        cancelled, _ = await assign(store, therapist_id, client_id, TODAY, at=time(10, 0))
        session = await _session(store, client_id)
        async with store.transaction() as tx:
            await tx.homework.start_item(done.id, session.id)
            await tx.homework.cancel_assignment(cancelled.id)
        await _finish(store, session)
        async with store.transaction() as tx:
            await tx.homework.complete_by_session(session.id)
        other = await person(store, 4242)
        async with store.transaction() as tx:
            await tx.links.link(therapist_id, other.id)
        await assign(store, therapist_id, other.id, TODAY, at=time(10, 0))
        async with store.transaction() as tx:
            link = await tx.links.active_for_client(other.id)
            assert link is not None
            await tx.links.end(link.id, "therapist")
        clock.advance(timedelta(days=1))
        assert await _claim(store) == []

    async def test_completing_after_the_claim_stops_a_reclaim(self, store: Store, clock: FakeClock) -> None:
        therapist_id, client_id = await linked_pair(store)
        _, (item,) = await assign(store, therapist_id, client_id, TODAY, at=time(9, 0))
        assert len(await _claim(store)) == 1
        session = await _session(store, client_id)
        async with store.transaction() as tx:
            await tx.homework.start_item(item.id, session.id)
        await _finish(store, session)
        async with store.transaction() as tx:
            await tx.homework.complete_by_session(session.id)
        clock.advance(LEASE * 2)
        assert await _claim(store) == []

    async def test_a_snooze_pressed_before_the_sent_mark_is_kept(self, store: Store, clock: FakeClock) -> None:
        therapist_id, client_id = await linked_pair(store)
        _, (item,) = await assign(store, therapist_id, client_id, TODAY, at=time(10, 0))
        clock.advance(timedelta(hours=1))
        assert len(await _claim(store)) == 1  # the dispatcher claims and sends...
        async with store.transaction() as tx:  # ...the client presses Snooze at once...
            await tx.homework.snooze(item.id, clock.now + timedelta(hours=1))
        async with store.transaction() as tx:  # ...and only then does the dispatcher mark it sent
            await tx.homework.reminder_sent(item.id)
        clock.advance(timedelta(hours=1))
        assert [r.item_id for r in await _claim(store)] == [item.id]

    async def test_snooze(self, store: Store, clock: FakeClock) -> None:
        therapist_id, client_id = await linked_pair(store)
        _, (item,) = await assign(store, therapist_id, client_id, TODAY, at=time(9, 0))
        assert len(await _claim(store)) == 1
        async with store.transaction() as tx:
            await tx.homework.reminder_sent(item.id)
            await tx.homework.snooze(item.id, clock.now + timedelta(hours=1))
            snoozed = await tx.homework.get_item(item.id)
        assert snoozed is not None
        assert (snoozed.remind_at, snoozed.reminder_sent_at) == (clock.now + timedelta(hours=1), None)
        clock.advance(timedelta(minutes=59))
        assert await _claim(store) == []
        clock.advance(timedelta(minutes=1))
        assert [r.item_id for r in await _claim(store)] == [item.id]
        async with store.transaction() as tx:  # snoozing a claimed reminder releases the claim
            await tx.homework.snooze(item.id, clock.now)
        assert [r.item_id for r in await _claim(store)] == [item.id]
        async with store.transaction() as tx:
            with pytest.raises(ValueError, match="naive"):
                await tx.homework.snooze(item.id, datetime(2026, 1, 6, 9, 0))
            with pytest.raises(RecordNotFound):
                await tx.homework.snooze(item.id + 100, clock.now)
            with pytest.raises(RecordNotFound):
                await tx.homework.reminder_sent(item.id + 100)

    async def test_limit_and_order(self, store: Store, clock: FakeClock) -> None:
        therapist_id, client_id = await linked_pair(store)
        _, late = await assign(store, therapist_id, client_id, TODAY, at=time(9, 20))
        _, early = await assign(store, therapist_id, client_id, TODAY, at=time(9, 10))
        _, future = await assign(store, therapist_id, client_id, TODAY, at=time(9, 40))
        assert [r.item_id for r in await _claim(store, limit=1)] == [early[0].id]
        assert [r.item_id for r in await _claim(store, limit=5)] == [late[0].id]
        clock.advance(timedelta(minutes=10))
        assert [r.item_id for r in await _claim(store, limit=5)] == [future[0].id]
        async with store.transaction() as tx:
            with pytest.raises(ValueError, match="limit"):
                await tx.homework.claim_due_reminders(0, LEASE)
            with pytest.raises(ValueError, match="lease"):
                await tx.homework.claim_due_reminders(5, timedelta(0))

    async def test_concurrent_claimers_do_not_wait_for_each_other(
        self, store: Store, backend: Backend, clock: FakeClock
    ) -> None:
        if backend.serialises_writers:
            pytest.skip("SQLite's BEGIN IMMEDIATE runs write transactions one at a time")
        therapist_id, client_id = await linked_pair(store)
        await assign(store, therapist_id, client_id, TODAY - timedelta(days=10), 10)
        impatient = await open_store(backend.url, clock=clock, lock_timeout=0.5)  # waiting = StorageBusy
        try:
            async with store.transaction() as holder:
                held = await holder.homework.claim_due_reminders(4, LEASE)  # locked until this commits
                async with impatient.transaction() as tx:
                    skipped = await tx.homework.claim_due_reminders(100, LEASE)
        finally:
            await impatient.close()
        assert len(held) == 4
        assert len(skipped) == 6
        assert not {r.item_id for r in held} & {r.item_id for r in skipped}

    @pytest.mark.slow
    async def test_two_stores_claim_500_reminders_exactly_once(
        self, store: Store, backend: Backend, clock: FakeClock
    ) -> None:
        therapist = await person(store, THERAPIST_TG, therapist=True)
        async with store.transaction() as tx:
            clients = [await tx.people.get_or_create(10_000 + n) for n in range(50)]
            for client in clients:
                await tx.links.link(therapist.id, client.id)
                await tx.homework.assign(
                    therapist.id, client.id, "thought_record", "daily", 10, TODAY - timedelta(days=10),
                    time(8, 0), "UTC", None, daily(TODAY - timedelta(days=10), 10),
                )
        other_process = await open_store(backend.url, clock=clock)
        claims: collections.Counter[int] = collections.Counter()

        async def claim(limit: int, tx: UnitOfWork) -> list[DueReminder]:
            return await tx.homework.claim_due_reminders(limit, timedelta(hours=1))

        async def worker(process: Store, limit: int) -> int:
            for batches in range(100):  # 500 reminders need far fewer; a claimer that re-claims fails here
                batch = await retrying(process, functools.partial(claim, limit))
                if not batch:
                    return batches
                claims.update(r.item_id for r in batch)
                await asyncio.sleep(0)
            raise AssertionError("the claims never ran out")

        try:
            batches = await asyncio.gather(
                *(worker(process, limit) for process in (store, other_process) for limit in (7, 13, 20))
            )
        finally:
            await other_process.close()
        assert len(claims) == 500, f"claimed {len(claims)} of 500 in batches {batches}"
        assert [n for n in claims.values() if n != 1] == [], "claimed more than once"
        if not backend.serialises_writers:  # SQLite's busy back-off may starve one store; no matter there
            assert sum(batches[:3]) and sum(batches[3:]), f"one process got nothing: {batches}"
        assert await _claim(store) == []
        async with store.engine.connect() as connection:
            unclaimed = (await connection.execute(
                text("SELECT count(*) FROM homework_items WHERE reminder_claimed_at IS NULL")
            )).scalar_one()
        assert unclaimed == 0


def test_daily_helper_gives_utc_instants() -> None:
    assert daily(TODAY, 2, time(8, 0)) == [
        (TODAY, datetime(2026, 1, 5, 8, 0, tzinfo=UTC)),
        (TODAY + timedelta(days=1), datetime(2026, 1, 6, 8, 0, tzinfo=UTC)),
    ]
