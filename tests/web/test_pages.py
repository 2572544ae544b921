"""The client page reads one page of exercises at a time, newest first, and its since-last-session cards,
through the same storage as the bot (SQLite file)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import insert

from bot.conversation.flow_library import FlowLibrary
from bot.engine import FlowEngine
from bot.flow_dirs import SHIPPED_FLOWS
from bot.storage import Store, open_store, upgrade
from bot.storage.schema import SessionRow
from bot.web.pages import SINCE_CARDS, TIMELINE_PAGE, client_page
from tests.support.walker import explore

NOW = datetime(2026, 3, 25, 12, 0, tzinfo=UTC)


@pytest.fixture
async def store(tmp_path: Path) -> AsyncIterator[Store]:
    url = f"sqlite:///{tmp_path / 'cbt.sqlite3'}"
    await asyncio.to_thread(upgrade, url)
    opened = await open_store(url, clock=lambda: NOW)
    try:
        yield opened
    finally:
        await opened.close()


async def test_a_long_history_is_paged_newest_first(store: Store) -> None:
    library = FlowLibrary.from_dirs([SHIPPED_FLOWS])
    flow = library.current("quick_reframe")
    assert flow is not None
    engine = FlowEngine(flow)
    session, _ = engine.start("en", 1000.0)
    for step in explore(engine, "en").ends["done"]:
        engine.handle(session, step)
    async with store.transaction() as tx:
        therapist = await tx.people.set_role((await tx.people.get_or_create(1)).id, "therapist")
        client = await tx.people.get_or_create(2)
        await tx.links.link(therapist.id, client.id)
        version = await tx.flow_versions.ensure("quick_reframe", flow.version, library.source("quick_reframe"))
    count = TIMELINE_PAGE + 5
    async with store.engine.begin() as connection:
        await connection.execute(insert(SessionRow), [
            {"person_id": client.id, "flow_version_id": version, "flow_id": "quick_reframe", "status": "completed",
             "state": session.to_json(), "current_step": None, "started_at": NOW - timedelta(hours=h),
             "updated_at": NOW - timedelta(hours=h), "finished_at": NOW - timedelta(hours=h), "outcome": "done",
             "delivered_seq": 0, "version_id": 1} for h in range(1, count + 1)])
    async with store.transaction() as tx:
        first = await client_page(tx, library, therapist, client.id, NOW, "en")
        second = await client_page(tx, library, therapist, client.id, NOW, "en", page=1)
        beyond = await client_page(tx, library, therapist, client.id, NOW, "en", page=9)
        reads = [(e.action, e.detail) for e in await tx.audit.for_actor(therapist.id)]
    assert first is not None and second is not None and beyond is not None
    assert (first.pages, len(first.timeline), len(second.timeline)) == (2, TIMELINE_PAGE, 5)
    started = [e.review.started_at for e in (*first.timeline, *second.timeline)]
    assert started == sorted(started, reverse=True) and len(set(started)) == count
    assert beyond.page == 1  # a page past the end shows the last
    # never reviewed, no session marked: every completed exercise is since then; the newest twenty are carded
    assert (len(first.since_cards), first.since_more) == (SINCE_CARDS, count - SINCE_CARDS)
    carded = [c.started_at for c in first.since_cards]
    assert carded == sorted(carded) and carded[-1] == started[0]  # oldest first, up to the newest
    assert ("review", "web list filter=a page=1") in reads
