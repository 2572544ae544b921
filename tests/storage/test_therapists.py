"""The therapist-side storage contract (issue 4), on every backend: migration 0002, people and sessions
additions, invites, links, the audit log, custom flows and dialogs. Homework is in test_homework.py."""

from __future__ import annotations

import asyncio
import functools
import hashlib
import re
from datetime import UTC, datetime, timedelta

import pytest
from alembic import command
from sqlalchemy import insert, inspect, text
from sqlalchemy.engine import Connection
from sqlalchemy.exc import IntegrityError

from bot.storage import (
    ConcurrentUpdate,
    RecordNotFound,
    Store,
    UnitOfWork,
    current_revision,
    head_revision,
    open_store,
    upgrade,
)
from bot.storage.engine import create_engine
from bot.storage.migrate import alembic_config
from bot.storage.records import Invite, Link
from bot.storage.schema import FlowVersionRow, PersonRow, SessionRow
from tests.storage.backends import Backend, FakeClock
from tests.storage.therapy import CLIENT_TG, THERAPIST_TG, linked_pair, person, retrying

NEW_TABLES = {"invites", "links", "assignments", "homework_items", "audit_log", "custom_flows", "dialogs"}
FLOW_SOURCE = "id: my_flow\nversion: 1\n"
TELEGRAM_PAYLOAD = re.compile(r"[A-Za-z0-9_-]{22,64}")  # a /start deep-link payload carrying >= 128 bits


def _schema(connection: Connection) -> tuple[set[str], set[str]]:
    inspector = inspect(connection)
    return set(inspector.get_table_names()), {c["name"] for c in inspector.get_columns("people")}


class TestMigration0002:
    async def test_upgrade_from_0001_keeps_data_and_downgrade_returns_to_0001(
        self, backend: Backend, clock: FakeClock
    ) -> None:
        await backend.make_empty_database()
        await asyncio.to_thread(upgrade, backend.url, "0001")
        engine = create_engine(backend.url)
        try:
            async with engine.begin() as connection:  # a database in use before therapists existed
                person_id = (await connection.execute(
                    insert(PersonRow.__table__).values(telegram_id=CLIENT_TG, created_at=clock.now,
                                                       updated_at=clock.now).returning(PersonRow.id)
                )).scalar_one()
                version_id = (await connection.execute(
                    insert(FlowVersionRow.__table__).values(flow_id="f", version=1, content_hash="0" * 64,
                                                            source="s", created_at=clock.now)
                    .returning(FlowVersionRow.id)
                )).scalar_one()
                await connection.execute(insert(SessionRow.__table__).values(
                    person_id=person_id, flow_version_id=version_id, flow_id="f", status="completed", state="{}",
                    started_at=clock.now, updated_at=clock.now, version_id=1,
                ))
                tables, columns = await connection.run_sync(_schema)
            assert not tables & NEW_TABLES
            assert "display_name" not in columns
        finally:
            await engine.dispose()

        await asyncio.to_thread(upgrade, backend.url)
        assert await asyncio.to_thread(current_revision, backend.url) == head_revision()
        store = await open_store(backend.url, clock=clock)
        try:
            async with store.transaction() as tx:
                kept = await tx.people.get(person_id)
                assert kept is not None
                assert (kept.telegram_id, kept.display_name) == (CLIENT_TG, None)
                assert [s.flow_id for s in await tx.sessions.list_for_person(person_id)] == ["f"]
                therapist = await tx.people.get_or_create(THERAPIST_TG)
                await tx.people.set_display_name(therapist.id, "Dr Ivanova")
                await tx.links.link(therapist.id, person_id)  # new tables with rows in them, for the downgrade
                await tx.audit.record(therapist.id, person_id, "review", "sessions")
        finally:
            await store.close()

        await asyncio.to_thread(command.downgrade, alembic_config(backend.url), "0001")
        assert await asyncio.to_thread(current_revision, backend.url) == "0001"
        engine = create_engine(backend.url)
        try:
            async with engine.connect() as connection:
                tables, columns = await connection.run_sync(_schema)
                people = (await connection.execute(text("SELECT telegram_id FROM people ORDER BY id"))).all()
                sessions = (await connection.execute(text("SELECT person_id FROM sessions"))).all()
        finally:
            await engine.dispose()
        assert not tables & NEW_TABLES
        assert "display_name" not in columns
        assert [row[0] for row in people] == [CLIENT_TG, THERAPIST_TG]
        assert [row[0] for row in sessions] == [person_id]

        await asyncio.to_thread(upgrade, backend.url)  # and up again
        assert await asyncio.to_thread(current_revision, backend.url) == head_revision()


