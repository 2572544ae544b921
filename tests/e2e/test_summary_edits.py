"""An answer changed from a summary, over Telegram: the client is taken along the path the new answer opens,
across a restart in the middle of it, and what is stored reviews as the way the client finally went."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.engine.events import ActionChosen, OptionChosen, TextEntered
from bot.flowspec import load_flow_file
from bot.flowspec.model import Flow
from bot.storage import open_store
from bot.therapist.review import build_review
from tests.e2e.harness import MirroredClient, RunningBot, consent
from tests.support.telegram_api import TelegramStandIn

WORRY = """\
id: worry_check
version: 1
title: Worry check
description: Can you act on a worry, or let it go?
category: other
languages: [en]
estimated_minutes: 5
source: "engine tests: a problem-solving branch"
steps:
  - id: worry
    type: text
    label: "Worry"
    prompt: "What is the worry?"
  - id: act
    type: choice
    label: "Can I act on it"
    prompt: "Can you act on it?"
    options:
      - {value: "yes", label: "Yes", next: plan}
      - {value: "no", label: "No", next: let_go}
  - id: plan
    type: text
    label: "Plan"
    prompt: "What could you do?"
  - id: first_step
    type: text
    label: "First step"
    prompt: "What is the first step?"
    next: review
  - id: let_go
    type: text
    label: "Letting go"
    prompt: "What will help you let it go?"
  - id: review
    type: summary
    prompt: "Your worry:"
  - id: done
    type: end
    text: "Done."
"""


@pytest.fixture
async def bot_with_worry(tg: TelegramStandIn, tmp_path: Path) -> AsyncIterator[RunningBot]:
    flows = tmp_path / "flows"
    flows.mkdir()
    (flows / "worry_check.yaml").write_text(WORRY, encoding="utf-8")
    bot = RunningBot(tg, tmp_path / "bot.sqlite3", speed=200.0, extra_env={"CBT_FLOWS_DIR": str(flows)})
    await bot.start()
    try:
        yield bot
    finally:
        await bot.stop()


def worry_flow(bot: RunningBot) -> Flow:
    flow = load_flow_file(Path(bot.extra_env["CBT_FLOWS_DIR"]) / "worry_check.yaml").flow
    assert flow is not None
    return flow


async def test_an_edit_that_opens_another_path_is_carried_through_a_restart(
    tg: TelegramStandIn, bot_with_worry: RunningBot
) -> None:
    bot = bot_with_worry
    user = tg.user(7_800_000_001, "Ivy")
    await consent(user)
    client = MirroredClient(user, worry_flow(bot), "en")
    await client.open_from_catalogue()
    assert client.session is not None
    await client.act(TextEntered("the exam", 1.0))
    await client.act(OptionChosen(client.session.seq, "no", 2.0))
    await client.act(TextEntered("breathe", 3.0))
    await client.act(ActionChosen(client.session.seq, "edit", 4.0, "act"))
    await client.act(OptionChosen(client.session.seq, "yes", 5.0))
    assert client.session.state == "plan"

    await bot.stop()
    await bot.start()
    await client.after_restart()
    await client.act(TextEntered("ask for an extension", 6.0))
    await client.act(TextEntered("write to the tutor", 7.0))
    assert client.session.state == "review"
    await client.act(ActionChosen(client.session.seq, "confirm", 8.0))
    assert client.session.status == "completed"

    store = await open_store(f"sqlite:///{bot.database}")
    try:
        async with store.transaction() as tx:
            person = await tx.people.find_by_telegram_id(user.id)
            assert person is not None
            (row,) = await tx.sessions.list_completed(person.id)
            entries = await tx.transcript.for_session(row.id)
    finally:
        await store.close()
    answered = [e.step_id for e in entries if e.kind == "answer"]
    assert answered == ["worry", "act", "let_go", "act", "plan", "first_step"]  # the transcript keeps the edit
    assert {"dropped": ["let_go"]} in [e.value for e in entries if e.kind == "event"]
    review = build_review(row, entries, worry_flow(bot), "en")
    assert [(s.key, s.answer) for s in review.steps] == [
        ("worry", "the exam"), ("act", "Yes"), ("plan", "ask for an extension"), ("first_step", "write to the tutor"),
    ]
