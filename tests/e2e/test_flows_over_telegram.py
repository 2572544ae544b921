"""Every shipped flow, completed through the real bot over HTTP, along a path to each of its ends."""

from __future__ import annotations

import pytest

from bot.engine import FlowEngine
from bot.flow_dirs import SHIPPED_FLOWS
from bot.flowspec import load_flow_file
from tests.e2e.harness import MirroredClient, RunningBot, consent
from tests.support.telegram_api import TelegramStandIn
from tests.support.walker import end_states, explore

# A flow for linked clients only (PHQ-9, whose item 9 opens the SOS path) is walked to each of its ends by
# tests/e2e/test_measures.py, as a linked client: there, the crisis path comes between two questions.
FLOW_IDS = sorted(p.stem for p in SHIPPED_FLOWS.glob("*.yaml")
                  if (flow := load_flow_file(p).flow) is not None and flow.offered_to != "linked")


@pytest.mark.parametrize("flow_id", FLOW_IDS)
async def test_every_end_of_a_shipped_flow_through_telegram(
    flow_id: str, tg: TelegramStandIn, running_bot: RunningBot
) -> None:
    flow = load_flow_file(SHIPPED_FLOWS / f"{flow_id}.yaml").flow
    assert flow is not None
    paths = explore(FlowEngine(flow), "en").ends  # a new client: no kept lists yet
    if flow.keeps:  # the ends that need kept items: tests/shipped (sample lists), tests/e2e/test_kept_goals.py
        assert paths and set(paths) <= end_states(flow)
    else:
        assert set(paths) == end_states(flow)
    for number, (end, events) in enumerate(sorted(paths.items())):
        user = tg.user(7_000_000_000 + number, f"Client {number}", language_code="en")
        await consent(user)
        client = MirroredClient(user, flow, "en")
        await client.open_from_catalogue()
        for event in events:
            await client.act(event)
        assert client.session is not None
        assert client.session.state == end
        assert client.session.status in ("completed", "ended")
    # every press answered; an answer goes out beside the next message, so the last may land just after it
    await tg.wait_until(lambda: not tg.unanswered_callback_queries(), 5)


async def test_a_flow_in_russian_from_the_telegram_language(tg: TelegramStandIn, running_bot: RunningBot) -> None:
    flow = load_flow_file(SHIPPED_FLOWS / "grounding_54321.yaml").flow
    assert flow is not None
    user = tg.user(7_100_000_001, "Ольга", language_code="ru")
    await consent(user)
    client = MirroredClient(user, flow, "ru")
    await client.open_from_catalogue()
    events = explore(FlowEngine(flow), "ru").ends["done"]
    for event in events:
        await client.act(event)
    assert client.session is not None and client.session.status == "completed"
    assert any("Назовите" in m.text or "назовите" in m.text for m in client.seen)
