"""What goes wrong in real life: duplicates, old and forged buttons, rate limits, blocked bots, crowds."""

from __future__ import annotations

import asyncio
import json
import logging

import pytest

from bot.engine import FlowEngine
from bot.engine.effects import TimerStarted
from bot.flow_dirs import SHIPPED_FLOWS
from bot.flowspec import load_flow_file
from bot.storage import open_store
from tests.e2e.harness import MirroredClient, RunningBot, consent, plain, wait_quiet
from tests.support.telegram_api import TelegramStandIn
from tests.support.walker import explore


def shipped(flow_id: str):  # type: ignore[no-untyped-def]
    flow = load_flow_file(SHIPPED_FLOWS / f"{flow_id}.yaml").flow
    assert flow is not None
    return flow


async def answers_in_database(bot: RunningBot) -> list[tuple[str | None, str | None]]:
    store = await open_store(f"sqlite:///{bot.database}")
    try:
        async with store.transaction() as tx:
            people = await tx.people.find_by_telegram_id(7_200_000_001)
            assert people is not None
            current = await tx.sessions.get_current(people.id)
            assert current is not None
            entries = await tx.transcript.for_session(current.id)
            return [(e.step_id, e.raw) for e in entries if e.kind == "answer"]
    finally:
        await store.close()


async def test_a_duplicated_update_is_applied_once(tg: TelegramStandIn, running_bot: RunningBot) -> None:
    user = tg.user(7_200_000_001, "Dana")
    await consent(user)
    client = MirroredClient(user, shipped("thought_record"), "en")
    await client.open_from_catalogue()
    path = explore(client.engine, "en").ends["done_eased"]
    await client.act(path[0])  # "Let's begin"
    await client.act(path[1])  # the situation, typed
    situation_update = next(u for u in reversed(tg.updates) if "message" in u)
    tg.inject_update(json.loads(json.dumps(situation_update)))  # Telegram delivers it again
    await wait_quiet(user, 0.5)
    await client.act(path[2])  # the next answer still lands on the next question
    answers = await answers_in_database(running_bot)
    assert [step for step, _ in answers] == ["welcome", "situation", "mood_name"]


async def test_a_very_long_time_zone_gets_a_plain_answer_and_is_never_logged(
    tg: TelegramStandIn, running_bot: RunningBot, caplog: pytest.LogCaptureFixture
) -> None:
    user = tg.user(7_200_000_007, "Jo")
    await consent(user)
    typed = "Europe/" + "Secretplace" * 30  # past the file name limit that ZoneInfo runs into
    with caplog.at_level(logging.DEBUG):
        await user.send(f"/timezone {typed}")
        reply = await user.next_message(timeout=10)
        await wait_quiet(user, 0.3)
    await user.send("/timezone")
    current = await user.next_message(timeout=10)
    assert "UTC" in current.text, "the time zone did not change"
    assert reply.text != current.text
    assert "Secretplace" not in reply.text
    logged = "\n".join(logging.Formatter().format(record) for record in caplog.records)  # with tracebacks
    assert "Secretplace" not in logged
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR], "refused, not failed"


async def test_stale_and_forged_buttons_get_a_short_answer_and_change_nothing(
    tg: TelegramStandIn, running_bot: RunningBot
) -> None:
    user = tg.user(7_200_000_002, "Eli")
    await consent(user)
    client = MirroredClient(user, shipped("box_breathing"), "en")
    await client.open_from_catalogue()
    first_question = client.prompt_message
    assert first_question is not None
    path = explore(client.engine, "en").ends["done"]
    await client.act(path[0])  # "Got it": now at the distress rating
    before = len(user.messages)

    stale = await user.press(first_question.message_id, first_question.button_texts[0])
    forged = [
        await user.press_data(first_question.message_id, "a:ffff:1:0"),  # somebody else's session
        await user.press_data(first_question.message_id, "a:1:ff:0"),  # a prompt that never was
        await user.press_data(first_question.message_id, "m:flow:../../etc"),  # garbage
        await user.press_data(first_question.message_id, "x" * 64),
    ]
    await tg.wait_until(lambda: not tg.unanswered_callback_queries(), 5)
    await wait_quiet(user, 0.3)
    assert len(user.messages) == before, "nothing new is sent for a stale or forged button"
    for query in (stale, *forged):
        answered = next(q for q in tg.callback_queries if q.id == query.id)
        assert answered.answered
        assert answered.answer is not None and answered.answer.get("text")
    for event in path[1:]:  # and the exercise carries on exactly where it was
        await client.act(event)
    assert client.session is not None and client.session.status == "completed"


