"""The caseload over the Bot API stand-in: /clients rows checked against what each client did (a daily item
done early counts for that day only), a client's card, the digest at its time, and missed-item notices sent
once — across a restart too."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from bot.conversation.access import client_label
from bot.engine.events import TextEntered
from bot.storage import open_store
from tests.e2e.harness import MirroredClient, RunningBot, invite_link, join, wait_quiet
from tests.e2e.test_therapist_journey import operator, press_through, shipped
from tests.support.telegram_api import MessageView, SimulatedUser, TelegramStandIn
from tests.support.walker import explore

THERAPIST = 8_700_000_001
FLOW = "Quick reframe"


async def _labels(bot: RunningBot, *telegram_ids: int) -> list[str]:
    """How the therapist sees each client named (access.client_label, the one place that decides it)."""
    store = await open_store(f"sqlite:///{bot.database}")
    try:
        async with store.transaction() as tx:
            therapist = await tx.people.find_by_telegram_id(THERAPIST)
            people = [await tx.people.find_by_telegram_id(t) for t in telegram_ids]
            assert therapist is not None
            return [await client_label(tx, therapist.id, p, "en") for p in people if p is not None]
    finally:
        await store.close()


async def _audit(bot: RunningBot, telegram_id: int) -> list[tuple[str, str]]:
    """(action, detail) of every audited read of that person's data, oldest first."""
    store = await open_store(f"sqlite:///{bot.database}")
    try:
        async with store.transaction() as tx:
            person = await tx.people.find_by_telegram_id(telegram_id)
            assert person is not None
            return [(entry.action, entry.detail) for entry in await tx.audit.for_subject(person.id)]
    finally:
        await store.close()


def _to_next_tuesday(bot: RunningBot, hour: int) -> datetime:
    """Moves the bot's clock to the coming Tuesday at `hour`:00 UTC, so a week's figures never straddle a
    Monday whatever day the test runs on."""
    now = datetime.fromtimestamp(bot.clock(), UTC)
    days = (1 - now.weekday()) % 7 or 7
    target = (now + timedelta(days=days)).replace(hour=hour, minute=0, second=0, microsecond=0)
    bot.clock.advance((target - now).total_seconds())
    return target


def _move_to(bot: RunningBot, moment: datetime) -> None:
    bot.clock.advance((moment - datetime.fromtimestamp(bot.clock(), UTC)).total_seconds())


async def _setup(tg: TelegramStandIn, bot: RunningBot, count: int) -> tuple[SimulatedUser, list[SimulatedUser]]:
    assert await operator(bot, "therapists", "add", str(THERAPIST)) == 0
    therapist = tg.user(THERAPIST, "Tess")
    clients = []
    for n in range(count):
        client = tg.user(THERAPIST + 1 + n, f"C{n}")
        await join(client, await invite_link(therapist))
        assert "accepted your invitation" in (await therapist.next_message()).text
        clients.append(client)
    return therapist, clients


async def _tap(user: SimulatedUser, message: MessageView, label: str) -> MessageView:
    await user.press(message, next(t for t in message.button_texts if t.startswith(label)))
    return await user.next_message()


async def _assign(therapist: SimulatedUser, client: SimulatedUser, label: str, *schedule: str) -> None:
    """/assign through the one-message wizard: the defaults are once, today, 20:00, no note; `schedule` is
    ("Daily", "3") for a daily item three times, and/or "Tomorrow" for the first day."""
    await therapist.send("/assign")
    confirm = await press_through(therapist, label, FLOW)
    if schedule[:1] == ("Daily",):
        confirm = await _tap(therapist, await _tap(therapist, await _tap(therapist, confirm, "Change"),
                                                   "How often"), "Daily")
        confirm = await _tap(therapist, confirm, schedule[1])
    if "Tomorrow" in schedule:
        confirm = await _tap(therapist, await _tap(therapist, await _tap(therapist, confirm, "Change"),
                                                   "Which day"), "Tomorrow")
    await therapist.press(confirm, "Assign")
    assert "has been told" in (await therapist.next_message()).text
    assert "New homework" in (await client.next_message()).text