class TestPeopleAdditions:
    async def test_display_name(self, store: Store) -> None:
        therapist = await person(store, THERAPIST_TG, therapist=True)
        assert therapist.display_name is None
        async with store.transaction() as tx:
            named = await tx.people.set_display_name(therapist.id, "  Анна Петровна  ")
        async with store.transaction() as tx:
            assert await tx.people.get(therapist.id) == named
            assert named.display_name == "Анна Петровна"
            assert (await tx.people.set_display_name(therapist.id, "   ")).display_name is None
            assert (await tx.people.set_display_name(therapist.id, "Dr A")).display_name == "Dr A"
            assert (await tx.people.set_display_name(therapist.id, None)).display_name is None
            with pytest.raises(ValueError, match="at most"):
                await tx.people.set_display_name(therapist.id, "x" * 129)
            with pytest.raises(RecordNotFound):
                await tx.people.set_display_name(therapist.id + 100, "Nobody")

    async def test_with_role(self, store: Store) -> None:
        first = await person(store, 1, therapist=True)
        await person(store, 2)
        second = await person(store, 3, therapist=True)
        async with store.transaction() as tx:
            therapists = await tx.people.with_role("therapist")
            clients = await tx.people.with_role("client")
        assert [p.id for p in therapists] == [first.id, second.id]
        assert [p.telegram_id for p in clients] == [2]


class TestSessionsAdditions:
    async def test_list_for_person_is_every_session_newest_first(self, store: Store, clock: FakeClock) -> None:
        someone = await person(store, CLIENT_TG)
        other = await person(store, 99)
        async with store.transaction() as tx:
            version_id = await tx.flow_versions.ensure("my_flow", 1, FLOW_SOURCE)
            await tx.sessions.start(other.id, version_id, "{}", None)
        ids = []
        for status in ("completed", "cancelled", "abandoned", None):
            clock.advance(timedelta(minutes=5))
            async with store.transaction() as tx:
                session = await tx.sessions.start(someone.id, version_id, "{}", None)
                if status is not None:
                    await tx.sessions.save(session, state="{}", status=status, current_step=None)
            ids.append(session.id)
        async with store.transaction() as tx:
            listed = await tx.sessions.list_for_person(someone.id)
            newest_two = await tx.sessions.list_for_person(someone.id, limit=2)
        assert [s.id for s in listed] == ids[::-1]
        assert [s.status for s in listed] == ["active", "abandoned", "cancelled", "completed"]
        assert [s.id for s in newest_two] == ids[:1:-1]