async def test_a_429_is_waited_out_and_the_message_still_arrives(
    tg: TelegramStandIn, running_bot: RunningBot
) -> None:
    user = tg.user(7_200_000_003, "Fay")
    await consent(user)
    tg.fail_next("sendMessage", status=429, retry_after=1, chat_id=user.id)
    await user.send("/help")
    help_message = await user.next_message(timeout=10)
    assert "/practice" in help_message.text
    statuses = [c.status for c in tg.calls_to("sendMessage") if c.params.get("chat_id") in (user.id, str(user.id))]
    assert statuses[-2:] == [429, 200]


async def test_a_blocked_bot_marks_the_person_and_stops_sending(
    tg: TelegramStandIn, running_bot: RunningBot
) -> None:
    user = tg.user(7_200_000_004, "Gus")
    await consent(user)
    client = MirroredClient(user, shipped("box_breathing"), "en")
    await client.open_from_catalogue()
    path = explore(client.engine, "en").ends["done"]
    await client.act(path[0])  # Got it
    await client.act(path[1])  # distress before: the breathing timer starts
    tg.block(user, notify_bot=False)  # and the client blocks the bot while it counts down
    await tg.wait_until(lambda: any(c.status == 403 for c in tg.calls), 10)
    await asyncio.sleep(0.5)
    store = await open_store(f"sqlite:///{running_bot.database}")
    try:
        async with store.transaction() as tx:
            person = await tx.people.find_by_telegram_id(user.id)
    finally:
        await store.close()
    assert person is not None and person.blocked_at is not None
    forbidden = [c for c in tg.calls if c.status == 403]
    assert len(forbidden) == 1, "one refusal is enough: the bot stops writing to that chat"


@pytest.mark.parametrize("comes_back_with", ["/start", "an old button"])
async def test_after_unblocking_the_bot_the_exercise_comes_back_where_it_stopped(
    tg: TelegramStandIn, running_bot: RunningBot, comes_back_with: str
) -> None:
    user = tg.user(7_200_000_008 if comes_back_with == "/start" else 7_200_000_009, "Kit")
    await consent(user)
    client = MirroredClient(user, shipped("box_breathing"), "en")
    await client.open_from_catalogue()
    first_question = client.prompt_message
    assert first_question is not None
    path = explore(client.engine, "en").ends["done"]
    await client.act(path[0])  # Got it
    await client.act(path[1])  # distress before: the breathing timer starts
    assert isinstance(client.prompt, TimerStarted)
    where_it_was = client.prompt.phases[0].label
    tg.block(user, notify_bot=False)  # blocked while it counts down: the bot's next message is refused
    await tg.wait_until(lambda: any(c.status == 403 for c in tg.calls), 10)
    await asyncio.sleep(0.5)
    tg.unblock(user, notify_bot=False)
    before = len(user.messages)
    if comes_back_with == "/start":
        await user.send("/start")
    else:
        await user.press(first_question, first_question.button_texts[0])
    await tg.wait_until(lambda: any(plain(m.source or m.text).startswith(plain(where_it_was))
                                    for m in user.messages[before:]), 10)


@pytest.mark.slow
async def test_fifty_fast_clients_at_once_never_cross_talk(tg: TelegramStandIn, running_bot: RunningBot) -> None:
    flow = shipped("quick_reframe")
    path = explore(FlowEngine(flow), "en").ends["done"]

    async def client(number: int) -> MirroredClient:
        user = tg.user(7_300_000_000 + number, f"Client {number}")
        await consent(user)
        mirrored = MirroredClient(user, flow, "en")
        await mirrored.open_from_catalogue()
        for event in path:  # each answers the moment the question arrives
            await mirrored.act(event)
        await wait_quiet(user, 0.2)
        return mirrored

    clients = await asyncio.gather(*(client(n) for n in range(50)))
    for mirrored in clients:
        assert mirrored.session is not None and mirrored.session.status == "completed"
        own_chat = {m.chat_id for m in mirrored.seen}
        assert own_chat == {mirrored.user.id}
    # every press answered; an answer goes out beside the next message, so the last may land just after it
    await tg.wait_until(lambda: not tg.unanswered_callback_queries(), 5)


async def test_a_dropped_connection_is_retried_and_the_message_arrives(
    tg: TelegramStandIn, running_bot: RunningBot
) -> None:
    user = tg.user(7_200_000_005, "Hal")
    await consent(user)
    tg.drop_next("sendMessage", chat_id=user.id)
    await user.send("/help")
    reply = await user.next_message(timeout=10)
    assert "/practice" in reply.text
    attempts = [c for c in tg.calls_to("sendMessage") if str(c.params.get("chat_id")) == str(user.id)]
    assert [c.status for c in attempts[-2:]] == [0, 200], "the first attempt was cut off, the retry arrived"
    await wait_quiet(user)
