"""The storage contract: the same assertions against every backend (see conftest.py for the backends)."""

from __future__ import annotations

import asyncio
import dataclasses
import functools
import hashlib
import json
from collections.abc import Awaitable, Callable
from datetime import timedelta

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import text
from sqlalchemy.engine import Connection
from sqlalchemy.exc import IntegrityError

from bot.storage import (
    ConcurrentUpdate,
    NewTranscriptEntry,
    RecordNotFound,
    SessionAlreadyOpen,
    SessionStatus,
    StorageBusy,
    StorageConfigError,
    Store,
    StoredSession,
    UnitOfWork,
    current_revision,
    head_revision,
    open_store,
    upgrade,
)
from bot.storage.engine import create_engine
from bot.storage.migrate import alembic_config
from bot.storage.records import EntryKind
from bot.storage.schema import SessionRow, metadata
from tests.storage.backends import Backend, FakeClock

BIG_TELEGRAM_ID = 2**40 + 12345  # Telegram ids no longer fit in 32 bits
FLOW_SOURCE = "id: thought_record\nversion: 3\ntitle: {en: Thought record, ru: Дневник мыслей}\n"


async def _person_with_flow(store: Store, telegram_id: int = BIG_TELEGRAM_ID) -> tuple[int, int]:
    async with store.transaction() as tx:
        person = await tx.people.get_or_create(telegram_id)
        flow_version_id = await tx.flow_versions.ensure("thought_record", 3, FLOW_SOURCE)
    return person.id, flow_version_id


async def _start(store: Store, person_id: int, flow_version_id: int, state: str = '{"n":0}') -> StoredSession:
    async with store.transaction() as tx:
        return await tx.sessions.start(person_id, flow_version_id, state, "situation")


