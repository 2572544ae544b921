"""Names over the Bot API stand-in: a therapist invites "Maria K.", the client joins, and the therapist reads
that name in /clients, in the completion notice and in the crisis alert — while the client never sees it.
Therapists get their own command menu in their chat (BotCommandScopeChat), set when they become one and
again at start-up; clients keep everyone's menu."""

from __future__ import annotations

import re
from datetime import timedelta

from bot.engine.events import TextEntered
from bot.storage import open_store
from tests.e2e.harness import MirroredClient, RunningBot, join
from tests.e2e.test_therapist_journey import operator, press_through, shipped
from tests.support.telegram_api import TelegramStandIn
from tests.support.telegram_api.state import ApiCall
from tests.support.walker import explore

THERAPIST = 8_900_000_001
CLIENT = 8_900_000_002


async def test_the_therapists_name_for_a_client_is_shown_to_the_therapist_only(
    tg: TelegramStandIn, running_bot: RunningBot
) -> None:
    assert await operator(running_bot, "therapists", "add", str(THERAPIST), "--name", "Dr Rivera") == 0
    therapist, client = tg.user(THERAPIST, "Tess"), tg.user(CLIENT, "Masha")
    await therapist.send("/invite Maria K.")
    invitation = await therapist.next_message()
    assert "This invitation is for Maria K." in invitation.text
    code = re.search(r"start=([A-Za-z0-9_-]+)", invitation.text)
    assert code is not None
    await join(client, code.group(1))
    assert (await therapist.next_message()).text.startswith("Maria K. accepted your invitation")

    await therapist.send("/clients")
    overview = await therapist.next_message()
    assert "Maria K." in overview.text and "Masha" not in overview.text
    assert any(label.startswith("Maria K.") for label in overview.button_texts)

    await therapist.send("/assign")
    confirm = await press_through(therapist, "Maria K.", "Quick reframe")
    assert "Client: Maria K." in confirm.text
    await therapist.press(confirm, "Assign")
    assert "Assigned. Maria K. has been told." in (await therapist.next_message()).text
    assert "New homework" in (await client.next_message()).text

    await client.send("/homework")
    listing = await client.next_message()
    mirrored = MirroredClient(client, shipped("quick_reframe"), "en")
    await mirrored.open_with(listing, listing.button_texts[0])
    for event in explore(mirrored.engine, "en").ends["done"]:
        await mirrored.act(TextEntered("a thought", event.at) if isinstance(event, TextEntered) else event)
    notice = await therapist.next_message(timeout=10)
    assert notice.text.startswith("Maria K. completed Quick reframe")

    await client.send("/sos")
    alert = await therapist.next_message(timeout=10)
    assert alert.text.startswith("⚠️ Maria K. asked for crisis help")

    await therapist.send("/rename")
    asked = await press_through(therapist, "Maria K.")
    assert "Type a new name for Maria K." in asked.text
    await therapist.send("Maria Kowalska")
    assert "you will see Maria Kowalska" in (await therapist.next_message()).text
    await client.send("/unlink")
    left = await therapist.next_message(timeout=10)
    assert left.text.startswith("Maria Kowalska is no longer linked")

    seen_by_client = client.transcript()
    assert "Maria" not in seen_by_client and "Kowalska" not in seen_by_client
    assert "Dr Rivera" in seen_by_client


async def test_therapists_get_their_commands_in_their_chat_only(
    tg: TelegramStandIn, running_bot: RunningBot
) -> None:
    therapist_scope = {"type": "chat", "chat_id": THERAPIST}
    client_scope = {"type": "chat", "chat_id": CLIENT}
    store = await open_store(f"sqlite:///{running_bot.database}")  # what `cbt-bot therapists invite` makes
    try:
        async with store.transaction() as tx:
            _, code = await tx.invites.create("therapist", None, timedelta(days=1))
    finally:
        await store.close()
    therapist, client = tg.user(THERAPIST, "Tess"), tg.user(CLIENT, "Masha")
    await therapist.start(code)
    assert "registered as a therapist" in (await therapist.next_message()).text
    assert "What name should your clients see?" in (await therapist.next_message()).text
    await therapist.send("Dr Tess Hall")
    assert "Dr Tess Hall" in (await therapist.next_message()).text

    await tg.wait_until(lambda: bool(tg.commands(therapist_scope)))
    english = [c["command"] for c in tg.commands(therapist_scope)]
    russian = [c["command"] for c in tg.commands(therapist_scope, "ru")]
    assert english == russian
    assert english[:2] == ["clients", "invite"] and {"rename", "myname", "sos", "practice"} <= set(english)
    everyone = [c["command"] for c in tg.commands()]
    assert "rename" not in everyone and "invite" not in everyone and "sos" in everyone

    await client.send("/start")
    await client.next_message()
    assert tg.commands(client_scope) == []
    scoped = [call for call in tg.calls_to("setMyCommands") if "scope" in call.params]
    assert len(scoped) == 2 and all(call.status == 200 for call in scoped)  # English (the default) and Russian
    assert all(call.params["scope"] == therapist_scope for call in scoped)

    before = len(tg.calls_to("setMyCommands"))
    await running_bot.stop()
    await running_bot.start()  # at start-up, each therapist's menu again

    def again() -> list[ApiCall]:
        return [c for c in tg.calls_to("setMyCommands")[before:] if "scope" in c.params]

    await tg.wait_until(lambda: len(again()) >= 2, 10)
    assert len(again()) == 2 and all(c.params["scope"] == therapist_scope and c.status == 200 for c in again())
    assert [c["command"] for c in tg.commands(therapist_scope)] == english
