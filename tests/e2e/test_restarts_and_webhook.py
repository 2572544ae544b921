"""The bot process killed mid-flow and restarted; a timer across a restart; webhook mode and its secret."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import socket
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import aiohttp
import pytest

from bot.engine.events import Event, TimerTick
from bot.flow_dirs import SHIPPED_FLOWS
from bot.flowspec import load_flow_file
from bot.flowspec.model import Flow
from bot.storage import open_store
from tests.e2e.harness import MirroredClient, RunningBot, consent, wait_quiet
from tests.support.telegram_api import SimulatedUser, TelegramStandIn
from tests.support.walker import explore


def shipped(flow_id: str) -> Flow:
    flow = load_flow_file(SHIPPED_FLOWS / f"{flow_id}.yaml").flow
    assert flow is not None
    return flow


class BotProcess:
    """`cbt-bot run` as its own process, so it can be killed with SIGKILL like a crashed server."""

    def __init__(self, tg: TelegramStandIn, database: Path) -> None:
        self.tg = tg
        self.env = {**os.environ, **RunningBot(tg, database).environ(), "PTB_TIMEDELTA": "1"}
        self.process: asyncio.subprocess.Process | None = None

    async def start(self) -> None:
        ready = len(self.tg.calls_to("setMyCommands"))
        self.process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot.cli", "run", env=self.env,
            stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.PIPE)
        await self.tg.wait_until(lambda: len(self.tg.calls_to("setMyCommands")) > ready, 20)

    async def kill(self) -> None:
        assert self.process is not None
        self.process.send_signal(signal.SIGKILL)
        await self.process.wait()

    async def stop(self) -> bytes:
        assert self.process is not None
        if self.process.returncode is None:
            self.process.send_signal(signal.SIGTERM)
        _, stderr = await asyncio.wait_for(self.process.communicate(), 20)
        return stderr

    def ensure_dead(self) -> None:
        if self.process is not None and self.process.returncode is None:
            self.process.kill()


@pytest.fixture
async def bot_process(tg: TelegramStandIn, tmp_path: Path) -> AsyncIterator[BotProcess]:
    process = BotProcess(tg, tmp_path / "bot.sqlite3")
    try:
        yield process
    finally:
        process.ensure_dead()
        if process.process is not None:
            await process.process.wait()


async def in_a_thought_record(
    tg: TelegramStandIn, user_id: int, name: str
) -> tuple[SimulatedUser, MirroredClient, list[Event]]:
    """A client who consented and opened the thought record, and their path to its `done_eased` end."""
    user = tg.user(user_id, name)
    await consent(user)
    client = MirroredClient(user, shipped("thought_record"), "en")
    await client.open_from_catalogue()
    return user, client, explore(client.engine, "en").ends["done_eased"]


async def stored_answers(database: Path, telegram_id: int) -> list[str | None]:
    store = await open_store(f"sqlite:///{database}")
    try:
        async with store.transaction() as tx:
            person = await tx.people.find_by_telegram_id(telegram_id)
            assert person is not None
            sessions = await tx.sessions.list_completed(person.id) or [await tx.sessions.get_current(person.id)]
            entries = await tx.transcript.for_session(sessions[0].id)  # type: ignore[union-attr]
            return [e.step_id for e in entries if e.kind == "answer"]
    finally:
        await store.close()


async def test_killed_mid_flow_the_client_resumes_with_nothing_lost(
    tg: TelegramStandIn, tmp_path: Path, bot_process: BotProcess
) -> None:
    database, bot = tmp_path / "bot.sqlite3", bot_process
    await bot.start()
    user, client, path = await in_a_thought_record(tg, 7_400_000_001, "Hana")
    for event in path[:6]:
        await client.act(event)
    await bot.kill()  # no shutdown, no flush: a crash

    await bot.start()
    await client.after_restart()
    for event in path[6:]:
        await client.act(event)
    assert client.session is not None and client.session.status == "completed"
    answers = await stored_answers(database, user.id)
    expected = [key.split(".")[-1] for key in _answer_keys(client)]
    assert sorted(answers) == sorted(expected), "every answer stored, none twice"
    await bot.stop()


def _answer_keys(client: MirroredClient) -> list[str]:
    """The replica's answers, with each appended item and the summary confirmation counted."""
    assert client.session is not None
    keys: list[str] = []
    for key, value in client.session.answers.items():
        keys += [key] * (len(value) if isinstance(value, list) else 1)
    return keys


