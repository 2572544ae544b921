"""What the dashboard's pages ask of storage beyond the bot: a caseload narrowed to one client, and one audit
entry per client of a page written in one statement. Both backends."""

from __future__ import annotations

from datetime import timedelta

from bot.storage import Store
from tests.storage.backends import FakeClock


async def test_a_caseload_narrowed_to_one_client_and_audit_entries_for_each(store: Store, clock: FakeClock) -> None:
    async with store.transaction() as tx:
        therapist = await tx.people.set_role((await tx.people.get_or_create(1)).id, "therapist")
        clients = [await tx.people.get_or_create(10 + n) for n in range(3)]
        for client in clients:
            await tx.links.link(therapist.id, client.id)
    today = clock.now.date()
    async with store.transaction() as tx:
        every = await tx.caseload.caseload(therapist.id, today, today, 3, clock.now - timedelta(days=7))
        one = await tx.caseload.caseload(therapist.id, today, today, 3, clock.now - timedelta(days=7),
                                         [clients[1].id])
        none = await tx.caseload.caseload(therapist.id, today, today, 3, clock.now - timedelta(days=7), [999])
        await tx.audit.record_each(therapist.id, [c.id for c in clients], "caseload", "web list")
        await tx.audit.record_each(therapist.id, [], "caseload", "web list")
    assert [c.id for c in every.clients] == [c.id for c in clients]
    assert [c.id for c in one.clients] == [clients[1].id]
    assert none.clients == ()
    async with store.transaction() as tx:
        entries = await tx.audit.for_actor(therapist.id)
    assert [(e.subject_id, e.action, e.detail, e.at) for e in entries] == [
        (c.id, "caseload", "web list", clock.now) for c in clients]
