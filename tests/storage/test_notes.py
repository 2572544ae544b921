"""A therapist's private notes (issue 11), on every backend: written and read by their author only, encrypted at
rest, gone when the link ends, when the exercise they are on is purged, and with either person on erasure;
in the therapist's own data, not in the client's. Migration 0012 and its audit action."""

from __future__ import annotations

import asyncio
import json
from datetime import timedelta

import pytest
from alembic import command
from sqlalchemy import text

from bot.storage import Keyring, RecordNotFound, Store, generate_key, open_store, upgrade
from bot.storage.engine import create_engine
from bot.storage.migrate import alembic_config
from bot.storage.records import NOTE_LENGTH
from tests.storage.backends import Backend, FakeClock
from tests.storage.therapy import linked_pair, person

NOTE = "Zq9-note: avoids mentioning the father; ask about the weekend"


async def _session(store: Store, client_id: int, status: str = "completed") -> int:
    async with store.transaction() as tx:
        version = await tx.flow_versions.ensure("thought_record", 1, "id: thought_record\nversion: 1\n")
        session = await tx.sessions.start(client_id, version, json.dumps({"answers": {}}), "situation")
        session = await tx.sessions.save(session, state=session.state, status=status,  # type: ignore[arg-type]
                                         current_step=None)
        return session.id


class TestNotes:
    async def test_a_note_on_the_client_and_one_on_an_exercise(self, store: Store, clock: FakeClock) -> None:
        therapist_id, client_id = await linked_pair(store)
        session_id = await _session(store, client_id)
        async with store.transaction() as tx:
            on_client = await tx.notes.add(therapist_id, client_id, "  " + NOTE + "\n")
        clock.advance(timedelta(minutes=5))
        async with store.transaction() as tx:
            on_exercise = await tx.notes.add(therapist_id, client_id, "Хорошо нашёл альтернативную мысль", session_id)
        assert on_client.text == NOTE  # trimmed
        assert on_client.session_id is None and on_exercise.session_id == session_id
        assert on_exercise.created_at - on_client.created_at == timedelta(minutes=5)
        async with store.transaction() as tx:
            assert [n.id for n in await tx.notes.for_client(therapist_id, client_id)] == [on_client.id, on_exercise.id]
            assert [n.text for n in await tx.notes.for_session(therapist_id, session_id)] == [
                "Хорошо нашёл альтернативную мысль"]
            assert await tx.notes.get(therapist_id, on_client.id) == on_client

    async def test_only_the_author_reads_or_deletes_a_note(self, store: Store) -> None:
        therapist_id, client_id = await linked_pair(store)
        other = await person(store, 5_000_000_777, therapist=True)
        async with store.transaction() as tx:
            note = await tx.notes.add(therapist_id, client_id, NOTE)
        async with store.transaction() as tx:
            assert await tx.notes.get(other.id, note.id) is None
            assert await tx.notes.for_client(other.id, client_id) == []
            assert await tx.notes.delete(other.id, note.id) is False
        async with store.transaction() as tx:
            assert await tx.notes.delete(therapist_id, note.id) is True
            assert await tx.notes.delete(therapist_id, note.id) is False
            assert await tx.notes.for_client(therapist_id, client_id) == []

    async def test_blank_too_long_and_foreign_sessions_are_refused(self, store: Store) -> None:
        therapist_id, client_id = await linked_pair(store)
        stranger = await person(store, 3_000_000_001)
        strangers_session = await _session(store, stranger.id)
        async with store.transaction() as tx:
            with pytest.raises(ValueError, match="some text"):
                await tx.notes.add(therapist_id, client_id, "  \n ")
            with pytest.raises(ValueError, match=str(NOTE_LENGTH)):
                await tx.notes.add(therapist_id, client_id, "x" * (NOTE_LENGTH + 1))
            with pytest.raises(RecordNotFound):
                await tx.notes.add(therapist_id, client_id, NOTE, strangers_session)
            assert await tx.notes.for_client(therapist_id, client_id) == []

    async def test_the_notes_go_when_the_link_ends(self, store: Store) -> None:
        therapist_id, client_id = await linked_pair(store)
        async with store.transaction() as tx:
            await tx.notes.add(therapist_id, client_id, NOTE)
            link = await tx.links.active_for_client(client_id)
        assert link is not None
        async with store.transaction() as tx:
            await tx.links.end(link.id, "therapist")
        async with store.transaction() as tx:
            assert await tx.notes.for_client(therapist_id, client_id) == []

    async def test_a_new_link_ends_the_old_one_and_its_notes(self, store: Store) -> None:
        therapist_id, client_id = await linked_pair(store)
        second = await person(store, 5_000_000_888, therapist=True)
        async with store.transaction() as tx:
            await tx.notes.add(therapist_id, client_id, NOTE)
        async with store.transaction() as tx:
            await tx.links.link(second.id, client_id)
        async with store.transaction() as tx:
            assert await tx.notes.for_client(therapist_id, client_id) == []


