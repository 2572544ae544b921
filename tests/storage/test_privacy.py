"""The privacy storage contract (issue 5), on every backend: a person's data, erasure that leaves no row
naming them (every table is read back with plain SQL), retention purge, and migration 0003."""

from __future__ import annotations

import asyncio
import json
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import pytest
from alembic import command
from sqlalchemy import Column, ForeignKey, Integer, Table, insert, inspect, select, text
from sqlalchemy.engine import Connection

from bot.engine.kept import KeptChange
from bot.storage import (
    ConcurrentUpdate,
    NewTranscriptEntry,
    RecordNotFound,
    StorageBusy,
    Store,
    current_revision,
    head_revision,
    open_store,
    upgrade,
)
from bot.storage.engine import create_engine
from bot.storage.migrate import alembic_config
from bot.storage.repositories.privacy import ERASED_TABLES
from bot.storage.schema import PersonRow, ProcessedUpdateRow, metadata
from tests.storage.backends import Backend, FakeClock
from tests.storage.therapy import assign

BOT = 7_000_000_001
THERAPIST_TG, OTHER_THERAPIST_TG = 5_000_000_001, 5_000_000_002
CLIENT_TG, OTHER_TG = 2**40 + 7, 2**40 + 99
THERAPIST_NAME, OTHER_THERAPIST_NAME = "Dr. Tessaract", "Dr. Ullagong"
CLIENT_NAME = "Zebedee Sentinelson"
# The client's words, wherever the bot keeps them: answers, raw text, session state, their dialog.
ANSWER, RAW, STATE, DIALOG = "ZEBRA-answer-7d1c", "ZEBRA raw text 41", "ZEBRA-state-9a", "ZEBRA-dialog-3f"
NOTE = "ZEBRA-note-2b"  # the therapist's note on the client's homework: goes with the client's assignment
OTHER_ANSWER = "OTTER-answer-55"
FLOW_SOURCE = "id: thought_record\nversion: 3\n"
PRIVATE_SOURCE = "id: private_flow\nversion: 1\n"


@dataclass
class World:
    therapist: int
    other_therapist: int
    client: int
    other: int
    shipped: int  # flow version ids
    private_v1: int  # used by the other client's session
    private_v2: int  # the therapist's custom flow now; nobody's session
    client_sessions: tuple[int, ...]


async def _session(store: Store, person_id: int, version_id: int, words: str, state: str, *, finish: bool) -> int:
    async with store.transaction() as tx:
        row = await tx.sessions.start(person_id, version_id, json.dumps({"answers": {"s": state}}), "situation")
        at = row.started_at
        await tx.transcript.append(row.id, [
            NewTranscriptEntry("prompt", at, "situation", "What happened?"),
            NewTranscriptEntry("answer", at, "situation", f"{words} (raw)", {"key": "situation", "value": words}),
        ])
        if finish:
            await tx.sessions.save(row, state=row.state, status="completed", current_step=None, outcome="completed")
        else:
            await tx.sessions.save(row, state=row.state, status="paused", current_step="mood")
    return row.id


