"""Who may do what: therapist A against therapist B's client, a client against every therapist command,
forged callback data, expired and reused invitations."""

from __future__ import annotations

import pytest

from bot.conversation.callback_data import MenuButton, encode
from bot.storage import open_store
from tests.e2e.harness import RunningBot, consent, invite_link, join, wait_quiet
from tests.e2e.test_therapist_journey import operator
from tests.support.telegram_api import TelegramStandIn

THERAPIST_A, THERAPIST_B, CLIENT_OF_B, CLIENT = 8_200_000_001, 8_200_000_002, 8_200_000_003, 8_200_000_004
THERAPIST_COMMANDS = ("/invite", "/assign", "/clients", "/review", "/export", "/progress", "/flows", "/release",
                      "/assignments", "/templates", "/digest")


async def person_id(bot: RunningBot, telegram_id: int) -> int:
    store = await open_store(f"sqlite:///{bot.database}")
    try:
        async with store.transaction() as tx:
            person = await tx.people.find_by_telegram_id(telegram_id)
            assert person is not None
            return person.id
    finally:
        await store.close()


async def audit_count(bot: RunningBot) -> int:
    store = await open_store(f"sqlite:///{bot.database}")
    try:
        async with store.transaction() as tx:
            total = 0
            for telegram_id in (THERAPIST_A, THERAPIST_B):
                person = await tx.people.find_by_telegram_id(telegram_id)
                total += len(await tx.audit.for_actor(person.id)) if person else 0
            return total
    finally:
        await store.close()


@pytest.mark.parametrize("command", THERAPIST_COMMANDS)
async def test_a_client_cannot_use_therapist_commands(
    command: str, tg: TelegramStandIn, running_bot: RunningBot
) -> None:
    client = tg.user(CLIENT, "Dee")
    await consent(client)
    await client.send(command)
    assert (await client.next_message()).text == "This command is for therapists."
    await wait_quiet(client)


async def test_therapist_a_reaches_nothing_of_therapist_bs_client(
    tg: TelegramStandIn, running_bot: RunningBot
) -> None:
    for therapist in (THERAPIST_A, THERAPIST_B):
        assert await operator(running_bot, "therapists", "add", str(therapist)) == 0
    a, b = tg.user(THERAPIST_A, "A"), tg.user(THERAPIST_B, "B")
    client = tg.user(CLIENT_OF_B, "Eve")
    await join(client, await invite_link(b))  # joining is the client's consent
    await b.next_message()  # "accepted your invitation"
    await client.send("/practice")
    catalogue = await client.next_message()
    await client.press(catalogue, catalogue.button_texts[0])  # a session exists to be read
    await client.next_message()

    victim = await person_id(running_bot, CLIENT_OF_B)
    session_id = victim  # ids are small integers: try the neighbourhood too
    await a.send("/review")
    assert "no linked clients" in (await a.next_message()).text
    await a.send("/help")
    anchor = await a.next_message()
    forged = [
        MenuButton("rv", f"c.{victim}"), MenuButton("rv", f"s.{session_id}"), MenuButton("rv", "s.1"),
        MenuButton("rv", "p.1.1"), MenuButton("ex", f"c.{victim}"), MenuButton("ex", f"f.{victim}.0.pdf"),
        MenuButton("ex", f"f.{victim}.0.json"), MenuButton("pg", f"c.{victim}"), MenuButton("asg", f"c.{victim}"),
        MenuButton("release", str(victim)),
        MenuButton("rv", f"l.{victim}.a.1"), MenuButton("rv", f"n.{victim}.0"), MenuButton("rv", f"h.{victim}"),
        MenuButton("rv", f"t.{session_id}.0"), MenuButton("ss", f"c.{victim}"),
        MenuButton("release", str(victim)), MenuButton("release", f"{victim}.y"), MenuButton("hwl", str(victim)),
        MenuButton("hwn", str(victim)), MenuButton("hwe", "1"), MenuButton("hwe", "1.x"),
        MenuButton("release", str(victim)), MenuButton("cl", f"c.{victim}"), MenuButton("cla", str(victim)),
    ]
    for button in forged:
        await a.press_data(anchor, encode(button))
        reply = await a.next_message()
        assert reply.document is None and reply.photo is None
        assert any(word in reply.text for word in ("not available", "not one of your", "no longer active"))
    assert await audit_count(running_bot) == 0, "nothing was read, so nothing was audited"
    # every press answered; an answer goes out beside the next message, so the last may land just after it
    await tg.wait_until(lambda: not tg.unanswered_callback_queries(), 5)


async def test_a_client_cannot_press_another_clients_homework(
    tg: TelegramStandIn, running_bot: RunningBot
) -> None:
    client = tg.user(CLIENT, "Dee")
    await consent(client)
    await client.send("/help")
    anchor = await client.next_message()
    for button in (MenuButton("hw", "1"), MenuButton("snooze", "1"), MenuButton("hw", "999999")):
        await client.press_data(anchor, encode(button))
        assert "no longer assigned" in (await client.next_message()).text


async def test_invitations_are_single_use_and_expire(tg: TelegramStandIn, running_bot: RunningBot) -> None:
    assert await operator(running_bot, "therapists", "add", str(THERAPIST_A)) == 0
    therapist = tg.user(THERAPIST_A, "A")
    code = await invite_link(therapist)
    first, second = tg.user(8_200_000_010, "F"), tg.user(8_200_000_011, "G")
    await join(first, code)
    assert "accepted your invitation" in (await therapist.next_message()).text
    await second.start(code)
    assert "not valid" in (await second.next_message()).text
    assert "not a crisis service" in (await second.next_message()).text  # and the welcome, for someone new

    stale = await invite_link(therapist)
    running_bot.clock.advance(8 * 24 * 3600)  # client links last a week
    await second.start(stale)
    assert "not valid" in (await second.next_message()).text


async def test_the_operator_invite_makes_a_therapist_once(tg: TelegramStandIn, running_bot: RunningBot,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    assert await operator(running_bot, "therapists", "invite", "--bot-username", "cbt_test_bot") == 0
    link = capsys.readouterr().out.strip()
    assert link.startswith("https://t.me/cbt_test_bot?start=")
    code = link.rsplit("=", 1)[1]
    newcomer, other = tg.user(8_200_000_020, "H"), tg.user(8_200_000_021, "I")
    await newcomer.start(code)
    assert "registered as a therapist" in (await newcomer.next_message()).text
    await other.start(code)
    assert "not valid" in (await other.next_message()).text
    assert "not a crisis service" in (await other.next_message()).text
    await other.send("/clients")
    assert (await other.next_message()).text == "This command is for therapists."
    assert await operator(running_bot, "therapists", "list") == 0
    assert str(8_200_000_020) in capsys.readouterr().out
