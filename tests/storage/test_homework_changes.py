"""Changing homework after it was given, on every backend: rescheduling keeps what was done and replaces
the rest (reminders follow), cancelling stops reminders, and templates are saved, listed and deleted."""

from __future__ import annotations

from datetime import date, time, timedelta

import pytest

from bot.storage import RecordNotFound, Store
from tests.storage.backends import FakeClock
from tests.storage.therapy import assign, daily, linked_pair, person

TODAY = date(2026, 1, 5)  # FakeClock starts at 2026-01-05 09:30 UTC
LEASE = timedelta(minutes=10)


async def _finish_item(store: Store, client_id: int, item_id: int) -> None:
    async with store.transaction() as tx:
        version_id = await tx.flow_versions.ensure("thought_record", 1, "id: thought_record\nversion: 1\n")
        session = await tx.sessions.start(client_id, version_id, "{}", None)
        await tx.homework.start_item(item_id, session.id)
        await tx.sessions.save(session, state="{}", status="completed", current_step=None)
        await tx.homework.complete_by_session(session.id)


class TestReschedule:
    async def test_done_items_stay_and_the_rest_follow_the_new_plan(self, store: Store) -> None:
        therapist_id, client_id = await linked_pair(store)
        assignment, items = await assign(store, therapist_id, client_id, TODAY, 3)
        await _finish_item(store, client_id, items[0].id)

        new_plan = daily(TODAY + timedelta(days=2), 3, time(20, 0))
        async with store.transaction() as tx:
            changed, new_items = await tx.homework.reschedule(
                assignment.id, "daily", 4, TODAY + timedelta(days=2), time(20, 0), "UTC", "Вечером", new_plan,
                keep_due_before=TODAY)
            everything = await tx.homework.items_for(therapist_id, client_id)
        assert (changed.times, changed.remind_at, changed.note, changed.first_due_on) == (
            4, time(20, 0), "Вечером", TODAY + timedelta(days=2))
        assert [(i.due_on, i.remind_at) for i in new_items] == new_plan
        assert items[0].id in {i.id for i in everything}, "the done item is kept"
        assert {i.id for i in everything} == {items[0].id} | {i.id for i in new_items}
        done = next(i for i in everything if i.id == items[0].id)
        assert done.completed_at is not None and done.due_on == TODAY

    async def test_a_missed_day_stays_missed(self, store: Store) -> None:
        therapist_id, client_id = await linked_pair(store)
        assignment, items = await assign(store, therapist_id, client_id, TODAY, 3)
        later = TODAY + timedelta(days=1)  # the client's today: TODAY's item was missed
        async with store.transaction() as tx:
            _, new_items = await tx.homework.reschedule(assignment.id, "daily", 3, TODAY, time(21, 0), "UTC", None,
                                                        daily(later, 2, time(21, 0)), keep_due_before=later)
            everything = await tx.homework.items_for(therapist_id, client_id)
        assert (everything[0].id, everything[0].due_on, everything[0].completed_at) == (items[0].id, TODAY, None)
        assert [i.id for i in everything[1:]] == [i.id for i in new_items]

    async def test_reminders_follow_the_change(self, store: Store, clock: FakeClock) -> None:
        therapist_id, client_id = await linked_pair(store)
        assignment, _ = await assign(store, therapist_id, client_id, TODAY, 1, at=time(9, 0))  # due now
        later = daily(TODAY, 1, time(21, 0))
        async with store.transaction() as tx:
            await tx.homework.reschedule(assignment.id, "once", 1, TODAY, time(21, 0), "UTC", None, later,
                                         keep_due_before=TODAY)
            assert await tx.homework.claim_due_reminders(10, LEASE) == []  # 09:30: the old 09:00 one is gone
        clock.advance(timedelta(hours=12))
        async with store.transaction() as tx:
            claimed = await tx.homework.claim_due_reminders(10, LEASE)
        assert [(r.client_id, r.due_on, r.note) for r in claimed] == [(client_id, TODAY, None)]

    async def test_counts_must_add_up(self, store: Store) -> None:
        therapist_id, client_id = await linked_pair(store)
        assignment, items = await assign(store, therapist_id, client_id, TODAY, 2)
        await _finish_item(store, client_id, items[0].id)
        with pytest.raises(ValueError, match="kept"):
            async with store.transaction() as tx:
                await tx.homework.reschedule(assignment.id, "daily", 2, TODAY, time(8, 0), "UTC", None,
                                             daily(TODAY, 2), keep_due_before=TODAY)

    async def test_a_cancelled_or_unknown_assignment_cannot_change(self, store: Store) -> None:
        therapist_id, client_id = await linked_pair(store)
        assignment, _ = await assign(store, therapist_id, client_id, TODAY)
        async with store.transaction() as tx:
            await tx.homework.cancel_assignment(assignment.id)
        with pytest.raises(ValueError, match="cancelled"):
            async with store.transaction() as tx:
                await tx.homework.reschedule(assignment.id, "once", 1, TODAY, time(8, 0), "UTC", None, daily(TODAY, 1),
                                             keep_due_before=TODAY)
        with pytest.raises(RecordNotFound):
            async with store.transaction() as tx:
                await tx.homework.reschedule(assignment.id + 99, "once", 1, TODAY, time(8, 0), "UTC", None,
                                             daily(TODAY, 1), keep_due_before=TODAY)