async def seed(store: Store, clock: FakeClock) -> World:
    """Two therapists, the client to erase and another client, with every kind of row the bot writes."""
    async with store.transaction() as tx:
        therapist = await tx.people.get_or_create(THERAPIST_TG)
        await tx.people.set_role(therapist.id, "therapist")
        await tx.people.set_display_name(therapist.id, THERAPIST_NAME)
        other_therapist = await tx.people.get_or_create(OTHER_THERAPIST_TG)
        await tx.people.set_role(other_therapist.id, "therapist")
        await tx.people.set_display_name(other_therapist.id, OTHER_THERAPIST_NAME)
        client = await tx.people.get_or_create(CLIENT_TG)
        await tx.people.set_language(client.id, "ru")
        await tx.people.set_timezone(client.id, "Europe/Berlin")
        await tx.people.give_consent(client.id)
        await tx.people.set_display_name(client.id, CLIENT_NAME)
        other = await tx.people.get_or_create(OTHER_TG)
        await tx.people.give_consent(other.id)
        shipped = await tx.flow_versions.ensure("thought_record", 3, FLOW_SOURCE)
        private_v1 = await tx.flow_versions.ensure("private_flow", 1, PRIVATE_SOURCE)
        private_v2 = await tx.flow_versions.ensure("private_flow", 2, PRIVATE_SOURCE + "# v2\n")
        await tx.custom_flows.save(therapist.id, "private_flow", private_v2, 2)
        await tx.links.link(other_therapist.id, client.id)
    clock.advance(timedelta(days=1))
    async with store.transaction() as tx:
        _, code = await tx.invites.create("client", therapist.id, timedelta(days=7))
        await tx.invites.create("client", therapist.id, timedelta(days=7))  # never used
        assert await tx.invites.redeem(code, client.id) is not None
        await tx.links.link(therapist.id, client.id)  # replaces the link to the other therapist
        await tx.links.link(therapist.id, other.id)
    _, items = await assign(store, therapist.id, client.id, date(2026, 1, 6), 2, note=NOTE)  # done on its day
    await assign(store, therapist.id, other.id, date(2026, 1, 7), 1, note="Note for the other client")
    done = await _session(store, client.id, shipped, ANSWER, STATE, finish=False)
    async with store.transaction() as tx:
        await tx.homework.start_item(items[0].id, done)
        current = await tx.sessions.get(done)
        assert current is not None
        await tx.sessions.save(current, state=current.state, status="completed", current_step=None)
        await tx.homework.complete_by_session(done)
    clock.advance(timedelta(hours=1))
    paused = await _session(store, client.id, shipped, RAW, STATE, finish=False)
    await _session(store, other.id, private_v1, OTHER_ANSWER, OTHER_ANSWER, finish=True)
    async with store.transaction() as tx:
        await tx.audit.record(therapist.id, client.id, "review", f"session={done}")
        await tx.notes.add(therapist.id, client.id, "A private note on the client")
        await tx.notes.add(therapist.id, client.id, "A private note on the exercise", done)
        await tx.notes.add(therapist.id, other.id, "A private note on the other client")
        await tx.kept.apply(client.id, KeptChange("goals", "add", ("Walk every morning",)), "smart_goal")
        await tx.kept.apply(client.id, KeptChange("goals", "done", ("Walk every morning",)), "goal_review")
        await tx.kept.apply(other.id, KeptChange("goals", "add", ("The other client's goal",)), "smart_goal")
        await tx.audit.record(therapist.id, other.id, "export", "format=pdf")
        await tx.therapy_sessions.mark_held(therapist.id, client.id)  # a session held with each client
        await tx.therapy_sessions.mark_held(therapist.id, other.id)
        await tx.dialogs.put(client.id, "privacy", {"draft": DIALOG})
        await tx.dialogs.put(therapist.id, "assign", {"stage": "confirm", "client_id": client.id})
        await tx.dialogs.put(other.id, "privacy", {"draft": OTHER_ANSWER})
        event = await tx.safety.open_event(client.id, "command", "requested", "")
        await tx.safety.note_choice(event, "breathe")
        await tx.safety.close_event(event, "back")
        await tx.safety.open_event(other.id, "command", "requested", "")
        for update_id, sender in ((1, CLIENT_TG), (2, CLIENT_TG), (3, OTHER_TG), (4, THERAPIST_TG)):
            assert await tx.updates.claim(BOT, update_id, sender)
        assert await tx.updates.claim(BOT, 5)  # a sender unknown (as before migration 0003)
    return World(therapist.id, other_therapist.id, client.id, other.id, shipped, private_v1, private_v2,
                 (done, paused))


# --- reading every table back ---------------------------------------------------------------------------


def _raw_rows(connection: Connection) -> dict[str, list[dict[str, Any]]]:
    """Every row of every table, as the database holds it (plain SQL: no column types, no decryption)."""
    names = set(inspect(connection).get_table_names()) - {"alembic_version"}
    assert names == {table.name for table in metadata.sorted_tables}  # nothing the models do not know
    return {
        table.name: [dict(row) for row in connection.execute(text(f'SELECT * FROM "{table.name}"')).mappings()]
        for table in metadata.sorted_tables
    }