class TestPrivacy:
    async def test_in_the_therapists_data_not_the_clients(self, store: Store) -> None:
        therapist_id, client_id = await linked_pair(store)
        async with store.transaction() as tx:
            note = await tx.notes.add(therapist_id, client_id, NOTE)
        async with store.transaction() as tx:
            assert (await tx.privacy.everything_about(therapist_id)).notes_written == (note,)
            assert (await tx.privacy.everything_about(client_id)).notes_written == ()

    @pytest.mark.parametrize("erased", ["client", "therapist"])
    async def test_erasing_either_person_deletes_the_notes(self, store: Store, erased: str) -> None:
        therapist_id, client_id = await linked_pair(store)
        session_id = await _session(store, client_id)
        async with store.transaction() as tx:
            await tx.notes.add(therapist_id, client_id, NOTE)
            await tx.notes.add(therapist_id, client_id, NOTE, session_id)
        async with store.transaction() as tx:
            report = await tx.privacy.erase_person(client_id if erased == "client" else therapist_id)
        assert report.deleted["therapist_notes"] == 2
        assert await _raw_texts(store) == []

    async def test_purging_an_exercise_deletes_its_notes_only(self, store: Store, clock: FakeClock) -> None:
        therapist_id, client_id = await linked_pair(store)
        session_id = await _session(store, client_id)
        async with store.transaction() as tx:
            await tx.notes.add(therapist_id, client_id, "on the client")
            await tx.notes.add(therapist_id, client_id, "on the exercise", session_id)
        clock.advance(timedelta(days=100))
        async with store.transaction() as tx:
            report = await tx.privacy.purge(clock.now - timedelta(days=30), None)
        assert report.deleted["therapist_notes"] == 1 and report.deleted["sessions"] == 1
        async with store.transaction() as tx:
            assert [n.text for n in await tx.notes.for_client(therapist_id, client_id)] == ["on the client"]


class TestAtRest:
    async def test_the_stored_text_is_not_the_note(self, backend: Backend, clock: FakeClock) -> None:
        await asyncio.to_thread(upgrade, backend.url)
        store = await open_store(backend.url, clock=clock, keyring=Keyring.from_keys(generate_key()))
        try:
            therapist_id, client_id = await linked_pair(store)
            async with store.transaction() as tx:
                await tx.notes.add(therapist_id, client_id, NOTE)
            raw = await _raw_texts(store)
            assert len(raw) == 1 and raw[0].startswith("enc:v1:") and "Zq9" not in raw[0]
            async with store.transaction() as tx:  # and it reads back as written
                assert [n.text for n in await tx.notes.for_client(therapist_id, client_id)] == [NOTE]
        finally:
            await store.close()


class TestMigration0012:
    async def test_the_audit_log_takes_notes_reads_and_a_downgrade_drops_them(
        self, backend: Backend, store: Store
    ) -> None:
        therapist_id, client_id = await linked_pair(store)
        async with store.transaction() as tx:
            await tx.audit.record(therapist_id, client_id, "notes", "notes=1")
            await tx.audit.record(therapist_id, client_id, "review", "session=1")
        await store.close()
        await asyncio.to_thread(command.downgrade, alembic_config(backend.url), "0007")
        engine = create_engine(backend.url)
        try:
            async with engine.connect() as connection:
                actions = (await connection.execute(text("SELECT action FROM audit_log"))).scalars().all()
                tables = await connection.run_sync(lambda c: c.dialect.has_table(c, "therapist_notes"))
        finally:
            await engine.dispose()
        assert actions == ["review"] and not tables
        await asyncio.to_thread(upgrade, backend.url)
        again = await open_store(backend.url)
        try:
            async with again.transaction() as tx:
                await tx.audit.record(therapist_id, client_id, "notes", "notes=0")
                assert [e.action for e in await tx.audit.for_actor(therapist_id)] == ["review", "notes"]
        finally:
            await again.close()


async def _raw_texts(store: Store) -> list[str]:
    async with store.engine.connect() as connection:
        return list((await connection.execute(text("SELECT text FROM therapist_notes"))).scalars().all())
