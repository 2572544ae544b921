"""Delivery marks: seen at once, written in batches, never lost to a failed write or a newer mark."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import pytest

from bot.conversation.deliveries import Deliveries
from bot.storage import StorageBusy, Store, StoredSession, open_store


@pytest.fixture
async def store(tmp_path: Path) -> Store:
    return await open_store(f"sqlite:///{tmp_path / 'cbt.sqlite3'}")


async def _session(store: Store, telegram_id: int = 42) -> StoredSession:
    async with store.transaction() as tx:
        person = await tx.people.get_or_create(telegram_id)
        version = await tx.flow_versions.ensure("flow", "1", "id: flow")
        return await tx.sessions.start(person.id, version, "{}", "first")


async def _stored(store: Store, session_id: int) -> StoredSession:
    async with store.transaction() as tx:
        found = await tx.sessions.get(session_id)
    assert found is not None
    return found


async def test_a_mark_counts_at_once_and_is_written_by_save(store: Store) -> None:
    deliveries = Deliveries(store)
    session = await _session(store)
    deliveries.confirm(session.id, 3)
    deliveries.confirm(session.id, 2)  # an older prompt's mark never lowers it
    assert deliveries.seen(session) == 3
    assert (await _stored(store, session.id)).delivered_seq == 0
    assert await deliveries.save() == 1
    assert deliveries.pending == 0
    stored = await _stored(store, session.id)
    assert stored.delivered_seq == 3 and stored.version == session.version  # not a state change
    assert await deliveries.save() == 0
    await store.close()


async def test_one_save_writes_every_session(store: Store) -> None:
    deliveries = Deliveries(store)
    sessions = [await _session(store, telegram_id) for telegram_id in (1, 2, 3)]
    for n, session in enumerate(sessions, start=1):
        deliveries.confirm(session.id, n)
    assert await deliveries.save() == 3
    assert [(await _stored(store, s.id)).delivered_seq for s in sessions] == [1, 2, 3]
    await store.close()


async def test_a_mark_made_during_a_save_stays_pending(store: Store) -> None:
    deliveries = Deliveries(store)
    session = await _session(store)
    deliveries.confirm(session.id, 1)
    original = store.transaction

    def meanwhile():  # type: ignore[no-untyped-def]
        deliveries.confirm(session.id, 2)  # the next question went out while the first mark was written
        return original()

    store.transaction = meanwhile  # type: ignore[method-assign]
    await deliveries.save()
    store.transaction = original  # type: ignore[method-assign]
    assert deliveries.pending == 1 and deliveries.seen(await _stored(store, session.id)) == 2
    await deliveries.save()
    assert (await _stored(store, session.id)).delivered_seq == 2
    await store.close()


async def test_a_failed_save_keeps_the_marks(store: Store) -> None:
    deliveries = Deliveries(store)
    session = await _session(store)
    deliveries.confirm(session.id, 4)
    original = store.transaction

    @asynccontextmanager
    async def busy() -> AsyncIterator[object]:
        raise StorageBusy("locked")
        yield  # pragma: no cover

    store.transaction = busy  # type: ignore[assignment,method-assign]
    with pytest.raises(StorageBusy):
        await deliveries.save()
    store.transaction = original  # type: ignore[method-assign]
    assert deliveries.pending == 1 and deliveries.seen(session) == 4
    assert await deliveries.save() == 1
    assert (await _stored(store, session.id)).delivered_seq == 4
    await store.close()