async def every_row(store: Store) -> dict[str, list[dict[str, Any]]]:
    async with store.engine.connect() as connection:
        raw = await connection.run_sync(_raw_rows)
        # The same through the models, which open encrypted columns: the words must be gone, not just sealed.
        for table in metadata.sorted_tables:
            for n, row in enumerate((await connection.execute(select(table))).mappings()):
                raw[table.name][n] = {**raw[table.name][n], **{f"{k} (read)": v for k, v in row.items()}}
    return raw


def naming(
    rows: dict[str, list[dict[str, Any]]], person_id: int, telegram_id: int, words: tuple[str, ...]
) -> list[str]:
    """Every place a row names the person: a reference to people.id, their Telegram id, or their words."""
    people_refs = {
        (table.name, column.name)
        for table in metadata.sorted_tables for column in table.columns
        for fk in column.foreign_keys if fk.column.table.name == "people"
    } | {("people", "id")}
    found = []
    for table, table_rows in rows.items():
        for row in table_rows:
            for column, value in row.items():
                name = column.removesuffix(" (read)")
                if (table, name) in people_refs and value == person_id:
                    found.append(f"{table}.{name} = {person_id}")
                elif value == telegram_id or (isinstance(value, str) and str(telegram_id) in value):
                    found.append(f"{table}.{name} holds the Telegram id")
                elif isinstance(value, str) and any(w in value for w in words):
                    found.append(f"{table}.{name} holds {value[:40]!r}")
    return found


async def _foreign_key_problems(store: Store, backend: Backend) -> list[Any]:
    if backend.name != "sqlite":
        return []  # PostgreSQL enforces them always
    async with store.engine.connect() as connection:
        return list((await connection.execute(text("PRAGMA foreign_key_check"))).all())


CLIENT_WORDS = (ANSWER, RAW, STATE, DIALOG, NOTE, CLIENT_NAME)


def known(counts: dict[str, int]) -> dict[str, int]:
    """The counts of the tables erasure has a step for (a table added later must hold nothing here)."""
    assert all(count == 0 for table, count in counts.items() if table not in ERASED_TABLES), counts
    return {table: count for table, count in counts.items() if table in ERASED_TABLES}


class TestMigration0003:
    async def test_upgrade_keeps_rows_and_downgrade_returns_to_0002(self, backend: Backend, clock: FakeClock) -> None:
        await backend.make_empty_database()
        await asyncio.to_thread(upgrade, backend.url, "0002")
        engine = create_engine(backend.url)
        try:
            async with engine.begin() as connection:
                await connection.execute(insert(ProcessedUpdateRow.__table__).values(
                    bot_id=BOT, update_id=1, processed_at=clock.now))
                await connection.execute(insert(PersonRow.__table__).values(
                    telegram_id=CLIENT_TG, created_at=clock.now, updated_at=clock.now))
        finally:
            await engine.dispose()
        await asyncio.to_thread(upgrade, backend.url)
        assert await asyncio.to_thread(current_revision, backend.url) == head_revision()
        store = await open_store(backend.url, clock=clock)
        try:
            async with store.transaction() as tx:
                assert not await tx.updates.claim(BOT, 1)  # still known after the upgrade
                person = await tx.people.find_by_telegram_id(CLIENT_TG)
                assert person is not None
                assert (await tx.privacy.everything_about(person.id)).purged_activity_at is None
            async with store.engine.connect() as connection:
                stored = (await connection.execute(text("SELECT telegram_id FROM processed_updates"))).all()
            assert stored == [(None,)]
        finally:
            await store.close()

        await asyncio.to_thread(command.downgrade, alembic_config(backend.url), "0002")
        assert await asyncio.to_thread(current_revision, backend.url) == "0002"
        engine = create_engine(backend.url)
        try:
            async with engine.connect() as connection:
                columns = await connection.run_sync(lambda c: {
                    table: {col["name"] for col in inspect(c).get_columns(table)}
                    for table in ("processed_updates", "people")
                })
                indexes = await connection.run_sync(
                    lambda c: {i["name"] for i in inspect(c).get_indexes("processed_updates")})
                count = (await connection.execute(text("SELECT count(*) FROM processed_updates"))).scalar_one()
        finally:
            await engine.dispose()
        assert "telegram_id" not in columns["processed_updates"]
        assert "purged_activity_at" not in columns["people"]
        assert "ix_processed_updates_telegram_id" not in indexes
        assert count == 1