class TestInvites:
    async def test_create_peek_and_redeem_once(self, store: Store, clock: FakeClock) -> None:
        therapist = await person(store, THERAPIST_TG, therapist=True)
        client = await person(store, CLIENT_TG)
        async with store.transaction() as tx:
            invite, code = await tx.invites.create("client", therapist.id, timedelta(days=7))
        assert TELEGRAM_PAYLOAD.fullmatch(code)
        assert (invite.kind, invite.created_by, invite.created_at, invite.used_at, invite.used_by) == (
            "client", therapist.id, clock.now, None, None
        )
        assert invite.expires_at == clock.now + timedelta(days=7)

        clock.advance(timedelta(hours=1))
        async with store.transaction() as tx:
            assert await tx.invites.peek(code) == invite
            assert await tx.invites.peek(code) == invite  # peeking changes nothing
            redeemed = await tx.invites.redeem(code, client.id)
            assert await tx.invites.peek(code) is None
        assert redeemed == Invite(
            invite.id, "client", therapist.id, invite.created_at, invite.expires_at, clock.now, client.id
        )
        async with store.transaction() as tx:
            assert await tx.invites.redeem(code, client.id) is None  # reused: refused
            assert await tx.invites.redeem(code, therapist.id) is None
            assert await tx.invites.peek(code) is None

    async def test_an_operator_invite_has_no_creator_and_codes_differ(self, store: Store) -> None:
        async with store.transaction() as tx:
            made = [await tx.invites.create("therapist", None, timedelta(hours=1)) for _ in range(20)]
        assert len({code for _, code in made}) == 20
        assert {(invite.kind, invite.created_by) for invite, _ in made} == {("therapist", None)}

    async def test_an_expired_invite_is_refused(self, store: Store, clock: FakeClock) -> None:
        client = await person(store, CLIENT_TG)
        async with store.transaction() as tx:
            _, code = await tx.invites.create("client", None, timedelta(hours=48))
            _, other_code = await tx.invites.create("client", None, timedelta(hours=48))
        clock.advance(timedelta(hours=48) - timedelta(microseconds=1))
        async with store.transaction() as tx:
            assert await tx.invites.peek(code) is not None
        clock.advance(timedelta(microseconds=1))  # expired at exactly expires_at
        async with store.transaction() as tx:
            assert await tx.invites.peek(code) is None
            assert await tx.invites.redeem(code, client.id) is None
        clock.advance(timedelta(days=30))
        async with store.transaction() as tx:
            assert await tx.invites.redeem(other_code, client.id) is None

    @pytest.mark.parametrize("code", ["", "nope", "a b", "x" * 65, "абв", "AAAA%20", "../../etc"])
    async def test_unknown_and_malformed_codes_are_refused(self, store: Store, code: str) -> None:
        client = await person(store, CLIENT_TG)
        async with store.transaction() as tx:
            await tx.invites.create("client", None, timedelta(days=1))
            assert await tx.invites.peek(code) is None
            assert await tx.invites.redeem(code, client.id) is None

    async def test_a_zero_validity_is_refused(self, store: Store) -> None:
        async with store.transaction() as tx:
            with pytest.raises(ValueError, match="positive"):
                await tx.invites.create("client", None, timedelta(0))

    async def test_the_code_itself_is_not_stored(self, store: Store) -> None:
        async with store.transaction() as tx:
            made = [await tx.invites.create("client", None, timedelta(days=1)) for _ in range(3)]
        async with store.engine.connect() as connection:
            rows = (await connection.execute(text("SELECT * FROM invites"))).all()
        stored = " ".join(str(value) for row in rows for value in row)
        for _, code in made:
            assert code not in stored
            assert code[:12] not in stored
        assert {row.code_hash for row in rows} == {hashlib.sha256(c.encode()).hexdigest() for _, c in made}

    async def test_two_concurrent_redeemers_one_wins(self, store: Store, backend: Backend) -> None:
        first, second = await person(store, 1), await person(store, 2)
        async with store.transaction() as tx:
            _, code = await tx.invites.create("client", None, timedelta(days=1))
        # On PostgreSQL both transactions see the unused invite before either redeems. SQLite's BEGIN
        # IMMEDIATE lets one transaction in at a time, so there the two run back to back.
        both_peeked = None if backend.serialises_writers else asyncio.Barrier(2)

        async def redeem(person_id: int) -> Invite | None:
            async with store.transaction() as tx:
                if both_peeked is not None:
                    assert await tx.invites.peek(code) is not None
                    await both_peeked.wait()
                return await tx.invites.redeem(code, person_id)

        results = await asyncio.gather(redeem(first.id), redeem(second.id))
        winners = [r for r in results if r is not None]
        assert len(winners) == 1
        async with store.engine.connect() as connection:
            used_by = (await connection.execute(text("SELECT used_by FROM invites"))).scalar_one()
        assert used_by == winners[0].used_by

    async def test_many_concurrent_redeemers_one_wins(self, store: Store) -> None:
        people = [await person(store, 100 + n) for n in range(10)]
        async with store.transaction() as tx:
            _, code = await tx.invites.create("therapist", None, timedelta(days=1))

        async def redeem(person_id: int) -> Invite | None:
            async with store.transaction() as tx:
                return await tx.invites.redeem(code, person_id)

        results = await asyncio.gather(*(redeem(p.id) for p in people))
        assert sum(r is not None for r in results) == 1