async def _do_homework(client: SimulatedUser, which: int) -> None:
    """The client opens /homework and does the `which`-th item listed, to the end."""
    await client.send("/homework")
    listing = await client.next_message()
    mirrored = MirroredClient(client, shipped("quick_reframe"), "en")
    await mirrored.open_with(listing, listing.button_texts[which])
    for event in explore(mirrored.engine, "en").ends["done"]:
        await mirrored.act(TextEntered("a thought", event.at) if isinstance(event, TextEntered) else event)
    assert mirrored.session is not None and mirrored.session.status == "completed"


def _row(overview: MessageView, label: str) -> tuple[str, ...]:
    found = re.search(rf"{re.escape(label)}\s+last active (\w+) · (?:homework: (\d+) due, (\d+) done, (\d+) missed|"
                      rf"no homework due this week)", overview.text)
    assert found is not None, overview.text
    return found.groups(default="")


async def test_clients_rows_and_the_card_follow_what_each_client_did(tg: TelegramStandIn,
                                                                    running_bot: RunningBot) -> None:
    therapist, (early, absent, later, _idle) = await _setup(tg, running_bot, 4)
    labels = await _labels(running_bot, *(THERAPIST + 1 + n for n in range(4)))
    tuesday = _to_next_tuesday(running_bot, 10)
    await _assign(therapist, early, labels[0], "Daily", "3", "Today")
    await _assign(therapist, absent, labels[1], "Daily", "3", "Today")
    await _assign(therapist, later, labels[2], "Once", "Tomorrow")

    await _do_homework(early, 0)  # today's
    assert "completed Quick reframe" in (await therapist.next_message(timeout=10)).text
    await _do_homework(early, 0)  # the first listed is now tomorrow's: done early, it counts for today only
    await wait_quiet(therapist, 0.5)  # extra practice: no item done, no notice

    _move_to(running_bot, tuesday + timedelta(days=1))  # Wednesday 10:00
    await therapist.send("/clients")
    overview = await therapist.next_message()
    assert "Your 4 clients" in overview.text
    assert _row(overview, labels[0]) == ("yesterday", "2", "1", "0")  # Tuesday's done, Wednesday's due
    assert _row(overview, labels[1]) == ("never", "2", "0", "1")  # Tuesday's missed
    assert _row(overview, labels[2]) == ("never", "1", "0", "0")  # due today, not yet missed
    assert _row(overview, labels[3]) == ("never", "", "", "")
    assert "belief" in overview.text  # the latest rating change, numbers only
    assert "a thought" not in overview.text  # never the client's words
    order = [overview.text.index(label) for label in (labels[1], labels[0], labels[2], labels[3])]
    assert order == sorted(order)  # who missed most first
    assert set(overview.button_texts) == set(labels)

    await therapist.press(overview, labels[1])
    card = await therapist.next_message()
    assert "2 due so far, 0 done, 1 missed" in card.text
    assert f"{FLOW} — due {tuesday.date().isoformat()}" in card.text
    assert "No exercises yet" in card.text
    assert card.button_texts == ["Read exercises", "Assign homework", "All clients"]

    await therapist.press(overview, labels[0])
    card = await therapist.next_message()
    assert "2 due so far, 1 done, 0 missed" in card.text
    assert card.text.count(f"{FLOW} — completed") == 2 and "belief" in card.text
    await therapist.press(card, "Assign homework")
    assert labels[0] in (await therapist.next_message()).text  # the wizard, with this client chosen, in place
    await therapist.press(overview, labels[0])
    card = await therapist.next_message()
    await therapist.press(card, "Read exercises")
    exercises = (await therapist.next_message()).button_texts
    assert sum(FLOW in text for text in exercises) == 2  # both exercises to read, then the list's own buttons

    # every look is audited; a glance at the caseload is not a review, so "since last session" does not move
    assert await _audit(running_bot, absent.id) == [("caseload", "list page=0"), ("caseload", "card")]
    assert await _audit(running_bot, early.id) == [("caseload", "list page=0"), ("caseload", "card"),
                                                   ("caseload", "card"), ("review", "list filter=d page=0")]