class TestClaimRecordsTheSender:
    async def test_the_sender_is_kept_and_the_old_call_still_works(self, store: Store) -> None:
        async with store.transaction() as tx:
            assert await tx.updates.claim(BOT, 10, CLIENT_TG)
            assert not await tx.updates.claim(BOT, 10, OTHER_TG)  # the first claim's sender stays
            assert await tx.updates.claim(BOT, 11)
        async with store.engine.connect() as connection:
            rows = (await connection.execute(
                text("SELECT update_id, telegram_id FROM processed_updates ORDER BY update_id"))).all()
        assert [tuple(r) for r in rows] == [(10, CLIENT_TG), (11, None)]


class TestEverythingAbout:
    async def test_a_clients_data(self, store: Store, clock: FakeClock) -> None:
        world = await seed(store, clock)
        async with store.transaction() as tx:
            data = await tx.privacy.everything_about(world.client)
        assert (data.person.telegram_id, data.person.language, data.person.display_name) == (
            CLIENT_TG, "ru", CLIENT_NAME)
        assert [s.session.id for s in data.sessions] == list(world.client_sessions)  # oldest first
        assert [s.session.status for s in data.sessions] == ["completed", "paused"]
        answers = [e.value["value"] for s in data.sessions for e in s.entries if e.kind == "answer"]
        assert answers == [ANSWER, RAW]
        assert [e.seq for e in data.sessions[0].entries] == [1, 2]
        assert STATE in data.sessions[0].session.state
        assert [v.id for v in data.flow_versions] == [world.shipped]
        assert len(data.homework) == 1
        homework = data.homework[0]
        assert (homework.therapist_name, homework.assignment.note) == (THERAPIST_NAME, NOTE)
        assert [i.completed_at is not None for i in homework.items] == [True, False]
        assert homework.items[0].session_id == world.client_sessions[0]
        assert [(link.role, link.other_id, link.other_name, link.link.ended_by) for link in data.links] == [
            ("client", world.other_therapist, OTHER_THERAPIST_NAME, "replaced"),
            ("client", world.therapist, THERAPIST_NAME, None),
        ]
        assert [(i.created_by, i.used_by) for i in data.invites] == [(world.therapist, world.client)]
        assert [(r.entry.action, r.actor_name) for r in data.reads_of_their_data] == [("review", THERAPIST_NAME)]
        assert data.their_reads == ()
        assert data.dialog is not None
        assert data.dialog.state == {"draft": DIALOG}
        assert (data.assignments_made, data.custom_flows, data.purged_activity_at) == ((), (), None)
        assert [(e.source, e.choices, e.outcome) for e in data.safety_events] == [("command", ("breathe",), "back")]
        assert OTHER_ANSWER not in repr(data)  # nobody else's content
        assert str(OTHER_TG) not in repr(data)

    async def test_a_therapists_data_names_clients_by_number_only(self, store: Store, clock: FakeClock) -> None:
        world = await seed(store, clock)
        async with store.transaction() as tx:
            data = await tx.privacy.everything_about(world.therapist)
        assert [(link.role, link.other_id, link.other_name) for link in data.links] == [
            ("therapist", world.client, None), ("therapist", world.other, None)
        ]
        assert [a.client_id for a in data.assignments_made] == [world.client, world.other]
        assert len(data.invites) == 2
        assert [(r.entry.subject_id, r.entry.action) for r in data.their_reads] == [
            (world.client, "review"), (world.other, "export")
        ]
        assert [c.flow_version_id for c in data.custom_flows] == [world.private_v2]
        assert [v.id for v in data.flow_versions] == [world.private_v2]
        assert (data.sessions, data.homework, data.reads_of_their_data) == ((), (), ())
        for words in (ANSWER, RAW, STATE, DIALOG, CLIENT_NAME, OTHER_ANSWER, str(CLIENT_TG), str(OTHER_TG)):
            assert words not in repr(data)

    async def test_an_unknown_person(self, store: Store) -> None:
        async with store.transaction() as tx:
            with pytest.raises(RecordNotFound):
                await tx.privacy.everything_about(12345)