class TestCancelAndList:
    async def test_cancelled_items_are_neither_open_nor_reminded_and_done_ones_stay(
            self, store: Store, clock: FakeClock) -> None:
        therapist_id, client_id = await linked_pair(store)
        assignment, items = await assign(store, therapist_id, client_id, TODAY, 3, at=time(9, 0))
        await _finish_item(store, client_id, items[0].id)
        async with store.transaction() as tx:
            await tx.homework.cancel_assignment(assignment.id)
        clock.advance(timedelta(days=3))
        async with store.transaction() as tx:
            assert await tx.homework.open_items_for_client(client_id) == []
            assert await tx.homework.claim_due_reminders(10, LEASE) == []
            kept = await tx.homework.items_for(therapist_id, client_id)
            cancelled = await tx.homework.get_assignment(assignment.id)
        assert [i.id for i in kept if i.completed_at is not None] == [items[0].id]
        assert cancelled is not None and cancelled.cancelled_at is not None

    async def test_assignments_for_lists_newest_first_with_cancelled_ones(
            self, store: Store, clock: FakeClock) -> None:
        therapist_id, client_id = await linked_pair(store)
        first, _ = await assign(store, therapist_id, client_id, TODAY)
        clock.advance(timedelta(minutes=1))
        second, _ = await assign(store, therapist_id, client_id, TODAY, flow_id="box_breathing")
        other = await person(store, 555, therapist=True)
        async with store.transaction() as tx:
            await tx.homework.cancel_assignment(first.id)
            listed = await tx.homework.assignments_for(therapist_id, client_id)
            nobody = await tx.homework.assignments_for(other.id, client_id)
        assert [(a.id, a.flow_id, a.cancelled_at is not None) for a in listed] == [
            (second.id, "box_breathing", False), (first.id, "thought_record", True)]
        assert nobody == []


class TestTemplates:
    async def test_save_list_get_delete(self, store: Store, clock: FakeClock) -> None:
        therapist = await person(store, 777, therapist=True)
        colleague = await person(store, 778, therapist=True)
        async with store.transaction() as tx:
            first = await tx.templates.save(therapist.id, "thought_record", "daily", 5, 1, time(20, 0), "Записи")
            second = await tx.templates.save(therapist.id, "box_breathing", "once", 1, 0, time(8, 0), None)
            await tx.templates.save(colleague.id, "box_breathing", "once", 1, 0, time(8, 0), None)
        assert (first.flow_id, first.schedule, first.times, first.due_in_days, first.remind_at, first.note) == (
            "thought_record", "daily", 5, 1, time(20, 0), "Записи")
        assert first.created_at == clock.now and first.therapist_id == therapist.id
        async with store.transaction() as tx:
            assert [t.id for t in await tx.templates.for_therapist(therapist.id)] == [first.id, second.id]
            assert await tx.templates.get(first.id) == first
            assert await tx.templates.delete(first.id) is True
            assert await tx.templates.delete(first.id) is False
            assert await tx.templates.get(first.id) is None
            assert [t.id for t in await tx.templates.for_therapist(therapist.id)] == [second.id]

    async def test_invalid_templates_are_refused(self, store: Store) -> None:
        therapist = await person(store, 777, therapist=True)
        for schedule, times, days in (("once", 2, 0), ("daily", 0, 0), ("daily", 3, -1)):
            with pytest.raises(ValueError, match="not a valid template"):
                async with store.transaction() as tx:
                    await tx.templates.save(therapist.id, "thought_record", schedule, times, days,  # type: ignore[arg-type]
                                            time(8, 0), None)

    async def test_a_therapists_templates_go_with_them_and_are_in_their_data(self, store: Store) -> None:
        therapist = await person(store, 777, therapist=True)
        async with store.transaction() as tx:
            saved = await tx.templates.save(therapist.id, "thought_record", "once", 1, 0, time(20, 0), "Заметка")
            data = await tx.privacy.everything_about(therapist.id)
        assert data.homework_templates == (saved,)
        async with store.transaction() as tx:
            report = await tx.privacy.erase_person(therapist.id)
            assert await tx.templates.get(saved.id) is None
        assert report.deleted.get("homework_templates") == 1


async def test_a_bulk_assignment_draft_naming_a_client_goes_when_the_client_is_erased(store: Store) -> None:
    therapist_id, client_id = await linked_pair(store)
    async with store.transaction() as tx:
        await tx.dialogs.put(therapist_id, "assign", {"mode": "bulk", "template_id": 1, "picked": [client_id]})
        await tx.privacy.erase_person(client_id)
        assert await tx.dialogs.get(therapist_id) is None
