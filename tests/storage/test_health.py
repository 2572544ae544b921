"""What probes and metrics read from the database (bot/storage/health.py), on SQLite and PostgreSQL: the
schema revision, the open sessions, the crisis episodes by kind — counts, never rows."""

from __future__ import annotations

from bot.storage import Store, head_revision
from bot.storage.health import EpisodeCount


async def test_the_revision_is_the_head_after_migrating(store: Store) -> None:
    assert await store.schema_revision() == head_revision()


async def test_open_sessions_count_active_and_paused_only(store: Store) -> None:
    assert await store.open_sessions() == 0
    async with store.transaction() as tx:
        version = await tx.flow_versions.ensure("thought_record", 1, "id: thought_record\nversion: 1\n")
        people = [await tx.people.get_or_create(9_100_000_000 + n) for n in range(4)]
        sessions = [await tx.sessions.start(person.id, version, "{}", None) for person in people]
        await tx.sessions.save(sessions[1], state="{}", status="paused", current_step=None)
        await tx.sessions.save(sessions[2], state="{}", status="completed", current_step=None)
        await tx.sessions.save(sessions[3], state="{}", status="cancelled", current_step=None)
    assert await store.open_sessions() == 2


async def test_crisis_episodes_are_counted_by_kind(store: Store) -> None:
    assert await store.crisis_episodes() == []
    async with store.transaction() as tx:
        one, two = [await tx.people.get_or_create(9_200_000_000 + n) for n in range(2)]
        await tx.safety.open_event(one.id, "detected", "high", "rule.a", "sos", "self")
        await tx.safety.open_event(two.id, "detected", "high", "rule.b", "sos", "self")
        await tx.safety.open_event(two.id, "command", "high", "", "sos", None)
        event = await tx.safety.open_event(one.id, "detected", "medium", "rule.c", "check_in", "home")
        await tx.safety.escalate(event, "sos", "home")
    found = sorted(await store.crisis_episodes(), key=lambda e: (e.source, e.level, e.category or ""))
    assert found == [
        EpisodeCount("command", "sos", "high", None, 1),
        EpisodeCount("detected", "sos", "high", "self", 2),
        EpisodeCount("detected", "sos", "medium", "home", 1),  # escalated: counted by its response now
    ]