class TestErasure:
    async def test_erasing_a_client_leaves_no_row_that_names_them(
        self, store: Store, clock: FakeClock, backend: Backend
    ) -> None:
        world = await seed(store, clock)
        before = await every_row(store)
        assert naming(before, world.client, CLIENT_TG, CLIENT_WORDS)  # the scan does find them
        async with store.transaction() as tx:
            other_before = await tx.privacy.everything_about(world.other)
            report = await tx.privacy.erase_person(world.client)
            assert await tx.people.get(world.client) is None  # gone within the transaction too
            assert await tx.people.find_by_telegram_id(CLIENT_TG) is None

        after = await every_row(store)
        assert naming(after, world.client, CLIENT_TG, CLIENT_WORDS) == []
        assert known(report.deleted) == {
            "homework_items": 2, "assignments": 1, "therapist_notes": 2, "transcript": 4, "sessions": 2, "links": 2,
            "dialogs": 2,  # their own, and their therapist's /assign wizard about them
            "custom_flows": 0, "custom_flow_versions": 0,
            "flow_versions": 0, "invites": 0, "processed_updates": 2, "safety_events": 1,
            "people": 1, "therapy_sessions": 1, "web_sessions": 0, "web_signins": 0, "kept_lists": 2,
        }
        assert report.anonymised == {"audit_log": 1, "invites": 1}
        assert (report.person_id, report.telegram_id) == (world.client, CLIENT_TG)
        assert report.therapists_to_tell == (world.therapist,)  # the active link only
        assert report.clients_to_tell == ()
        for table, rows in before.items():  # nothing else went
            gone = sum(report.deleted.get(t, 0) for t in (table,))
            assert len(after[table]) == len(rows) - gone, table
        assert {(r["actor_id"], r["subject_id"]) for r in after["audit_log"]} == {
            (world.therapist, None), (world.therapist, world.other)
        }
        invites = sorted(after["invites"], key=lambda r: r["id"])
        assert [(r["used_by"], r["used_at"] is not None) for r in invites] == [(None, True), (None, False)]
        assert await _foreign_key_problems(store, backend) == []

        async with store.transaction() as tx:
            assert await tx.privacy.everything_about(world.other) == other_before  # untouched
            assert await tx.dialogs.get(world.therapist) is None
            assert [link.client_id for link in await tx.links.clients_of(world.therapist)] == [world.other]
            assert not await tx.updates.claim(BOT, 3, OTHER_TG)  # the others' updates stay known
            assert await tx.updates.claim(BOT, 1, CLIENT_TG)  # theirs are forgotten
            with pytest.raises(RecordNotFound):
                await tx.privacy.erase_person(world.client)
            returning = await tx.people.get_or_create(CLIENT_TG)  # they may come back: as somebody new
        assert (returning.has_consent, returning.display_name, returning.language) == (False, None, None)

    async def test_erasing_a_therapist(self, store: Store, clock: FakeClock, backend: Backend) -> None:
        world = await seed(store, clock)
        before = await every_row(store)
        async with store.transaction() as tx:
            report = await tx.privacy.erase_person(world.therapist)
        after = await every_row(store)
        assert naming(after, world.therapist, THERAPIST_TG, (THERAPIST_NAME,)) == []
        assert known(report.deleted) == {
            "homework_items": 3, "assignments": 2, "therapist_notes": 3, "transcript": 0, "sessions": 0, "links": 2,
            "dialogs": 1,
            "custom_flows": 1, "custom_flow_versions": 1,
            "flow_versions": 1, "invites": 2, "processed_updates": 1, "safety_events": 0,
            "people": 1, "therapy_sessions": 2, "web_sessions": 0, "web_signins": 0, "kept_lists": 0,
        }
        assert report.anonymised == {"audit_log": 2, "invites": 0}
        assert report.clients_to_tell == tuple(sorted((world.client, world.other)))
        assert report.therapists_to_tell == ()
        # The clients' exercises stay, and so does the flow version a client's session ran on.
        assert len(after["sessions"]) == len(before["sessions"]) == 3
        assert len(after["transcript"]) == len(before["transcript"])
        assert {r["id"] for r in after["flow_versions"]} == {world.shipped, world.private_v1}
        assert {(r["actor_id"], r["subject_id"]) for r in after["audit_log"]} == {
            (None, world.client), (None, world.other)
        }
        assert await _foreign_key_problems(store, backend) == []
        async with store.transaction() as tx:
            client = await tx.privacy.everything_about(world.client)
            assert client.homework == ()
            assert [(link.other_id, link.other_name) for link in client.links] == [
                (world.other_therapist, OTHER_THERAPIST_NAME)
            ]
            assert [r.actor_name for r in client.reads_of_their_data] == [None]  # who read it: gone
            assert [s.session.id for s in client.sessions] == list(world.client_sessions)

    async def test_steps_racing_the_erasure_leave_nothing_behind(self, store: Store, clock: FakeClock) -> None:
        world = await seed(store, clock)
        paused = world.client_sessions[1]

        async def step(n: int) -> str:
            await asyncio.sleep(0.001 * n)
            async with store.transaction() as tx:
                session = await tx.sessions.get(paused)
                if session is None:
                    return "gone"
                await asyncio.sleep(0)
                await tx.updates.claim(BOT, 100 + n, CLIENT_TG)
                await tx.transcript.append(paused, [NewTranscriptEntry("answer", clock.now, "mood", ANSWER)])
                await tx.sessions.save(session, state=session.state, status="paused", current_step=f"s{n}")
            return "stepped"

        async def erase() -> str:
            await asyncio.sleep(0.003)  # some steps commit first, some wait for the erasure, some come after
            async with store.transaction() as tx:
                await tx.privacy.erase_person(world.client)
            return "erased"

        results = await asyncio.gather(erase(), *(step(n) for n in range(8)), return_exceptions=True)
        assert results[0] == "erased"
        allowed = (str, RecordNotFound, ConcurrentUpdate, StorageBusy)
        assert all(isinstance(r, allowed) for r in results), results
        assert naming(await every_row(store), world.client, CLIENT_TG, CLIENT_WORDS) == []

    async def test_a_table_added_later_does_not_keep_or_block_them(self, store: Store, clock: FakeClock) -> None:
        world = await seed(store, clock)
        needs = Table("zz_needs_person", metadata, Column("id", Integer, primary_key=True),
                      Column("person_id", ForeignKey("people.id"), nullable=False))
        mentions = Table("zz_mentions_person", metadata, Column("id", Integer, primary_key=True),
                         Column("person_id", ForeignKey("people.id"), nullable=True))
        try:
            async with store.engine.begin() as connection:
                await connection.run_sync(lambda c: metadata.create_all(c, tables=[needs, mentions]))
                for table in (needs, mentions):
                    await connection.execute(insert(table), [{"person_id": world.client}, {"person_id": world.other}])
            async with store.transaction() as tx:
                report = await tx.privacy.erase_person(world.client)
            assert report.deleted["zz_needs_person"] == 1
            assert report.anonymised["zz_mentions_person"] == 1
            rows = await every_row(store)
            assert naming(rows, world.client, CLIENT_TG, CLIENT_WORDS) == []
            assert [r["person_id"] for r in rows["zz_needs_person"]] == [world.other]
            assert sorted(r["person_id"] or 0 for r in rows["zz_mentions_person"]) == [0, world.other]
        finally:
            async with store.engine.begin() as connection:
                await connection.run_sync(lambda c: metadata.drop_all(c, tables=[mentions, needs]))
            metadata.remove(needs)
            metadata.remove(mentions)

    async def test_erasure_rolls_back_with_its_transaction(self, store: Store, clock: FakeClock) -> None:
        world = await seed(store, clock)
        before = await every_row(store)

        async def erase_then_fail() -> None:
            async with store.transaction() as tx:
                await tx.privacy.erase_person(world.client)
                raise RuntimeError("after erasing")

        with pytest.raises(RuntimeError, match="after erasing"):
            await erase_then_fail()
        assert await every_row(store) == before

    async def test_an_unknown_person_cannot_be_erased(self, store: Store) -> None:
        with pytest.raises(RecordNotFound):
            async with store.transaction() as tx:
                await tx.privacy.erase_person(999)


