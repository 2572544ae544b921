"""However a count-down ends — the time runs out, Stop, or the bot stops with it running — its message ends
in a final state without buttons, and no edit is ever refused as unchanged."""

from __future__ import annotations

import asyncio
from pathlib import Path

from bot.engine.effects import TimerStarted
from tests.e2e.harness import MirroredClient, RunningBot, consent
from tests.e2e.test_presentation import shipped
from tests.support.telegram_api import MessageView, SimulatedUser, TelegramStandIn
from tests.support.walker import explore


def now_shown(user: SimulatedUser, message_id: int) -> MessageView:
    return next(m for m in user.messages if m.message_id == message_id)


def refused_edits(tg: TelegramStandIn) -> list[str | None]:
    return [c.description for c in tg.calls_to("editMessageText") if not c.ok]


async def breathing(user: SimulatedUser) -> tuple[MirroredClient, int]:
    """Box breathing opened and its count-down started; the client and the count-down's message id."""
    await consent(user)
    client = MirroredClient(user, shipped("box_breathing"), "en")
    await client.open_from_catalogue()
    path = explore(client.engine, "en").ends["done"]
    await client.act(path[0])
    await client.act(path[1])
    assert isinstance(client.prompt, TimerStarted) and client.timer_message_id is not None
    return client, client.timer_message_id


async def test_a_count_down_that_runs_out_ends_without_buttons(tg: TelegramStandIn, running_bot: RunningBot) -> None:
    user = tg.user(7_700_000_001, "Ada")
    client, message_id = await breathing(user)
    await client.act(explore(client.engine, "en").ends["done"][2])  # the time runs out: "another round?"
    final = now_shown(user, message_id)
    assert (final.text, final.buttons) == ("✓ Time is up.", ())
    assert refused_edits(tg) == []


async def test_a_stopped_count_down_ends_without_buttons(tg: TelegramStandIn, tmp_path: Path) -> None:
    bot = RunningBot(tg, tmp_path / "bot.sqlite3", speed=5.0)
    await bot.start()
    try:
        user = tg.user(7_700_000_002, "Bo")
        _client, message_id = await breathing(user)
        await tg.wait_until(lambda: len(tg.calls_to("editMessageText")) >= 2, 10)  # ticking
        stop = now_shown(user, message_id)
        assert stop.button_texts == ["Stop"]
        await user.press(stop, "Stop")
        await user.wait_until(lambda u: now_shown(u, message_id).text == "⏹ Stopped.", 5)
        await asyncio.sleep(2.5)  # no late tick of the count-down puts a count or a button back
        final = now_shown(user, message_id)
        assert (final.text, final.buttons) == ("⏹ Stopped.", ())
        assert refused_edits(tg) == []
    finally:
        await bot.stop()


async def test_a_count_down_running_when_the_bot_stops_ends_and_goes_on_in_a_new_message(
    tg: TelegramStandIn, tmp_path: Path
) -> None:
    bot = RunningBot(tg, tmp_path / "bot.sqlite3", speed=20.0)
    await bot.start()
    try:
        user = tg.user(7_700_000_003, "Cy")
        _client, first = await breathing(user)
        await asyncio.sleep(1.2)
        await bot.stop()
        interrupted = now_shown(user, first)
        assert interrupted.text.startswith("⏸ Interrupted") and interrupted.buttons == ()
        await bot.start()
        await user.wait_until(lambda u: any("another round" in m.text.lower() for m in u.messages), 15)
        resumed = [m for m in user.messages if m.message_id > first and m.text == "✓ Time is up."]
        assert len(resumed) == 1 and resumed[0].buttons == (), "the count went on in a new message, to its end"
        assert now_shown(user, first).text.startswith("⏸ Interrupted")
        assert refused_edits(tg) == []
    finally:
        await bot.stop()