def _json(value: object) -> str:
    """Text as the engine's Session.to_json() writes it: compact, non-ASCII kept."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True)


async def _retrying(store: Store, work: Callable[[UnitOfWork], Awaitable[None]]) -> int:
    """Run `work` in a transaction until it commits, as a caller must; returns how many retries it took."""
    for retries in range(500):
        try:
            async with store.transaction() as tx:
                await work(tx)
        except (ConcurrentUpdate, StorageBusy):
            await asyncio.sleep(0.001 * (retries % 10))
            continue
        return retries
    raise AssertionError("no commit after 500 attempts")


class TestMigrations:
    async def test_an_empty_database_migrates_to_head(self, backend: Backend) -> None:
        await backend.make_empty_database()
        assert await asyncio.to_thread(current_revision, backend.url) is None
        await asyncio.to_thread(upgrade, backend.url)
        assert await asyncio.to_thread(current_revision, backend.url) == head_revision()
        await asyncio.to_thread(upgrade, backend.url)  # a second run has nothing to do
        assert await asyncio.to_thread(current_revision, backend.url) == head_revision()

    async def test_models_match_the_migrations(self, store: Store) -> None:
        def differences(connection: Connection) -> list[object]:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            return list(compare_metadata(context, metadata))

        async with store.engine.connect() as connection:
            assert await connection.run_sync(differences) == []

    async def test_migrations_go_down_to_nothing_and_up_again(self, backend: Backend) -> None:
        await asyncio.to_thread(upgrade, backend.url)
        await asyncio.to_thread(command.downgrade, alembic_config(backend.url), "base")
        assert await asyncio.to_thread(current_revision, backend.url) is None
        await asyncio.to_thread(upgrade, backend.url)
        assert await asyncio.to_thread(current_revision, backend.url) == head_revision()

    async def test_an_event_stored_before_0007_reads_as_the_sos_path_with_no_category(self, backend: Backend) -> None:
        await backend.make_empty_database()
        await asyncio.to_thread(upgrade, backend.url, "0006")
        engine = create_engine(backend.url)
        try:
            async with engine.begin() as connection:
                await connection.execute(text(
                    "INSERT INTO people (id, telegram_id, role, timezone, created_at, updated_at) "
                    "VALUES (1, 42, 'client', 'UTC', '2026-12-01 10:00:00', '2026-12-01 10:00:00')"))
                await connection.execute(text(
                    "INSERT INTO safety_events (person_id, at, source, level, rules, choices) "
                    "VALUES (1, '2026-12-01 10:00:00', 'detected', 'explicit', 'en.explicit.x', 'yes')"))
        finally:
            await engine.dispose()
        await asyncio.to_thread(upgrade, backend.url)
        store = await open_store(backend.url, create=False)
        try:
            async with store.transaction() as tx:
                [event] = await tx.safety.events_of(1)
        finally:
            await store.close()
        assert (event.source, event.response, event.category, event.choices) == ("detected", "sos", None, ("yes",))

    async def test_open_store_refuses_a_database_that_is_not_migrated(self, backend: Backend) -> None:
        await backend.make_empty_database()
        # (with create=True, an empty SQLite file is taken for a first start cut short and migrated:
        # tests/storage/test_store.py)
        with pytest.raises(StorageConfigError, match=r"revision none.*cbt-bot db upgrade"):
            await open_store(backend.url, create=False)


class TestPeople:
    async def test_get_or_create_keeps_a_64_bit_telegram_id(self, store: Store) -> None:
        async with store.transaction() as tx:
            created = await tx.people.get_or_create(BIG_TELEGRAM_ID)
            again = await tx.people.get_or_create(BIG_TELEGRAM_ID)
        async with store.transaction() as tx:
            found = await tx.people.find_by_telegram_id(BIG_TELEGRAM_ID)
            largest = await tx.people.get_or_create(2**63 - 1)
        assert created == again == found
        assert created.telegram_id == BIG_TELEGRAM_ID
        assert largest.telegram_id == 2**63 - 1
        assert largest.id != created.id
        assert (created.role, created.timezone, created.language, created.has_consent) == (
            "client", "UTC", None, False
        )

    async def test_language_timezone_consent_and_blocking(self, store: Store, clock: FakeClock) -> None:
        async with store.transaction() as tx:
            person = await tx.people.get_or_create(BIG_TELEGRAM_ID)
        clock.advance(timedelta(minutes=1))
        async with store.transaction() as tx:
            await tx.people.set_language(person.id, "ru")
            await tx.people.set_timezone(person.id, "Europe/Berlin")
            await tx.people.set_role(person.id, "therapist")
            await tx.people.give_consent(person.id)
            blocked = await tx.people.mark_blocked(person.id)
        async with store.transaction() as tx:
            stored = await tx.people.get(person.id)
        assert stored == blocked
        assert (stored.language, stored.timezone, stored.role) == ("ru", "Europe/Berlin", "therapist")
        assert stored.has_consent
        assert stored.blocked_at == clock.now
        assert stored.updated_at > stored.created_at
        clock.advance(timedelta(days=1))
        async with store.transaction() as tx:
            withdrawn = await tx.people.withdraw_consent(person.id)
            unblocked = await tx.people.mark_unblocked(person.id)
        assert not withdrawn.has_consent
        assert unblocked.blocked_at is None

    @pytest.mark.parametrize("typed", ["Europe/" + "x" * 300, "../../../etc/passwd", "Europe/Berlin\n", "",
                                       "Nowhere/Atlantis"])
    async def test_a_time_zone_that_is_not_one_is_refused_without_quoting_it(self, store: Store,
                                                                              typed: str) -> None:
        async with store.transaction() as tx:
            person = await tx.people.get_or_create(BIG_TELEGRAM_ID)
        with pytest.raises(ValueError, match="time zone") as refused:
            async with store.transaction() as tx:
                await tx.people.set_timezone(person.id, typed)
        assert typed.strip() == "" or typed.strip() not in str(refused.value)
        async with store.transaction() as tx:
            kept = await tx.people.get(person.id)
            legacy = await tx.people.set_timezone(person.id, "Europe/Kiev")  # an old name is still a name
        assert kept is not None and kept.timezone == "UTC"
        assert legacy.timezone == "Europe/Kiev"

    async def test_telegram_language_is_kept_apart_from_the_chosen_one(self, store: Store) -> None:
        async with store.transaction() as tx:
            person = await tx.people.get_or_create(BIG_TELEGRAM_ID)
            assert person.telegram_language is None
            noted = await tx.people.note_telegram_language(person.id, "ru")
            await tx.people.set_language(person.id, "en")
            again = await tx.people.note_telegram_language(person.id, "pt-br")
        assert (noted.language, noted.telegram_language) == (None, "ru")
        assert (again.language, again.telegram_language) == ("en", "pt-br"), "a choice is never overridden"
        async with store.transaction() as tx:
            unchanged = await tx.people.note_telegram_language(person.id, None)  # an update without one
            too_long = await tx.people.note_telegram_language(person.id, "x" * 17)
            stored = await tx.people.get(person.id)
        assert unchanged == too_long == stored
        assert stored is not None and stored.telegram_language == "pt-br"

    async def test_unknown_people_and_time_zones_are_refused(self, store: Store) -> None:
        async with store.transaction() as tx:
            person = await tx.people.get_or_create(BIG_TELEGRAM_ID)
            with pytest.raises(ValueError, match="IANA"):
                await tx.people.set_timezone(person.id, "Mars/Olympus_Mons")
            with pytest.raises(RecordNotFound):
                await tx.people.set_language(person.id + 1000, "en")
            assert await tx.people.get(person.id + 1000) is None


class TestSafetyEvents:
    async def test_a_check_in_keeps_its_response_until_escalated_and_keeps_its_category(self, store: Store) -> None:
        async with store.transaction() as tx:
            person = await tx.people.get_or_create(BIG_TELEGRAM_ID)
            check_in = await tx.safety.open_event(person.id, "detected", "indirect", "en.indirect.x",
                                                  "check_in", "home")
            sos = await tx.safety.open_event(person.id, "command", "requested", "")
        async with store.transaction() as tx:
            before = await tx.safety.events_of(person.id)
            await tx.safety.escalate(check_in, "sos", None)  # no category given: the first one stays
        async with store.transaction() as tx:
            after = await tx.safety.events_of(person.id)
        assert [(e.response, e.category) for e in before] == [("check_in", "home"), ("sos", None)]
        assert [(e.id, e.response, e.category) for e in after] == [(check_in, "sos", "home"), (sos, "sos", None)]


class TestFlowVersions:
    async def test_the_same_source_is_stored_once(self, store: Store) -> None:
        async with store.transaction() as tx:
            first = await tx.flow_versions.ensure("thought_record", 3, FLOW_SOURCE)
            same = await tx.flow_versions.ensure("thought_record", 3, FLOW_SOURCE)
            changed = await tx.flow_versions.ensure("thought_record", 4, FLOW_SOURCE + "# edited\n")
            other_flow = await tx.flow_versions.ensure("box_breathing", 3, FLOW_SOURCE)
        async with store.transaction() as tx:
            later = await tx.flow_versions.ensure("thought_record", 3, FLOW_SOURCE)
            stored = await tx.flow_versions.get(first)
        assert first == same == later
        assert len({first, changed, other_flow}) == 3
        assert stored is not None
        assert (stored.flow_id, stored.version, stored.source) == ("thought_record", 3, FLOW_SOURCE)
        assert stored.content_hash == hashlib.sha256(FLOW_SOURCE.encode()).hexdigest()


class TestSessions:
    async def test_start_save_and_resume(self, store: Store, clock: FakeClock) -> None:
        person_id, flow_version_id = await _person_with_flow(store)
        engine_state = {"flow_id": "thought_record", "state": "situation", "answers": {}, "format": 1}
        started = await _start(store, person_id, flow_version_id, _json(engine_state))
        assert (started.status, started.flow_id, started.version, started.finished_at) == (
            "active", "thought_record", 1, None
        )

        engine_state["answers"] = {"situation": "Начальник не ответил на письмо 🙁"}
        engine_state["state"] = "thoughts"
        clock.advance(timedelta(minutes=2))
        async with store.transaction() as tx:
            current = await tx.sessions.get_current(person_id)
            assert current == started
            saved = await tx.sessions.save(
                current, state=_json(engine_state), status="paused", current_step="thoughts"
            )
        assert (saved.version, saved.status, saved.updated_at) == (2, "paused", clock.now)

        async with store.transaction() as tx:  # after a restart: everything comes back
            resumed = await tx.sessions.get_current(person_id)
            assert resumed == saved
            assert json.loads(resumed.state) == engine_state
            finished = await tx.sessions.save(
                resumed, state=resumed.state, status="completed", current_step=None, outcome="completed"
            )
            assert await tx.sessions.get_current(person_id) is None
        assert finished.finished_at == clock.now
        assert finished.outcome == "completed"
        with pytest.raises(ValueError, match="finished"):
            async with store.transaction() as tx:
                await tx.sessions.save(finished, state="{}", status="active", current_step="situation")

    async def test_completed_sessions_are_listed_newest_first(self, store: Store, clock: FakeClock) -> None:
        person_id, flow_version_id = await _person_with_flow(store)
        finished_ids = []
        for n in range(3):
            clock.advance(timedelta(hours=1))
            session = await _start(store, person_id, flow_version_id)
            async with store.transaction() as tx:
                status: SessionStatus = "completed" if n != 1 else "cancelled"
                await tx.sessions.save(session, state="{}", status=status, current_step=None)
            finished_ids.append(session.id)
        async with store.transaction() as tx:
            completed = await tx.sessions.list_completed(person_id)
            latest = await tx.sessions.list_completed(person_id, limit=1)
        assert [s.id for s in completed] == [finished_ids[2], finished_ids[0]]
        assert [s.id for s in latest] == [finished_ids[2]]

    async def test_delivery_marks_only_rise_and_do_not_bump_the_version(self, store: Store) -> None:
        person_id, flow_version_id = await _person_with_flow(store)
        session = await _start(store, person_id, flow_version_id)
        assert session.delivered_seq == 0
        async with store.transaction() as tx:
            await tx.sessions.mark_delivered(session.id, 3)
            await tx.sessions.mark_delivered(session.id, 2)
        async with store.transaction() as tx:
            reread = await tx.sessions.get(session.id)
            assert reread is not None
            assert (reread.delivered_seq, reread.version) == (3, session.version)
            saved = await tx.sessions.save(reread, state="{}", status="active", current_step="mood")
        assert saved.delivered_seq == 3

    async def test_a_save_leaves_no_stale_copy_in_its_transaction(self, store: Store) -> None:
        """Saves are Core statements; a copy some other query loaded as an ORM object in the same
        transaction must show the saved values, and must not write the old ones back."""
        person_id, flow_version_id = await _person_with_flow(store)
        session = await _start(store, person_id, flow_version_id)
        async with store.transaction() as tx:
            loaded = await tx.sessions._db.get(SessionRow, session.id)
            assert loaded is not None
            saved = await tx.sessions.save(session, state='{"n": 2}', status="completed", current_step=None,
                                           outcome="done")
            assert (loaded.version_id, loaded.state, loaded.status, loaded.outcome) == (
                saved.version, '{"n": 2}', "completed", "done")
            assert loaded.finished_at == saved.finished_at is not None
        async with store.transaction() as tx:
            reread = await tx.sessions.get(session.id)
        assert reread == saved

    async def test_open_sessions_are_listed_by_status(self, store: Store, clock: FakeClock) -> None:
        first, flow_version_id = await _person_with_flow(store, 1)
        second, _ = await _person_with_flow(store, 2)
        active = await _start(store, first, flow_version_id)
        clock.advance(timedelta(minutes=1))
        paused = await _start(store, second, flow_version_id)
        async with store.transaction() as tx:
            await tx.sessions.save(paused, state="{}", status="paused", current_step="mood")
            assert [s.id for s in await tx.sessions.list_open()] == [active.id]
            assert [s.id for s in await tx.sessions.list_open("paused")] == [paused.id]

    async def test_open_sessions_come_in_pages(self, store: Store) -> None:
        people = [await _person_with_flow(store, telegram_id) for telegram_id in (1, 2, 3)]
        started = [await _start(store, person_id, version_id) for person_id, version_id in people]
        async with store.transaction() as tx:
            first = await tx.sessions.list_open("active", 2)
            second = await tx.sessions.list_open("active", 2, after_id=first[-1].id)
            last = await tx.sessions.list_open("active", 2, after_id=second[-1].id)
        assert [s.id for s in first + second] == sorted(s.id for s in started) and last == []
        assert first[0].state == started[0].state

    async def test_one_open_session_per_person(self, store: Store) -> None:
        person_id, flow_version_id = await _person_with_flow(store)
        other_id, _ = await _person_with_flow(store, telegram_id=42)
        first = await _start(store, person_id, flow_version_id)
        await _start(store, other_id, flow_version_id)  # someone else is not affected
        with pytest.raises(SessionAlreadyOpen) as refused:
            await _start(store, person_id, flow_version_id)
        assert refused.value.session_id == first.id
        async with store.transaction() as tx:
            paused = await tx.sessions.save(first, state="{}", status="paused", current_step="situation")
        with pytest.raises(SessionAlreadyOpen):
            await _start(store, person_id, flow_version_id)
        async with store.transaction() as tx:
            await tx.sessions.save(paused, state="{}", status="ended", current_step=None)
        assert (await _start(store, person_id, flow_version_id)).status == "active"

    async def test_concurrent_starts_open_one_session(self, store: Store) -> None:
        person_id, flow_version_id = await _person_with_flow(store)
        results = await asyncio.gather(
            *(_start(store, person_id, flow_version_id) for _ in range(5)), return_exceptions=True
        )
        assert sum(isinstance(r, StoredSession) for r in results) == 1
        assert sum(isinstance(r, SessionAlreadyOpen) for r in results) == 4

    async def test_the_database_itself_refuses_a_second_open_session(self, store: Store) -> None:
        person_id, flow_version_id = await _person_with_flow(store)
        open_session = await _start(store, person_id, flow_version_id)
        with pytest.raises(IntegrityError):  # a partial unique index, in case code bypasses the repository
            async with store.engine.begin() as connection:
                await connection.execute(
                    text(
                        "INSERT INTO sessions (person_id, flow_version_id, flow_id, status, state, "
                        "started_at, updated_at, version_id) SELECT person_id, flow_version_id, flow_id, "
                        "'paused', state, started_at, updated_at, 1 FROM sessions WHERE id = :id"
                    ),
                    {"id": open_session.id},
                )

    async def test_a_stale_save_raises_concurrent_update(self, store: Store) -> None:
        person_id, flow_version_id = await _person_with_flow(store)
        await _start(store, person_id, flow_version_id)
        async with store.transaction() as tx:
            seen_by_a = await tx.sessions.get_current(person_id)
        async with store.transaction() as tx:
            seen_by_b = await tx.sessions.get_current(person_id)
        assert seen_by_a is not None
        assert seen_by_a == seen_by_b

        async with store.transaction() as tx:
            await tx.sessions.save(seen_by_a, state='{"by":"a"}', status="active", current_step="thoughts")

        async def b_saves() -> None:
            async with store.transaction() as tx:
                await tx.updates.claim(1, 1)
                await tx.sessions.save(seen_by_b, state='{"by":"b"}', status="active", current_step="b")

        with pytest.raises(ConcurrentUpdate):
            await b_saves()
        async with store.transaction() as tx:
            final = await tx.sessions.get(seen_by_a.id)
            assert await tx.updates.claim(1, 1)  # b's transaction left nothing behind
        assert final is not None
        assert (final.state, final.current_step, final.version) == ('{"by":"a"}', "thoughts", 2)


    async def test_interleaved_transactions_one_save_wins(self, store: Store, backend: Backend) -> None:
        if backend.serialises_writers:
            pytest.skip("SQLite's BEGIN IMMEDIATE runs write transactions one at a time; none interleave")
        person_id, flow_version_id = await _person_with_flow(store)
        await _start(store, person_id, flow_version_id)
        both_loaded = asyncio.Barrier(2)

        async def load_then_save(label: str) -> str:
            async with store.transaction() as tx:
                seen = await tx.sessions.get_current(person_id)
                assert seen is not None
                await both_loaded.wait()
                await tx.sessions.save(seen, state=json.dumps(label), status="active", current_step=label)
            return label

        results = await asyncio.gather(load_then_save("a"), load_then_save("b"), return_exceptions=True)
        winners = [r for r in results if isinstance(r, str)]
        assert len(winners) == 1
        assert sum(isinstance(r, ConcurrentUpdate) for r in results) == 1
        async with store.transaction() as tx:
            final = await tx.sessions.get_current(person_id)
        assert final is not None
        assert (final.current_step, final.version) == (winners[0], 2)

    async def test_fifty_concurrent_read_modify_writes_lose_nothing(
        self, store: Store, backend: Backend
    ) -> None:
        async with store.transaction() as tx:
            flow_version_id = await tx.flow_versions.ensure("thought_record", 3, FLOW_SOURCE)
            people = [await tx.people.get_or_create(1_000_000 + n) for n in range(51)]
            sessions = [await tx.sessions.start(p.id, flow_version_id, '{"n":0}', None) for p in people]
        counter, own_sessions = sessions[0], sessions[1:]

        async def read_modify_write(own_id: int, tx: UnitOfWork) -> None:
            for session_id in (own_id, counter.id):
                session = await tx.sessions.get(session_id)
                assert session is not None
                n = json.loads(session.state)["n"]
                await asyncio.sleep(0)  # let the other tasks run between the read and the write
                await tx.sessions.save(
                    session, state=json.dumps({"n": n + 1}), status="active", current_step=str(n + 1)
                )

        retries = await asyncio.gather(
            *(_retrying(store, functools.partial(read_modify_write, s.id)) for s in own_sessions)
        )
        async with store.transaction() as tx:
            final = [await tx.sessions.get(s.id) for s in sessions]
        assert [json.loads(s.state)["n"] for s in final if s] == [50] + [1] * 50
        if backend.serialises_writers:
            assert sum(retries) == 0  # each transaction read only after the previous one committed


class TestProcessedUpdates:
    async def test_an_update_is_claimed_once(self, store: Store) -> None:
        bot_id, update_id = 7_000_000_001, 2**33 + 1
        async with store.transaction() as tx:
            assert await tx.updates.claim(bot_id, update_id)
            assert not await tx.updates.claim(bot_id, update_id)
        async with store.transaction() as tx:
            assert not await tx.updates.claim(bot_id, update_id)
            assert await tx.updates.claim(bot_id + 1, update_id)  # another bot's update with the same id

    async def test_a_failed_step_releases_its_claim(self, store: Store) -> None:
        person_id, flow_version_id = await _person_with_flow(store)

        async def crashing_step() -> None:
            async with store.transaction() as tx:
                assert await tx.updates.claim(1, 100)
                await tx.sessions.start(person_id, flow_version_id, "{}", "situation")
                raise RuntimeError("handler crashed")

        with pytest.raises(RuntimeError, match="handler crashed"):
            await crashing_step()
        async with store.transaction() as tx:
            assert await tx.sessions.get_current(person_id) is None
            assert await tx.updates.claim(1, 100)

    async def test_prune_forgets_old_updates(self, store: Store, clock: FakeClock) -> None:
        async with store.transaction() as tx:
            await tx.updates.claim(1, 500)
        clock.advance(timedelta(days=3))
        async with store.transaction() as tx:
            await tx.updates.claim(1, 20)  # ids may restart lower: age decides, not the id
            assert await tx.updates.prune(older_than=timedelta(days=2)) == 1
        async with store.transaction() as tx:
            assert await tx.updates.claim(1, 500)
            assert not await tx.updates.claim(1, 20)

    async def test_a_held_lock_gives_storage_busy(self, backend: Backend, store: Store) -> None:
        impatient = Store(create_engine(backend.url, lock_timeout=0.2), lock_timeout=0.2)
        try:
            async with backend.block_writers():
                with pytest.raises(StorageBusy):
                    async with impatient.transaction() as tx:
                        await tx.updates.claim(1, 1)
            async with impatient.transaction() as tx:  # once the lock is gone, the retry succeeds
                assert await tx.updates.claim(1, 1)
        finally:
            await impatient.close()

    async def test_waiting_for_a_held_lock_leaves_the_loop_free(self, backend: Backend, store: Store) -> None:
        """SQLite runs statements in the loop's thread: the wait for another process's lock must not be one."""
        patient = Store(create_engine(backend.url, lock_timeout=0.6), lock_timeout=0.6)
        ticks = 0

        async def tick() -> None:
            nonlocal ticks
            while True:
                await asyncio.sleep(0.01)
                ticks += 1

        ticker = asyncio.create_task(tick())
        try:
            async with backend.block_writers():
                with pytest.raises(StorageBusy):
                    async with patient.transaction() as tx:
                        await tx.updates.claim(1, 1)
            assert ticks >= 20  # about 60 in the 0.6 s of waiting, had the loop been free all along
        finally:
            ticker.cancel()
            await patient.close()


class TestTranscript:
    async def test_entries_come_back_in_order(self, store: Store, clock: FakeClock) -> None:
        person_id, flow_version_id = await _person_with_flow(store)
        other_id, _ = await _person_with_flow(store, telegram_id=43)
        session = await _start(store, person_id, flow_version_id)
        other = await _start(store, other_id, flow_version_id)
        values = [None, "Мне страшно", {"before": 7, "after": 4}, ["a", "b"], 0, None]
        kinds: list[EntryKind] = ["prompt", "answer", "answer", "answer", "answer", "event"]
        for n, (kind, value) in enumerate(zip(kinds, values, strict=True)):
            clock.advance(timedelta(seconds=10))
            entry = NewTranscriptEntry(kind, clock.now, step_id=f"s{n}", raw=f"raw {n}", value=value)
            async with store.transaction() as tx:
                await tx.transcript.append(session.id, [entry])
                await tx.transcript.append(other.id, [entry, entry])
        async with store.transaction() as tx:
            entries = await tx.transcript.for_session(session.id)
            others = await tx.transcript.for_session(other.id)
        assert [e.seq for e in entries] == [1, 2, 3, 4, 5, 6]
        assert [(e.kind, e.step_id, e.value) for e in entries] == [
            (k, f"s{n}", v) for n, (k, v) in enumerate(zip(kinds, values, strict=True))
        ]
        assert entries == sorted(entries, key=lambda e: e.at)
        assert [e.seq for e in others] == list(range(1, 13))

    async def test_appending_to_a_missing_session_is_refused(self, store: Store, clock: FakeClock) -> None:
        with pytest.raises(RecordNotFound):
            async with store.transaction() as tx:
                await tx.transcript.append(999, [NewTranscriptEntry("event", clock.now)])


class TestRecords:
    async def test_records_are_frozen_values_not_orm_objects(self, store: Store) -> None:
        person_id, flow_version_id = await _person_with_flow(store)
        session = await _start(store, person_id, flow_version_id)
        assert dataclasses.is_dataclass(session)
        assert type(session).__module__ == "bot.storage.records"
        with pytest.raises(dataclasses.FrozenInstanceError):
            session.status = "paused"  # type: ignore[misc]
