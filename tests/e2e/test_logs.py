"""No message text, answer or token in the logs at INFO or above, whatever path the text takes."""

from __future__ import annotations

import logging

import pytest

from bot.engine.events import TextEntered
from tests.e2e.harness import MirroredClient, RunningBot, forced, invite_link, join, wait_quiet
from tests.e2e.test_therapist_journey import operator, press_through, shipped
from tests.support.telegram_api import TelegramStandIn
from tests.support.walker import explore

SENTINEL = "ZEBRA-SENTINEL-7731"


async def test_a_sentinel_never_reaches_the_logs(
    tg: TelegramStandIn, running_bot: RunningBot, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    assert await operator(running_bot, "therapists", "add", "8500000001") == 0
    therapist, client = tg.user(8_500_000_001, "T"), tg.user(8_500_000_002, "C")
    await join(client, await invite_link(therapist))
    await therapist.next_message()

    mirrored = MirroredClient(client, shipped("quick_reframe"), "en")
    await mirrored.open_from_catalogue()
    for event in explore(mirrored.engine, "en").ends["done"]:  # every answer carries the sentinel
        await mirrored.act(TextEntered(f"{SENTINEL} thought", event.at) if isinstance(event, TextEntered) else event)

    await client.send(f"i want to kill myself {SENTINEL}")  # the crisis path
    await client.next_message()
    await client.next_message()
    await therapist.next_message()
    await client.send("/sos")
    await client.next_message()
    confirm = await client.next_message()
    await client.press(confirm, "No — you misunderstood me")
    choices = await client.next_message()
    await client.press(choices, "I'm safe for now")
    await client.next_message()

    mirrored = MirroredClient(client, shipped("quick_reframe"), "en")  # a check-in mid-exercise
    await mirrored.open_from_catalogue()
    await client.send(forced("check_in", "home", f"{SENTINEL} at home"))
    question = await client.next_message()
    await client.send(f"{SENTINEL} perhaps")  # a typed reply that is not an answer: asked again
    assert "choose an answer" in (await client.next_message()).text
    await client.press(question, "No")  # the words kept as the step's answer
    assert "saved as your answer" in (await client.next_message()).text
    await client.next_message()  # the next question
    await client.send(forced("check_in", "someone_else", f"{SENTINEL} my friend"))  # and one answered yes
    await client.press(await client.next_message(), "Yes")
    await client.next_message()
    await client.next_message()
    assert "answered" in (await therapist.next_message()).text

    tg.fail_next("sendMessage", status=400, chat_id=client.id,
                 description=f"Bad Request: can't parse entities: {SENTINEL}")  # an error path
    await client.send(f"/frobnicate {SENTINEL}")
    await tg.wait_until(lambda: any(c.status == 400 for c in tg.calls), 5)
    await wait_quiet(client, 0.5)

    await therapist.send("/export")  # an export path
    document = await press_through(therapist, "C", "Everything", "PDF")
    assert document.document is not None

    await client.send(f"/start {SENTINEL}")  # a forged invitation code
    await client.next_message()
    await wait_quiet(client, 0.3)

    assert caplog.records, "the bot does log"
    for record in caplog.records:
        if record.levelno < logging.INFO:
            continue
        shown = (record.getMessage() + (caplog.handler.format(record) if record.exc_info else "")).lower()
        assert SENTINEL.lower() not in shown, f"{record.name}: {shown[:200]}"  # python-telegram-bot lower-cases
        assert tg.token.lower() not in shown, f"{record.name} logged the token"