class TestLinks:
    async def test_link_replace_and_end(self, store: Store, clock: FakeClock) -> None:
        first = await person(store, 1, therapist=True)
        second = await person(store, 2, therapist=True)
        client = await person(store, 3)
        other_client = await person(store, 4)
        async with store.transaction() as tx:
            link = await tx.links.link(first.id, client.id)
            await tx.links.link(first.id, other_client.id)
            assert await tx.links.link(first.id, client.id) == link  # linking again changes nothing
        assert (link.therapist_id, link.client_id, link.linked_at, link.ended_at, link.ended_by) == (
            first.id, client.id, clock.now, None, None
        )
        async with store.transaction() as tx:
            assert await tx.links.active_for_client(client.id) == link
            assert await tx.links.is_linked(first.id, client.id)
            assert not await tx.links.is_linked(second.id, client.id)
            assert [li.client_id for li in await tx.links.clients_of(first.id)] == [client.id, other_client.id]

        clock.advance(timedelta(days=1))
        async with store.transaction() as tx:
            replacing = await tx.links.link(second.id, client.id)
        async with store.transaction() as tx:
            assert await tx.links.active_for_client(client.id) == replacing
            assert not await tx.links.is_linked(first.id, client.id)
            assert await tx.links.is_linked(second.id, client.id)
            assert [li.client_id for li in await tx.links.clients_of(first.id)] == [other_client.id]
            assert [li.id for li in await tx.links.clients_of(second.id)] == [replacing.id]
        async with store.engine.connect() as connection:
            ended = (await connection.execute(
                text("SELECT ended_by FROM links WHERE id = :id"), {"id": link.id}
            )).scalar_one()
        assert ended == "replaced"

        clock.advance(timedelta(days=1))
        async with store.transaction() as tx:
            await tx.links.end(replacing.id, "client")
            await tx.links.end(replacing.id, "therapist")  # already ended: keeps the first end
            assert await tx.links.active_for_client(client.id) is None
            assert await tx.links.clients_of(second.id) == []
            with pytest.raises(RecordNotFound):
                await tx.links.end(replacing.id + 100, "client")
        async with store.engine.connect() as connection:
            row = (await connection.execute(
                text("SELECT ended_by FROM links WHERE id = :id"), {"id": replacing.id}
            )).one()
        assert row.ended_by == "client"
        async with store.transaction() as tx:  # and a new link after the end
            again = await tx.links.link(first.id, client.id)
        assert again.id not in (link.id, replacing.id)

    async def test_linking_unknown_people_is_refused(self, store: Store) -> None:
        client = await person(store, 3)
        with pytest.raises(RecordNotFound):
            async with store.transaction() as tx:
                await tx.links.link(client.id + 100, client.id)

    async def test_the_database_itself_allows_one_active_link_per_client(self, store: Store) -> None:
        therapist_id, client_id = await linked_pair(store)
        other = await person(store, 77, therapist=True)
        with pytest.raises(IntegrityError):
            async with store.engine.begin() as connection:
                await connection.execute(
                    text("INSERT INTO links (therapist_id, client_id, linked_at) "
                         "SELECT :other, client_id, linked_at FROM links WHERE client_id = :client"),
                    {"other": other.id, "client": client_id},
                )
        async with store.engine.begin() as connection:  # ended links do not count
            await connection.execute(
                text("INSERT INTO links (therapist_id, client_id, linked_at, ended_at, ended_by) "
                     "SELECT :other, client_id, linked_at, linked_at, 'client' FROM links WHERE client_id = :client"),
                {"other": other.id, "client": client_id},
            )
        with pytest.raises(IntegrityError):  # an end needs both when and by whom
            async with store.engine.begin() as connection:
                await connection.execute(text("UPDATE links SET ended_by = 'client' WHERE ended_at IS NULL"))
        async with store.transaction() as tx:
            active = await tx.links.active_for_client(client_id)
        assert active is not None
        assert active.therapist_id == therapist_id

    async def test_concurrent_links_of_one_client_leave_one_active(self, store: Store) -> None:
        therapists = [await person(store, 10 + n, therapist=True) for n in range(4)]
        client = await person(store, CLIENT_TG)

        async def link(therapist_id: int, tx: UnitOfWork) -> Link:
            return await tx.links.link(therapist_id, client.id)

        await asyncio.gather(*(retrying(store, functools.partial(link, t.id)) for t in therapists))
        async with store.engine.connect() as connection:
            rows = (await connection.execute(text("SELECT ended_at, ended_by FROM links"))).all()
        assert len(rows) == 4
        assert sum(row.ended_at is None for row in rows) == 1
        assert sorted(str(row.ended_by) for row in rows) == ["None", "replaced", "replaced", "replaced"]

    async def test_a_lost_race_is_a_concurrent_update(self, store: Store, backend: Backend) -> None:
        if backend.serialises_writers:
            pytest.skip("SQLite's BEGIN IMMEDIATE runs write transactions one at a time; none interleave")
        therapists = [await person(store, 10 + n, therapist=True) for n in range(2)]
        client = await person(store, CLIENT_TG)
        both_looked = asyncio.Barrier(2)

        async def link(therapist_id: int) -> int:
            async with store.transaction() as tx:
                assert await tx.links.active_for_client(client.id) is None
                await both_looked.wait()
                return (await tx.links.link(therapist_id, client.id)).id

        results = await asyncio.gather(*(link(t.id) for t in therapists), return_exceptions=True)
        assert sum(isinstance(r, int) for r in results) == 1
        assert sum(isinstance(r, ConcurrentUpdate) for r in results) == 1


