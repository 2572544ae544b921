"""A shipped flow changed (issue 12 §4: thought record version 2 → 3) while a client had it open: the session
goes on, from the store, on the version it started with; a new session gets the new version."""

from __future__ import annotations

from pathlib import Path

from bot.conversation.flow_library import FlowLibrary, stored_engine
from bot.engine.events import OptionChosen, TextEntered
from bot.engine.session import Session
from bot.flow_dirs import SHIPPED_FLOWS
from bot.storage import Store

EARLIER = Path(__file__).resolve().parents[1] / "therapist" / "flows_earlier" / "thought_record.yaml"


async def test_an_open_session_finishes_on_its_own_version_after_the_flow_changed(store: Store) -> None:
    old_source = EARLIER.read_text(encoding="utf-8")
    new_source = (SHIPPED_FLOWS / "thought_record.yaml").read_text(encoding="utf-8")
    library = FlowLibrary.from_dirs([SHIPPED_FLOWS])  # the bot now ships the new version
    assert library.current("thought_record").version == 3  # type: ignore[union-attr]

    async with store.transaction() as tx:
        person = await tx.people.get_or_create(555)
        old_id = await tx.flow_versions.ensure("thought_record", 2, old_source)
        new_id = await tx.flow_versions.ensure("thought_record", 3, new_source)
        assert old_id != new_id
        old_engine = await stored_engine(tx, library, old_id)
        assert old_engine is not None and old_engine.flow.version == 2
        session, _ = old_engine.start("en", 1000.0)
        old_engine.handle(session, OptionChosen(session.seq, "start", 1001.0))
        old_engine.handle(session, TextEntered("At work", 1002.0))
        old_engine.handle(session, TextEntered("anxious", 1003.0))
        row = await tx.sessions.start(person.id, old_id, session.to_json(), session.state)

    fresh = FlowLibrary.from_dirs([SHIPPED_FLOWS])  # a restarted bot: nothing compiled yet
    async with store.transaction() as tx:
        stored = await tx.sessions.get(row.id)
        assert stored is not None
        engine = await stored_engine(tx, fresh, stored.flow_version_id)
    assert engine is not None and engine.flow.version == 2
    resumed = Session.from_json(stored.state)
    assert resumed.state == "mood_before"
    engine.handle(resumed, OptionChosen(resumed.seq, "80", 1004.0))
    assert resumed.state == "automatic_thought"  # version 2 has no second mood: it goes on as it was
    assert fresh.engine(new_id, new_source).flow.version == 3  # type: ignore[union-attr]
