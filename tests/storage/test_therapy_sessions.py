"""Therapy sessions marked as held, and the last review of a client, on every backend: where "since last
session" starts."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from sqlalchemy import inspect
from sqlalchemy.engine import Connection

from bot.storage import Store, current_revision, upgrade
from bot.storage.engine import create_engine
from bot.storage.migrate import alembic_config
from tests.storage.backends import Backend, FakeClock
from tests.storage.therapy import linked_pair, person


async def test_no_session_marked_reads_as_none_then_the_newest_mark_counts(store: Store, clock: FakeClock) -> None:
    therapist_id, client_id = await linked_pair(store)
    async with store.transaction() as tx:
        assert await tx.therapy_sessions.latest(therapist_id, client_id) is None
        first = await tx.therapy_sessions.mark_held(therapist_id, client_id)
    assert first == clock.now
    clock.advance(timedelta(days=7))
    async with store.transaction() as tx:
        second = await tx.therapy_sessions.mark_held(therapist_id, client_id)
    async with store.transaction() as tx:
        assert await tx.therapy_sessions.latest(therapist_id, client_id) == second == first + timedelta(days=7)


async def test_marks_belong_to_one_therapist_and_one_client(store: Store) -> None:
    therapist_id, client_id = await linked_pair(store)
    other = await person(store, 77, therapist=True)
    other_client = await person(store, 78)
    async with store.transaction() as tx:
        await tx.therapy_sessions.mark_held(therapist_id, client_id)
    async with store.transaction() as tx:
        assert await tx.therapy_sessions.latest(other.id, client_id) is None
        assert await tx.therapy_sessions.latest(therapist_id, other_client.id) is None


async def test_the_last_review_before_a_moment(store: Store, clock: FakeClock) -> None:
    therapist_id, client_id = await linked_pair(store)
    start = clock.now
    async with store.transaction() as tx:
        assert await tx.audit.latest(therapist_id, client_id, "review", start) is None
        await tx.audit.record(therapist_id, client_id, "review", "list")
    clock.advance(timedelta(hours=3))
    async with store.transaction() as tx:
        await tx.audit.record(therapist_id, client_id, "export", "format=pdf")
        await tx.audit.record(therapist_id, client_id, "review", "list")
    async with store.transaction() as tx:
        assert await tx.audit.latest(therapist_id, client_id, "review", start + timedelta(hours=1)) == start
        assert await tx.audit.latest(therapist_id, client_id, "review", clock.now + timedelta(seconds=1)) == clock.now
        assert await tx.audit.latest(client_id, therapist_id, "review", clock.now + timedelta(days=1)) is None


async def test_erasing_either_side_deletes_the_marks(store: Store) -> None:
    therapist_id, client_id = await linked_pair(store)
    async with store.transaction() as tx:
        await tx.therapy_sessions.mark_held(therapist_id, client_id)
        await tx.therapy_sessions.mark_held(therapist_id, client_id)
    async with store.transaction() as tx:
        report = await tx.privacy.erase_person(client_id)
    assert report.deleted["therapy_sessions"] == 2
    async with store.transaction() as tx:
        assert await tx.therapy_sessions.latest(therapist_id, client_id) is None


async def test_migration_0011_adds_the_table_and_goes_back(backend: Backend) -> None:
    from alembic import command

    await backend.make_empty_database()
    await asyncio.to_thread(upgrade, backend.url, "0011")
    engine = create_engine(backend.url)

    def tables(connection: Connection) -> set[str]:
        return set(inspect(connection).get_table_names())

    try:
        async with engine.connect() as connection:
            assert "therapy_sessions" in await connection.run_sync(tables)
        await asyncio.to_thread(command.downgrade, alembic_config(backend.url), "0007")
        assert await asyncio.to_thread(current_revision, backend.url) == "0007"
        async with engine.connect() as connection:
            assert "therapy_sessions" not in await connection.run_sync(tables)
    finally:
        await engine.dispose()


async def test_both_sides_find_the_marks_in_their_data(store: Store, clock: FakeClock) -> None:
    therapist_id, client_id = await linked_pair(store)
    async with store.transaction() as tx:
        held = await tx.therapy_sessions.mark_held(therapist_id, client_id)
    async with store.transaction() as tx:
        for someone in (therapist_id, client_id):
            data = await tx.privacy.everything_about(someone)
            assert [(h.therapist_id, h.client_id, h.held_at) for h in data.therapy_sessions] == [
                (therapist_id, client_id, held)]