async def test_digest_at_its_time_and_missed_notices_once(tg: TelegramStandIn, running_bot: RunningBot) -> None:
    therapist, (done, missed) = await _setup(tg, running_bot, 2)
    labels = await _labels(running_bot, THERAPIST + 1, THERAPIST + 2)
    tuesday = _to_next_tuesday(running_bot, 10)

    await therapist.send("/digest")
    menu = await therapist.next_message()
    assert "Digest: off." in menu.text
    await therapist.press(menu, "Every day")
    set_up = await press_through(therapist, "08:00")
    wednesday_8 = (tuesday + timedelta(days=1)).replace(hour=8)
    assert "every day at 08:00 (UTC)" in set_up.text and wednesday_8.strftime("%Y-%m-%d 08:00") in set_up.text
    await therapist.send("/digest")
    on = await press_through(therapist, "Notices of missed items: switch on")
    assert "A notice for each missed item: on." in on.text

    await _assign(therapist, done, labels[0], "Once", "Today")
    await _assign(therapist, missed, labels[1], "Once", "Today")
    await _do_homework(done, 0)
    assert "completed Quick reframe" in (await therapist.next_message(timeout=10)).text
    await wait_quiet(therapist, 0.5)

    _move_to(running_bot, (tuesday + timedelta(days=1)).replace(hour=0, minute=1))  # Tuesday has ended
    notice = await therapist.next_message(timeout=10)
    assert notice.text == f"{labels[1]} has not done {FLOW}, due {tuesday.date().isoformat()}."
    assert notice.button_texts == ["Open the card"]
    await wait_quiet(therapist, 1.0)  # once

    _move_to(running_bot, wednesday_8)
    digest = await therapist.next_message(timeout=10)
    assert "Digest" in digest.text and "(UTC)" in digest.text
    done_part, _, missed_part = digest.text.partition("Missed")
    assert f"{labels[0]}: {FLOW}" in done_part and labels[1] not in done_part
    assert f"{labels[1]}: {FLOW} (due {tuesday.date().isoformat()})" in missed_part
    await wait_quiet(therapist, 1.0)  # once

    await running_bot.stop()  # a restart sends neither again
    await running_bot.start()
    _move_to(running_bot, wednesday_8 + timedelta(minutes=5))
    await wait_quiet(therapist, 2.0)
    await therapist.press(notice, "Open the card")
    assert "1 due so far, 0 done, 1 missed" in (await therapist.next_message()).text


async def test_25_clients_page_by_8_and_each_appears_once(tg: TelegramStandIn, running_bot: RunningBot) -> None:
    therapist, _ = await _setup(tg, running_bot, 25)
    labels = await _labels(running_bot, *(THERAPIST + 1 + n for n in range(25)))
    await therapist.send("/clients")
    page = await therapist.next_message()
    seen: list[str] = []
    for number in range(1, 5):
        assert f"Page {number} of 4" in page.text and len(page.source or page.text) < 4096
        shown = [t for t in page.button_texts if t in labels]
        assert len(shown) == (8 if number < 4 else 1)
        assert all(label in page.text for label in shown)
        seen += shown
        if number < 4:
            await therapist.press(page, "Next ▶")
            page = await therapist.next_message()
    assert sorted(seen) == sorted(labels)
    await therapist.press(page, "◀ Previous")
    assert "Page 3 of 4" in (await therapist.next_message()).text


async def test_the_digest_keeps_its_local_time_when_the_zone_changes(tg: TelegramStandIn,
                                                                    running_bot: RunningBot) -> None:
    therapist, _ = await _setup(tg, running_bot, 1)
    await therapist.send("/digest weekly mon 9:00")
    assert "every Monday at 09:00 (UTC)" in (await therapist.next_message()).text
    await therapist.send("/timezone Asia/Tokyo")
    assert "Asia/Tokyo" in (await therapist.next_message()).text
    await therapist.send("/digest")
    menu = await therapist.next_message()
    assert "every Monday at 09:00 (Asia/Tokyo)" in menu.text
    assert re.search(r"The next one: \d{4}-\d\d-\d\d 09:00\.", menu.text)
    await therapist.send("/digest sometimes")
    assert "I did not understand that" in (await therapist.next_message()).text
    await therapist.send("/digest off")
    assert "Digest: off." in (await therapist.next_message()).text