class TestPurge:
    async def test_without_cutoffs_only_processed_updates_past_the_window_go(
        self, store: Store, clock: FakeClock
    ) -> None:
        world = await seed(store, clock)
        clock.advance(timedelta(days=1))
        async with store.transaction() as tx:
            await tx.updates.claim(BOT, 6, OTHER_TG)
        clock.advance(timedelta(days=1, hours=12))  # 1, 2, 3, 4, 5: 2.5 days old; 6: 1.5 days
        before = await every_row(store)
        async with store.transaction() as tx:
            report = await tx.privacy.purge(None, None)
        assert report.total == report.deleted["processed_updates"] == 5
        assert report.people_erased == 0
        assert report.updates_before == clock.now - timedelta(days=2)
        after = await every_row(store)
        assert [r["update_id"] for r in after["processed_updates"]] == [6]
        assert {t: len(r) for t, r in after.items() if t != "processed_updates"} == {
            t: len(r) for t, r in before.items() if t != "processed_updates"
        }
        assert world.client in {r["id"] for r in after["people"]}

    async def test_finished_exercises_and_done_homework_older_than_the_cutoff_go(
        self, store: Store, clock: FakeClock
    ) -> None:
        async with store.transaction() as tx:
            therapist = await tx.people.get_or_create(THERAPIST_TG)
            await tx.people.set_role(therapist.id, "therapist")
            client = await tx.people.get_or_create(CLIENT_TG)
            version = await tx.flow_versions.ensure("thought_record", 3, FLOW_SOURCE)
            await tx.links.link(therapist.id, client.id)
        start = clock.now
        # Old: a completed exercise done as homework (its assignment had one item: both go) ...
        (done_assignment, (done_item,)) = await assign(store, therapist.id, client.id, date(2026, 1, 5))
        old_done = await _session(store, client.id, version, "old", "old", finish=False)
        async with store.transaction() as tx:
            await tx.homework.start_item(done_item.id, old_done)
            row = await tx.sessions.get(old_done)
            assert row is not None
            await tx.sessions.save(row, state="{}", status="completed", current_step=None)
            await tx.homework.complete_by_session(old_done)
        # ... an abandoned exercise that was an item still open (the item stays, without the session) ...
        (open_assignment, (open_item, later_item)) = await assign(store, therapist.id, client.id, date(2026, 1, 5), 2)
        abandoned = await _session(store, client.id, version, "abandoned", "x", finish=False)
        async with store.transaction() as tx:
            await tx.homework.start_item(open_item.id, abandoned)
            row = await tx.sessions.get(abandoned)
            assert row is not None
            await tx.sessions.save(row, state="{}", status="abandoned", current_step=None)
        # ... a cancelled assignment never done (goes), and an old exercise still paused (stays: not finished).
        (cancelled, _) = await assign(store, therapist.id, client.id, date(2026, 1, 5), 2)
        async with store.transaction() as tx:
            await tx.homework.cancel_assignment(cancelled.id)
            other = await tx.people.get_or_create(OTHER_TG)
        paused = await _session(store, other.id, version, "paused", "p", finish=False)

        clock.advance(timedelta(days=40))
        recent = await _session(store, client.id, version, "recent", "r", finish=True)
        async with store.transaction() as tx:
            await tx.updates.claim(BOT, 1, CLIENT_TG)
        clock.advance(timedelta(days=1))
        cutoff = start + timedelta(days=30)
        async with store.transaction() as tx:
            report = await tx.privacy.purge(cutoff, None)
        assert known(report.deleted) == {
            "homework_items": 3, "assignments": 2, "therapist_notes": 0, "transcript": 4, "sessions": 2, "links": 0,
            "dialogs": 0,
            "custom_flows": 0, "custom_flow_versions": 0,
            "flow_versions": 0, "invites": 0, "processed_updates": 0, "safety_events": 0,
            "people": 0, "therapy_sessions": 0, "web_sessions": 0, "web_signins": 0, "kept_lists": 0,
        }
        assert (report.finished_before, report.inactive_before, report.people_erased) == (cutoff, None, 0)
        async with store.transaction() as tx:
            left = {s.id for s in await tx.sessions.list_for_person(client.id)}
            assert left == {recent}
            assert (await tx.sessions.get(paused)) is not None
            assert await tx.homework.get_assignment(done_assignment.id) is None
            assert await tx.homework.get_assignment(cancelled.id) is None
            assert await tx.homework.get_assignment(open_assignment.id) is not None
            kept = [await tx.homework.get_item(i.id) for i in (open_item, later_item)]
            assert [(i.session_id, i.completed_at) for i in kept if i] == [(None, None), (None, None)]
            assert await tx.homework.get_item(done_item.id) is None
            data = await tx.privacy.everything_about(client.id)
        assert data.purged_activity_at is not None
        assert start <= data.purged_activity_at < cutoff
        async with store.transaction() as tx:  # a second run finds nothing more
            again = await tx.privacy.purge(cutoff, None)
        assert again.total == 0

    async def test_people_inactive_since_the_cutoff_are_erased(self, store: Store, clock: FakeClock) -> None:
        async with store.transaction() as tx:
            version = await tx.flow_versions.ensure("thought_record", 3, FLOW_SOURCE)
            gone = await tx.people.get_or_create(1001)  # did one exercise long ago, nothing since
            busy_therapist = await tx.people.get_or_create(1002)
            idle_therapist = await tx.people.get_or_create(1003)
            await tx.people.set_role(busy_therapist.id, "therapist")
            await tx.people.set_role(idle_therapist.id, "therapist")
            active = await tx.people.get_or_create(1004)
            purged_earlier = await tx.people.get_or_create(1005)
            await tx.links.link(busy_therapist.id, active.id)
            await tx.links.link(idle_therapist.id, gone.id)
            silent = await tx.people.get_or_create(1006)  # only writes to the bot: processed updates
        await _session(store, gone.id, version, "gone", "g", finish=True)
        clock.advance(timedelta(days=200))
        await _session(store, purged_earlier.id, version, "pe", "pe", finish=True)
        clock.advance(timedelta(days=100))
        async with store.transaction() as tx:  # retention took their exercise; the activity is remembered
            first = await tx.privacy.purge(clock.now - timedelta(days=30), None)
            assert first.deleted["sessions"] == 2
        clock.advance(timedelta(days=60))
        await _session(store, active.id, version, "active", "a", finish=True)
        async with store.transaction() as tx:
            assert await tx.updates.claim(BOT, 1, 1006)
        clock.advance(timedelta(days=1))

        inactive_before = clock.now - timedelta(days=300)  # day 61: after the first exercise, before the second
        async with store.transaction() as tx:
            report = await tx.privacy.purge(clock.now - timedelta(days=30), inactive_before)
        assert report.people_erased == 2
        assert report.deleted["people"] == 2
        assert report.deleted["links"] == 1
        async with store.transaction() as tx:
            remaining = {p.id for p in await tx.people.with_role("client")} | {
                p.id for p in await tx.people.with_role("therapist")}
        assert remaining == {busy_therapist.id, active.id, purged_earlier.id, silent.id}

        # Later, with nobody active for a year: everyone goes, the linked therapist with their client.
        clock.advance(timedelta(days=400))
        async with store.transaction() as tx:
            final = await tx.privacy.purge(None, clock.now - timedelta(days=365))
        assert final.people_erased == 4
        assert naming(await every_row(store), active.id, 1004, ("active",)) == []