async def test_a_graceful_stop_right_after_a_question_repeats_nothing(
    tg: TelegramStandIn, tmp_path: Path, bot_process: BotProcess
) -> None:
    """Delivery marks are written in batches: stopping (SIGTERM) must write the pending ones, so the restarted
    bot knows the question arrived and does not send it again."""
    bot = bot_process
    await bot.start()
    _, client, path = await in_a_thought_record(tg, 7_400_000_003, "Jun")
    for event in path[:3]:
        await client.act(event)  # each returns as soon as the next question has arrived
    await bot.stop()  # at once: that question's mark is still waiting for its batch

    await bot.start()
    assert not await client.after_restart(within=2.0), "the restarted bot repeated a delivered question"
    for event in path[3:5]:
        await client.act(event)
    await bot.stop()


async def test_stopping_while_a_question_is_on_its_way_still_marks_it_delivered(
    tg: TelegramStandIn, tmp_path: Path, bot_process: BotProcess
) -> None:
    """SIGTERM while an answer's next question is still being sent: the bot finishes sending it, and the
    mark it writes last of all means the restarted bot does not send it again."""
    database, bot = tmp_path / "bot.sqlite3", bot_process
    await bot.start()
    user, client, path = await in_a_thought_record(tg, 7_400_000_004, "Kim")
    await client.act(path[0])  # begin: now asked for the situation
    tg.delay_next("sendMessage", 1.0, chat_id=user.id)  # the next question takes a second to go out
    await user.send("Coffee with my sister; she checked her phone")
    for _ in range(50):
        if "situation" in await stored_answers(database, user.id):
            break
        await asyncio.sleep(0.05)
    await bot.stop()  # while that question is on its way
    question = await user.next_message(timeout=5)
    assert question.text.startswith("What did you feel in that moment?")

    await bot.start()
    with pytest.raises(TimeoutError):
        await user.next_message(timeout=2)  # nothing repeated
    await bot.stop()


async def test_a_question_saved_but_never_sent_is_repeated_after_a_crash(
    tg: TelegramStandIn, tmp_path: Path, bot_process: BotProcess
) -> None:
    database, bot = tmp_path / "bot.sqlite3", bot_process
    await bot.start()
    user, client, path = await in_a_thought_record(tg, 7_400_000_002, "Ivo")
    await client.act(path[0])  # begin: now asked for the situation
    tg.delay_next("sendMessage", 30, chat_id=user.id)  # the next question will hang in the network...
    await user.send("Coffee with my sister; she checked her phone")
    for _ in range(50):  # ...until the answer is committed
        if "situation" in await stored_answers(database, user.id):
            break
        await asyncio.sleep(0.1)
    await bot.kill()  # ...and the bot dies before the question reaches the client
    tg.clear_faults()

    await bot.start()
    notice = await user.next_message(timeout=10)
    assert "may not have reached you" in notice.text
    question = await user.next_message(timeout=10)
    assert question.text.startswith("What did you feel in that moment?")
    answers = await stored_answers(database, user.id)
    assert answers == ["welcome", "situation"]
    await bot.stop()


