"""The dashboard's sign-in links and sessions, on both backends: single use, expiry, idle expiry, sign-out,
only hashes stored, erased with the person."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import text

from bot.storage import Store
from tests.storage.backends import FakeClock

IDLE = timedelta(minutes=30)


async def _person(store: Store, telegram_id: int = 501) -> int:
    async with store.transaction() as tx:
        person = await tx.people.get_or_create(telegram_id)
        await tx.people.set_role(person.id, "therapist")
        return person.id


async def test_a_sign_in_link_works_once(store: Store) -> None:
    person = await _person(store)
    async with store.transaction() as tx:
        token = await tx.web.create_sign_in(person, timedelta(minutes=5))
    async with store.transaction() as tx:
        assert await tx.web.redeem_sign_in(token) == person
    async with store.transaction() as tx:
        assert await tx.web.redeem_sign_in(token) is None
        assert await tx.web.redeem_sign_in(token + "x") is None


async def test_a_sign_in_link_expires_after_five_minutes(store: Store, clock: FakeClock) -> None:
    person = await _person(store)
    async with store.transaction() as tx:
        late = await tx.web.create_sign_in(person, timedelta(minutes=5))
        in_time = await tx.web.create_sign_in(person, timedelta(minutes=5))
    clock.advance(timedelta(minutes=4, seconds=59))
    async with store.transaction() as tx:
        assert await tx.web.redeem_sign_in(in_time) == person
    clock.advance(timedelta(seconds=2))
    async with store.transaction() as tx:
        assert await tx.web.redeem_sign_in(late) is None


async def test_a_session_ends_when_idle_and_on_sign_out(store: Store, clock: FakeClock) -> None:
    person = await _person(store)
    async with store.transaction() as tx:
        kept = await tx.web.start_session(person)
        idle = await tx.web.start_session(person)
    for _ in range(3):  # used every 20 minutes: never idle for 30
        clock.advance(timedelta(minutes=20))
        async with store.transaction() as tx:
            assert await tx.web.session_person(kept, IDLE) == person
    async with store.transaction() as tx:
        assert await tx.web.session_person(idle, IDLE) is None
        assert await tx.web.sessions_of(person) == 2
        await tx.web.end_session(kept)
    async with store.transaction() as tx:
        assert await tx.web.session_person(kept, IDLE) is None
        assert await tx.web.sessions_of(person) == 1


async def test_only_hashes_are_stored_and_erasure_removes_them(store: Store) -> None:
    person = await _person(store)
    async with store.transaction() as tx:
        link = await tx.web.create_sign_in(person, timedelta(minutes=5))
        session = await tx.web.start_session(person)
    async with store.transaction() as tx:
        rows = [tuple(r) for table in ("web_signins", "web_sessions")
                for r in (await tx.people._db.execute(text(f"SELECT * FROM {table}"))).all()]  # type: ignore[attr-defined]
    assert len(rows) == 2
    assert not any(token in repr(rows) for token in (link, session))
    async with store.transaction() as tx:
        report = await tx.privacy.erase_person(person)
    assert (report.deleted["web_signins"], report.deleted["web_sessions"]) == (1, 1)
    async with store.transaction() as tx:
        assert await tx.web.session_person(session, IDLE) is None


async def test_the_retention_purge_removes_expired_links_and_long_unused_sessions(
    store: Store, clock: FakeClock
) -> None:
    person = await _person(store)
    async with store.transaction() as tx:
        await tx.web.create_sign_in(person, timedelta(minutes=5))
        await tx.web.start_session(person)
    clock.advance(timedelta(days=1))
    async with store.transaction() as tx:
        fresh = await tx.web.start_session(person)
        report = await tx.privacy.purge(None, None)
    assert (report.deleted["web_signins"], report.deleted["web_sessions"]) == (0, 0)
    clock.advance(timedelta(days=1, minutes=10))
    async with store.transaction() as tx:
        report = await tx.privacy.purge(None, None)
        assert await tx.web.sessions_of(person) == 1
    assert (report.deleted["web_signins"], report.deleted["web_sessions"]) == (1, 1)
    assert fresh