class TestAudit:
    async def test_record_and_list(self, store: Store, clock: FakeClock) -> None:
        therapist_id, client_id = await linked_pair(store)
        other_client = await person(store, 55)
        async with store.transaction() as tx:
            await tx.audit.record(therapist_id, client_id, "review", "session=12")
            clock.advance(timedelta(minutes=1))
            await tx.audit.record(therapist_id, other_client.id, "progress", "weeks=4")
            clock.advance(timedelta(minutes=1))
            await tx.audit.record(therapist_id, client_id, "export", "format=pdf from=2026-01-01 to=2026-01-05")
        async with store.transaction() as tx:
            about_client = await tx.audit.for_subject(client_id)
            by_therapist = await tx.audit.for_actor(therapist_id)
            assert await tx.audit.for_actor(client_id) == []
        assert [(e.action, e.detail) for e in about_client] == [
            ("review", "session=12"), ("export", "format=pdf from=2026-01-01 to=2026-01-05")
        ]
        assert [e.at for e in about_client] == [clock.now - timedelta(minutes=2), clock.now]
        assert {(e.actor_id, e.subject_id) for e in about_client} == {(therapist_id, client_id)}
        assert [e.subject_id for e in by_therapist] == [client_id, other_client.id, client_id]
        assert by_therapist[0] == about_client[0]

    async def test_an_unknown_action_is_refused_by_the_database(self, store: Store) -> None:
        therapist_id, client_id = await linked_pair(store)
        with pytest.raises(IntegrityError):
            async with store.transaction() as tx:
                await tx.audit.record(therapist_id, client_id, "browse", "")  # type: ignore[arg-type]

    async def test_erasing_a_person_keeps_their_audit_rows_anonymised(self, store: Store) -> None:
        actor = await person(store, 1, therapist=True)
        subject = await person(store, 2)
        async with store.transaction() as tx:
            await tx.audit.record(actor.id, subject.id, "review", "session=1")
        async with store.engine.begin() as connection:
            await connection.execute(text("DELETE FROM people WHERE id = :id"), {"id": actor.id})
        async with store.transaction() as tx:
            entries = await tx.audit.for_subject(subject.id)
        assert [(e.actor_id, e.subject_id, e.action) for e in entries] == [(None, subject.id, "review")]