async def test_a_timer_running_when_the_bot_stops_resumes_after_the_restart(
    tg: TelegramStandIn, tmp_path: Path
) -> None:
    bot = RunningBot(tg, tmp_path / "bot.sqlite3", speed=20.0)
    await bot.start()
    try:
        user = tg.user(7_400_000_003, "Jon")
        await consent(user)
        client = MirroredClient(user, shipped("box_breathing"), "en")
        await client.open_from_catalogue()
        path = explore(client.engine, "en").ends["done"]
        await client.act(path[0])
        await client.act(path[1])  # the breathing timer starts: 160 s, 8 s of test time at speed 20
        await asyncio.sleep(1.5)
        await bot.stop()
        await bot.start()  # the count-down resumes from the stored start time and then moves on
        assert isinstance(path[2], TimerTick)
        resumed = await user.next_message(timeout=15)
        while resumed.edits or resumed.edit_date is not None or resumed.text.startswith("Breathe") or \
                resumed.text.startswith("Hold"):
            resumed = await user.next_message(timeout=15)
        assert "another round" in resumed.text.lower()
    finally:
        await bot.stop()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def test_webhook_mode_refuses_a_wrong_secret_and_serves_the_right_one(
    tg: TelegramStandIn, tmp_path: Path
) -> None:
    port = free_port()
    secret = "s3cret-token-for-the-webhook_0123"
    url = f"http://127.0.0.1:{port}/telegram/hook"
    bot = RunningBot(tg, tmp_path / "bot.sqlite3", speed=200.0,
                     extra_env={"WEBHOOK_URL": url, "WEBHOOK_SECRET": secret, "PORT": str(port)})
    await bot.start()
    try:
        await tg.wait_until(lambda: tg.webhook is not None, 10)
        update = {"update_id": 999_001, "message": {
            "message_id": 1, "date": 1_700_000_000, "text": "/help",
            "chat": {"id": 7_500_000_009, "type": "private", "first_name": "Mallory"},
            "from": {"id": 7_500_000_009, "is_bot": False, "first_name": "Mallory"}}}
        async with aiohttp.ClientSession() as http:
            for headers in ({}, {"X-Telegram-Bot-Api-Secret-Token": "wrong"},
                            {"X-Telegram-Bot-Api-Secret-Token": secret[:-1]}):
                async with http.post(url, json=update, headers=headers) as response:
                    assert response.status == 403
        assert not [c for c in tg.calls_to("sendMessage") if str(c.params.get("chat_id")) == "7500000009"]

        tg.user(7_500_000_009, "Mallory")
        async with aiohttp.ClientSession() as http, http.post(
                url, json=update, headers={"X-Telegram-Bot-Api-Secret-Token": secret}) as response:
            assert response.status == 200
            store = await open_store(f"sqlite:///{bot.database}")  # committed before the 200
            try:
                async with store.transaction() as tx:
                    assert not await tx.updates.claim(bot_id=int(tg.token.split(":")[0]), update_id=999_001)
            finally:
                await store.close()

        user = tg.user(7_500_000_001, "Kim")  # Telegram's own deliveries carry the secret
        await consent(user)
        client = MirroredClient(user, shipped("grounding_54321"), "en")
        await client.open_from_catalogue()
        for event in explore(client.engine, "en").ends["done"]:
            await client.act(event)
        assert client.session is not None and client.session.status == "completed"
        await wait_quiet(user)
    finally:
        await bot.stop()


async def test_a_button_press_delivered_again_by_webhook_is_not_answered_twice(
    tg: TelegramStandIn, tmp_path: Path
) -> None:
    """Telegram refuses a second answerCallbackQuery for one query: a redelivered press gets none, and moves
    nothing."""
    port = free_port()
    url = f"http://127.0.0.1:{port}/telegram/hook"
    hook = {"WEBHOOK_URL": url, "PORT": str(port), "WEBHOOK_SECRET": "s3cret-token-for-the-webhook_0123"}
    bot = RunningBot(tg, tmp_path / "bot.sqlite3", speed=200.0, extra_env=hook)
    await bot.start()
    try:
        await tg.wait_until(lambda: tg.webhook is not None, 10)
        user = tg.user(7_500_000_002, "Ida")
        await consent(user)
        client = MirroredClient(user, shipped("box_breathing"), "en")
        await client.open_from_catalogue()
        path = explore(client.engine, "en").ends["done"]
        await client.act(path[0])  # "Got it", a button
        await tg.wait_until(lambda: not tg.unanswered_callback_queries(), 5)
        press = next(u for u in reversed(tg.updates) if "callback_query" in u)
        for _ in range(3):
            tg.inject_update(json.loads(json.dumps(press)))  # delivered again, and again
        await tg.wait_until(lambda: sum(a.update_id == press["update_id"]
                                        for a in tg.webhook_attempts if a.succeeded) >= 4, 10)
        await wait_quiet(user, 0.3)
        answers = tg.calls_to("answerCallbackQuery")
        assert answers and all(call.ok for call in answers), [call.description for call in answers]
        for event in path[1:]:  # and the exercise carries on where it was
            await client.act(event)
        assert client.session is not None and client.session.status == "completed"
    finally:
        await bot.stop()
