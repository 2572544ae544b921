"""A clinic's week over the Bot API stand-in (issue 11): two therapists with 25 clients each, every client
invited by name. One therapist assigns one homework by a typed search, one template to ten clients, changes
one and cancels another; some clients do their homework and some do not; the digest at its time and /clients
say exactly who did what; a session is marked and "since last session" shows only what came after; a note is
kept and exported. The other therapist sees none of it. The taps each task costs are counted from the
stand-in's own record (the closing figures in docs/homework.md)."""

from __future__ import annotations

import json
import re
from datetime import timedelta

from tests.e2e.harness import RunningBot, join, wait_quiet
from tests.e2e.test_caseload import FLOW, _do_homework, _move_to, _row, _to_next_tuesday
from tests.e2e.test_homework_few_taps import Therapist, no_refused_edits
from tests.e2e.test_preparing_a_session import _thought_record
from tests.e2e.test_therapist_journey import operator
from tests.support.telegram_api import MessageView, SimulatedUser, TelegramStandIn

A_ID, B_ID = 9_300_000_001, 9_300_000_002
# Private names, as each therapist types them at /invite; Maria K. is invited last, so she is on the last page.
A_NAMES = ["Anna B.", "Boris C.", "Clara D.", "Dmitri E.", "Elena F.", "Fyodor G.", "Galina H.", "Hugo I.",
           "Irina J.", "Jonas K.", "Karina L.", "Leon M.", "Marta N.", "Nikolai O.", "Olga P.", "Pavel Q.",
           "Quinn R.", "Rosa S.", "Stepan T.", "Tamara U.", "Ulrich V.", "Vera W.", "Walter X.", "Xenia Y.",
           "Maria K."]
B_NAMES = [f"Patient {chr(ord('A') + n)}{chr(ord('a') + n)}" for n in range(25)]
NOTE = "Avoids the weekend topic; ask about sleep"


async def _invite_all(tg: TelegramStandIn, therapist: Therapist, names: list[str],
                      first_id: int) -> dict[str, SimulatedUser]:
    """Invites each client by name (one command each) and lets them join; returns them by private name."""
    clients = {}
    for n, name in enumerate(names):
        invitation = await therapist.command(f"/invite {name}")
        assert f"This invitation is for {name}" in invitation.text
        code = re.search(r"start=([A-Za-z0-9_-]+)", invitation.text)
        assert code is not None
        client = tg.user(first_id + n, f"Tg{n}")  # their Telegram first name is not what the therapist reads
        await join(client, code.group(1))
        assert (await therapist.user.next_message()).text.startswith(f"{name} accepted your invitation")
        clients[name] = client
    return clients


async def _message_with_button(user: SimulatedUser, label: str, tries: int = 3) -> MessageView:
    """The next message of `user` that has a button starting with `label` (a typed search may first take the
    buttons off the message it answers)."""
    for _ in range(tries):
        message = await user.next_message()
        if any(t.startswith(label) for t in message.button_texts):
            return message
    raise AssertionError(f"no message with a button {label!r}")


async def _search(therapist: Therapist, command: str, query: str, name: str) -> MessageView:
    """A client picker past one page: the command, part of the name typed, the one client found tapped."""
    picker = await therapist.command(command)
    assert "type part of a name" in picker.text, picker.text
    await therapist.user.send(query)  # typed: not a tap nor a command
    narrowed = await _message_with_button(therapist.user, name)
    assert [t for t in narrowed.button_texts if t in A_NAMES + B_NAMES] == [name]
    return await therapist.tap(narrowed, name)