class TestCustomFlows:
    async def test_save_new_then_a_new_version(self, store: Store, clock: FakeClock) -> None:
        therapist = await person(store, 1, therapist=True)
        colleague = await person(store, 2, therapist=True)
        async with store.transaction() as tx:
            v1 = await tx.flow_versions.ensure("my_flow", 1, FLOW_SOURCE)
            v2 = await tx.flow_versions.ensure("my_flow", 2, FLOW_SOURCE.replace("1", "2"))
            other = await tx.flow_versions.ensure("another", 1, "id: another\n")
            created = await tx.custom_flows.save(therapist.id, "my_flow", v1, 1)
        assert (created.therapist_id, created.flow_id, created.flow_version_id, created.version) == (
            therapist.id, "my_flow", v1, 1
        )
        assert created.created_at == created.updated_at == clock.now

        clock.advance(timedelta(hours=1))
        async with store.transaction() as tx:
            updated = await tx.custom_flows.save(therapist.id, "my_flow", v2, 2)
            await tx.custom_flows.save(therapist.id, "another", other, 1)
            await tx.custom_flows.save(colleague.id, "my_flow", v1, 1)  # the same id, another therapist
        assert (updated.id, updated.flow_version_id, updated.version) == (created.id, v2, 2)
        assert (updated.created_at, updated.updated_at) == (created.created_at, clock.now)

        async with store.transaction() as tx:
            assert await tx.custom_flows.get(therapist.id, "my_flow") == updated
            assert await tx.custom_flows.get(therapist.id, "missing") is None
            assert [f.flow_id for f in await tx.custom_flows.for_therapist(therapist.id)] == ["another", "my_flow"]
            assert [f.flow_id for f in await tx.custom_flows.for_therapist(colleague.id)] == ["my_flow"]
            owners = await tx.custom_flows.owner_of("my_flow")
            assert [(f.therapist_id, f.version) for f in owners] == [(therapist.id, 2), (colleague.id, 1)]
            assert await tx.custom_flows.owner_of("missing") == []
            assert (await tx.flow_versions.get(v1)) is not None  # older versions stay for their sessions
            history = await tx.custom_flows.versions(therapist.id, "my_flow")
            assert [(v.flow_version_id, v.version, v.published_at) for v in history] == [
                (v2, 2, clock.now), (v1, 1, created.created_at)]
            assert [v.version for v in await tx.custom_flows.versions(colleague.id, "my_flow")] == [1]  # theirs only
            assert await tx.custom_flows.versions(colleague.id, "another") == []

    async def test_an_unknown_flow_version_is_refused(self, store: Store) -> None:
        therapist = await person(store, 1, therapist=True)
        with pytest.raises(RecordNotFound):
            async with store.transaction() as tx:
                await tx.custom_flows.save(therapist.id, "my_flow", 999, 1)


class TestDialogs:
    async def test_put_get_clear(self, store: Store, clock: FakeClock) -> None:
        someone = await person(store, THERAPIST_TG, therapist=True)
        state = {
            "step": "pick_time", "client_id": 2**40, "flows": ["thought_record", "box_breathing"],
            "note": "Запишите три мысли 🙂", "weekly": False, "times": None, "nested": {"a": [1, 2.5, {"b": "c"}]},
        }
        async with store.transaction() as tx:
            assert await tx.dialogs.get(someone.id) is None
            put = await tx.dialogs.put(someone.id, "assign", state)
        assert (put.person_id, put.kind, put.state, put.updated_at) == (someone.id, "assign", state, clock.now)
        async with store.transaction() as tx:
            assert await tx.dialogs.get(someone.id) == put

        clock.advance(timedelta(minutes=3))
        async with store.transaction() as tx:
            replaced = await tx.dialogs.put(someone.id, "invite", {"pair": (1, 2)})
            assert await tx.dialogs.get(someone.id) == replaced
        assert (replaced.kind, replaced.state, replaced.updated_at) == ("invite", {"pair": [1, 2]}, clock.now)

        async with store.transaction() as tx:
            await tx.dialogs.clear(someone.id)
            await tx.dialogs.clear(someone.id)  # nothing left: no error
            assert await tx.dialogs.get(someone.id) is None

    async def test_state_that_is_not_json_is_refused(self, store: Store) -> None:
        someone = await person(store, 1)
        async with store.transaction() as tx:
            with pytest.raises(TypeError):
                await tx.dialogs.put(someone.id, "assign", {"when": datetime.now(UTC)})
            assert await tx.dialogs.get(someone.id) is None