async def test_two_therapists_with_25_clients_each(tg: TelegramStandIn, running_bot: RunningBot) -> None:
    assert await operator(running_bot, "therapists", "add", str(A_ID), "--name", "Dr Vega") == 0
    assert await operator(running_bot, "therapists", "add", str(B_ID), "--name", "Dr Lund") == 0
    a, b = Therapist(tg, tg.user(A_ID, "Ines")), Therapist(tg, tg.user(B_ID, "Lars"))

    # Inviting: one command per client, named at once.
    a.start_counting()
    a_clients = await _invite_all(tg, a, A_NAMES, 9_300_001_000)
    invite = a.counted()
    assert (invite.commands, invite.taps, invite.new_messages) == (25, 0, 50)  # the link, then "accepted"
    b_clients = await _invite_all(tg, b, B_NAMES, 9_300_002_000)
    maria = a_clients["Maria K."]

    # Names everywhere, four pages of eight, and each therapist sees only their own clients.
    for therapist, names, others in ((a, A_NAMES, B_NAMES), (b, B_NAMES, A_NAMES)):
        page = await therapist.command("/clients")
        seen: list[str] = []
        for number in range(1, 5):
            assert f"Page {number} of 4" in page.text
            assert not any(other in page.text for other in others)
            seen += [t for t in page.button_texts if t in names]
            if number < 4:
                page = await therapist.tap(page, "Next ▶")
        assert seen == sorted(names)  # nobody behind yet: by name
        assert "Tg" not in page.text  # the private name, not the Telegram one

    tuesday = _to_next_tuesday(running_bot, 10)
    today = tuesday.date().isoformat()

    # Assign one: the picker is past one page, so part of the name is typed.
    a.start_counting()
    exercises = await _search(a, "/assign", "mari", "Maria K.")
    confirm = await a.tap(exercises, FLOW)
    assert "Client: Maria K." in confirm.text and "Once, 1 time" in confirm.text
    done = await a.tap(confirm, "Assign")
    assert "Maria K. has been told" in done.text
    assign_one = a.counted()
    # and the name typed once; the picker narrowed is a new message, the rest edits it
    assert (assign_one.commands, assign_one.taps, assign_one.new_messages, assign_one.edits) == (1, 3, 2, 3)
    assert "New homework" in (await maria.next_message()).text
    await a.tap(done, "Save as template")

    # One template to ten clients: the first page's eight, then two on the next.
    a.start_counting()
    picker = await a.tap(await a.command("/templates"), "1. Assign")
    chosen = A_NAMES[:10]
    for name in chosen[:8]:
        picker = await a.tap(picker, name)
    picker = await a.tap(picker, "Next ›")
    for name in chosen[8:]:
        picker = await a.tap(picker, name)
    assert "Next (10)" in picker.button_texts
    confirm = await a.tap(picker, "Next (10)")
    assert "to 10 clients" in confirm.text
    assert f"Assigned {FLOW} to 10 clients" in (await a.tap(confirm, "Assign")).text
    assign_ten = a.counted()
    # ten chosen by name over two pages; with "Select all" (every client) it is 1 + 4
    assert (assign_ten.commands, assign_ten.taps, assign_ten.new_messages, assign_ten.edits) == (1, 14, 1, 14)
    for name in chosen:
        assert FLOW in (await a_clients[name].next_message()).text

    # Change one (to tomorrow) and cancel another; each client is told.
    moved, dropped, doers, missers = chosen[0], chosen[1], chosen[2:7], chosen[7:10]
    listing = await _search(a, "/assignments", moved.split()[0], moved)
    edit = await a.tap(listing, f"Change: {FLOW}")
    edit = await a.tap(await a.tap(await a.tap(edit, "Change"), "Which day"), "Tomorrow")
    assert "Changed" in (await a.tap(edit, "Save")).text
    assert "changed your homework" in (await a_clients[moved].next_message()).text
    listing = await _search(a, "/assignments", dropped.split()[0], dropped)
    question = await a.tap(listing, f"Cancel: {FLOW}")
    assert "Cancelled" in (await a.tap(question, "Yes, cancel it")).text
    assert "cancelled your homework" in (await a_clients[dropped].next_message()).text

    # The digest every morning at 08:00.
    await a.user.send("/digest daily 8:00")
    assert "every day at 08:00 (UTC)" in (await a.user.next_message()).text

    # Five of the ten do their homework, and Maria does hers; each completion is told by name.
    for name in [*doers, "Maria K."]:
        await _do_homework(a_clients[name], 0)
        assert (await a.user.next_message(timeout=10)).text.startswith(f"{name} completed {FLOW}")
    await wait_quiet(b.user, 0.3)
    assert not any(name in m.text for m in b.user.messages for name in A_NAMES)

    # Wednesday 08:00: the digest says who did what on Tuesday and who missed it.
    _move_to(running_bot, (tuesday + timedelta(days=1)).replace(hour=8))
    digest = await a.user.next_message(timeout=10)
    assert "Digest" in digest.text
    done_part, _, rest = digest.text.partition("Missed")
    missed_part, _, quiet_part = rest.partition("Nothing done")
    for name in [*doers, "Maria K."]:
        assert f"{name}: {FLOW}" in done_part
    for name in missers:
        assert f"{name}: {FLOW} (due {today})" in missed_part
    for name in (moved, dropped, *A_NAMES[10:24]):  # due today, cancelled, or never given homework
        assert name in quiet_part and name not in done_part + missed_part
    await wait_quiet(a.user, 0.5)  # once

    # /clients agrees with what each client did.
    overview = await a.command("/clients")
    pages = [overview]
    while "Next ▶" in pages[-1].button_texts:
        pages.append(await a.tap(pages[-1], "Next ▶"))
    rows = "\n".join(p.text for p in pages)
    for name in doers:
        assert _row(pages_with(pages, name), name) == ("yesterday", "1", "1", "0")
    for name in missers:
        assert _row(pages_with(pages, name), name) == ("never", "1", "0", "1")
    assert _row(pages_with(pages, moved), moved) == ("never", "1", "0", "0")  # due today, not yet missed
    assert _row(pages_with(pages, dropped), dropped) == ("never", "", "", "")
    assert _row(pages_with(pages, "Maria K."), "Maria K.") == ("yesterday", "1", "1", "0")
    assert rows.index(missers[0]) < rows.index(doers[0])  # who missed most first

    # Since last session: the session is marked today; what Maria does after it is all that shows.
    a.start_counting()
    menu = await _search(a, "/session", "Maria", "Maria K.")
    since = await a.tap(menu, "Since last session")
    assert "1 completed exercise" in since.text and "Maria K." in since.text
    read_since = a.counted()
    # and the name typed once: the picker, the picker narrowed, the client's menu, the cards
    assert (read_since.commands, read_since.taps, read_since.new_messages) == (1, 2, 4)
    assert "is marked as held today" in (await a.tap(since, "Session held today")).text
    after = "The landlord called about the rent and I assumed the worst"
    await _thought_record(maria, after)
    menu = await _search(a, "/session", "Maria", "Maria K.")
    since = await a.tap(menu, "Since last session")
    assert "since the session marked" in since.text and "1 completed exercise." in since.text
    assert after in since.text and FLOW not in since.text

    # A private note, and the export carries it under the client's name.
    listing = await _search(a, "/note", "Maria", "Maria K.")
    await a.tap(listing, "Add a note")
    await a.user.send(NOTE)
    assert (await a.user.next_message()).text == "Note saved."
    formats = await a.tap(await _search(a, "/export", "Maria", "Maria K."), "Everything")
    exported = await a.tap(formats, "JSON")
    assert exported.document is not None and "Maria-K" in (exported.document.filename or "")
    document = json.loads(exported.document.content)
    assert document["client"] == "Maria K." and [n["text"] for n in document["notes"]] == [NOTE]
    assert len(document["exercises"]) == 2  # her homework and the thought record after the session

    # The other therapist: none of the first one's clients, by search or by a forged button.
    picker = await b.command("/review")
    await b.user.send("Maria")
    assert "No client's name contains" in (await b.user.next_message()).text
    card_data = overview.callback_data(overview.button_texts[0])
    await b.user.press_data(picker, card_data)  # on a message of its own chat, data made for the other
    refused = await b.user.next_message()
    assert "not available to you" in refused.text and not any(name in refused.text for name in A_NAMES)
    assert picker.button_texts and all(t not in A_NAMES for t in picker.button_texts)

    # No client ever read a private name.
    for clients in (a_clients, b_clients):
        for client in clients.values():
            said = client.transcript()
            assert not any(name in said for name in A_NAMES + B_NAMES)
    no_refused_edits(tg)


def pages_with(pages: list[MessageView], name: str) -> MessageView:
    return next(page for page in pages if name in page.text)
