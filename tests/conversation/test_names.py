"""Names through the conversation, on a SQLite file: the therapist's private name for a client (at /invite, by
/rename) shows wherever the client is named to them — pickers, notices, crisis alerts — and never reaches the
client; the Telegram first name stands in until then; /myname and the name asked of a new therapist; client
pickers page by eight and narrow to a typed part of a name; /history names a custom flow by its title."""

from __future__ import annotations

import itertools
import re
import time as clock
from collections.abc import AsyncIterator
from datetime import time, timedelta
from pathlib import Path

import pytest

from bot.conversation.callback_data import MenuButton, decode
from bot.conversation.flow_library import FlowLibrary
from bot.conversation.messages import (
    ButtonPress,
    Command,
    CommandMenu,
    EditMessage,
    Incoming,
    Notify,
    Payload,
    Reply,
    Send,
    TextMessage,
)
from bot.conversation.service import Conversation
from bot.flow_dirs import SHIPPED_FLOWS
from bot.storage import Store, open_store

THERAPIST = 9_100_000_001
CLIENT = 9_100_000_002
_ids = itertools.count(1)


class Chat:
    """Everything the bot said, to whom: a person's chat collects Sends and edits to it and Notifies to them."""

    def __init__(self, conversation: Conversation) -> None:
        self.conversation = conversation
        self.seen: dict[int, list[str]] = {}

    async def say(self, user_id: int, payload: Payload, first_name: str | None = None) -> list[Reply]:
        replies = await self.conversation.handle(
            Incoming(next(_ids), user_id, user_id, "en", clock.time(), payload, first_name))
        for reply in replies:
            if isinstance(reply, Send | EditMessage):
                self.seen.setdefault(reply.chat_id, []).append(reply.text + _labels(reply))
            elif isinstance(reply, Notify):
                self.seen.setdefault(reply.telegram_id, []).append(reply.text)
        return replies

    async def press(self, user_id: int, replies: list[Reply], label: str, first_name: str | None = None) -> list[Reply]:
        return await self.say(user_id, press(replies, label), first_name)


def _labels(reply: Send | EditMessage) -> str:
    return "".join(f"\n[{b.label}]" for row in reply.keyboard for b in row)


def last_view(replies: list[Reply]) -> Send | EditMessage:
    return [r for r in replies if isinstance(r, Send | EditMessage)][-1]


def buttons(replies: list[Reply]) -> list[str]:
    return [b.label for row in last_view(replies).keyboard for b in row]


def press(replies: list[Reply], label: str) -> ButtonPress:
    view = last_view(replies)
    data = next(b.data for row in view.keyboard for b in row if b.label.startswith(label))
    return ButtonPress("cb", data, view.message_id if isinstance(view, EditMessage) else 7)


def texts(replies: list[Reply]) -> str:
    return "\n".join(r.text for r in replies if isinstance(r, Send | EditMessage | Notify))


@pytest.fixture
async def store(tmp_path: Path) -> AsyncIterator[Store]:
    opened = await open_store(f"sqlite:///{tmp_path / 'cbt.sqlite3'}")
    yield opened
    await opened.close()


@pytest.fixture
def chat(store: Store) -> Chat:
    return Chat(Conversation(store, FlowLibrary.from_dirs([SHIPPED_FLOWS]), bot_id=1, bot_username="cbt_test_bot"))


async def make_therapist(store: Store, telegram_id: int = THERAPIST, name: str | None = "Dr Rivera") -> None:
    async with store.transaction() as tx:
        person = await tx.people.get_or_create(telegram_id)
        await tx.people.set_role(person.id, "therapist")
        if name:
            await tx.people.set_display_name(person.id, name)


def code_in(replies: list[Reply]) -> str:
    found = re.search(r"start=([A-Za-z0-9_-]+)", texts(replies))
    assert found is not None, texts(replies)
    return found.group(1)


async def join(chat: Chat, client: int, code: str, first_name: str | None) -> list[Reply]:
    """A new person opens the invitation, agrees to the welcome, then to the link; returns the join's replies."""
    welcome = await chat.say(client, Command("start", code), first_name)
    question = await chat.press(client, welcome, "I agree", first_name)
    assert "invites you" in texts(question)
    return await chat.press(client, question, "I agree", first_name)


async def test_the_private_name_is_the_therapists_alone(chat: Chat, store: Store) -> None:
    await make_therapist(store)
    invited = await chat.say(THERAPIST, Command("invite", "Maria K."))
    assert "This invitation is for <b>Maria K.</b>" in texts(invited)
    joined = await join(chat, CLIENT, code_in(invited), "Masha")
    told = [r for r in joined if isinstance(r, Notify) and r.telegram_id == THERAPIST]
    assert told and told[0].text.startswith("Maria K. accepted your invitation")

    review = await chat.say(THERAPIST, Command("review"))
    assert buttons(review) == ["Maria K."]
    alert = await chat.say(CLIENT, Command("sos"))
    assert next(r.text for r in alert if isinstance(r, Notify)).startswith("⚠️ Maria K. asked for crisis help")
    await chat.say(CLIENT, Command("privacy"))
    mydata = await chat.say(CLIENT, Command("mydata"))
    documents = [r for r in mydata if hasattr(r, "content")]
    assert documents and all(b"Maria" not in d.content for d in documents)  # type: ignore[attr-defined]
    assert any(b"Masha" in d.content for d in documents)  # type: ignore[attr-defined]  # their own first name
    left = await chat.say(CLIENT, Command("unlink"))
    assert any(isinstance(r, Notify) and r.text.startswith("Maria K. is no longer linked") for r in left)

    client_saw = "\n".join(chat.seen[CLIENT])
    assert "Maria" not in client_saw
    assert "Dr Rivera" in client_saw  # the therapist's own name is what the client reads


async def test_until_named_the_telegram_first_name_then_rename(chat: Chat, store: Store) -> None:
    await make_therapist(store)
    invited = await chat.say(THERAPIST, Command("invite"))
    assert "/invite Maria K." in texts(invited)  # how to name the client at once
    joined = await join(chat, CLIENT, code_in(invited), "Olga")
    assert any(isinstance(r, Notify) and r.text.startswith("Olga accepted") for r in joined)

    picker = await chat.say(THERAPIST, Command("rename"))
    assert buttons(picker) == ["Olga"]
    asked = await chat.press(THERAPIST, picker, "Olga")
    assert "Type a new name for <b>Olga</b>" in texts(asked)
    for bad in ("   ", "x" * 65, "bell\x07"):
        assert "can't be used" in texts(await chat.say(THERAPIST, TextMessage(bad)))
    renamed = await chat.say(THERAPIST, TextMessage("  <b>Olga</b> & co  "))
    assert "&lt;b&gt;Olga&lt;/b&gt; &amp; co" in texts(renamed)  # escaped: names are typed by people
    assert buttons(await chat.say(THERAPIST, Command("review"))) == ["<b>Olga</b> & co"]  # a label is plain text
    alert = await chat.say(CLIENT, Command("sos"))
    assert next(r.text for r in alert if isinstance(r, Notify)).startswith("⚠️ &lt;b&gt;Olga&lt;/b&gt; &amp; co")

    picker = await chat.say(THERAPIST, Command("rename"))
    asked = await chat.press(THERAPIST, picker, "<b>Olga</b>")
    kept = await chat.say(THERAPIST, Command("cancel"))
    assert "Nothing was changed" in texts(kept)
    assert "Done" not in texts(await chat.say(THERAPIST, TextMessage("not a name now")))  # the dialog ended
    cleared = await chat.press(THERAPIST, asked, "Use the name in their Telegram profile")
    assert "<b>Olga</b>" in texts(cleared)
    assert buttons(await chat.say(THERAPIST, Command("review"))) == ["Olga"]
    assert "&lt;b&gt;" not in "\n".join(chat.seen[CLIENT]) and "& co" not in "\n".join(chat.seen[CLIENT])


async def test_a_client_with_no_first_name_is_a_number(chat: Chat, store: Store) -> None:
    await make_therapist(store)
    await join(chat, CLIENT, code_in(await chat.say(THERAPIST, Command("invite"))), None)
    assert re.fullmatch(r"Client #\d+", buttons(await chat.say(THERAPIST, Command("review")))[0])


async def test_myname_and_a_new_therapist_is_asked_for_a_name(chat: Chat, store: Store) -> None:
    async with store.transaction() as tx:
        _, code = await tx.invites.create("therapist", None, timedelta(days=1))
    became = await chat.say(THERAPIST, Command("start", code))
    assert CommandMenu(THERAPIST, therapist=True) in became  # their command menu
    assert "What name should your clients see?" in texts(became)
    assert "Dr Anna Petrova" in texts(await chat.say(THERAPIST, Command("myname")))  # no name yet: an example
    set_ = await chat.say(THERAPIST, TextMessage("Анна Петрова"))
    assert "clients will see you as <b>Анна Петрова</b>" in texts(set_)
    shown = await chat.say(THERAPIST, Command("myname"))
    assert "Your clients see you as <b>Анна Петрова</b>" in texts(shown)
    assert "Nothing was changed" in texts(await chat.say(THERAPIST, Command("cancel")))

    invited = await chat.say(THERAPIST, Command("invite"))
    welcome = await chat.say(CLIENT, Command("start", code_in(invited)), "Ben")
    question = await chat.press(CLIENT, welcome, "I agree", "Ben")
    assert "<b>Анна Петрова</b> invites you" in texts(question)
    assert "This command is for therapists." in texts(await chat.say(CLIENT, Command("myname")))
    assert "This command is for therapists." in texts(await chat.say(CLIENT, Command("rename")))


async def test_erasing_a_therapist_removes_their_command_menu(chat: Chat, store: Store) -> None:
    await make_therapist(store)
    await chat.say(THERAPIST, Command("start"))
    asked = await chat.say(THERAPIST, Command("deleteme"))
    erased = await chat.press(THERAPIST, asked, "Yes")
    assert CommandMenu(THERAPIST, therapist=False) in erased


async def test_pickers_page_by_eight_and_narrow_to_a_typed_name(chat: Chat, store: Store) -> None:
    await make_therapist(store)
    for n in range(1, 21):
        await join(chat, CLIENT + n, code_in(await chat.say(THERAPIST, Command("invite"))), f"Client {n:02d}")

    first = await chat.say(THERAPIST, Command("review"))
    assert buttons(first) == [f"Client {n:02d}" for n in range(1, 9)] + ["1 of 3", "Next ›"]
    assert "type part of a name" in texts(first)
    second = await chat.press(THERAPIST, first, "Next ›")
    assert isinstance(last_view(second), EditMessage)  # the same message, edited
    assert buttons(second) == [f"Client {n:02d}" for n in range(9, 17)] + ["‹ Previous", "2 of 3", "Next ›"]
    third = await chat.press(THERAPIST, second, "Next ›")
    assert buttons(third) == [f"Client {n:02d}" for n in range(17, 21)] + ["‹ Previous", "3 of 3"]

    found = await chat.say(THERAPIST, TextMessage("nt 1"))  # part of a name, anywhere in it
    assert buttons(found) == [f"Client {n:02d}" for n in range(10, 18)] + ["1 of 2", "Next ›"]
    assert "10 clients whose names contain “nt 1”" in texts(found)
    more = await chat.press(THERAPIST, found, "Next ›")  # paging keeps the search
    assert buttons(more) == ["Client 18", "Client 19", "‹ Previous", "2 of 2"]
    one = await chat.say(THERAPIST, TextMessage("CLIENT 07"))
    assert buttons(one) == ["Client 07"]
    none = await chat.say(THERAPIST, TextMessage("Zed"))
    assert buttons(none) == [] and "No client's name contains “Zed”" in texts(none)
    chosen = await chat.press(THERAPIST, one, "Client 07")
    assert "Client 07" in texts(chosen)
    # a client chosen: typing no longer searches
    assert "clients whose names" not in texts(await chat.say(THERAPIST, TextMessage("Client")))

    wizard = await chat.say(THERAPIST, Command("assign"))  # the /assign wizard pages the same way
    assert buttons(wizard)[-2:] == ["1 of 3", "Next ›"]
    narrowed = await chat.say(THERAPIST, TextMessage("20"))
    assert buttons(narrowed) == ["Client 20"]
    flows = await chat.press(THERAPIST, narrowed, "Client 20")
    assert "Which exercise for Client 20?" in texts(flows)


async def test_history_names_a_custom_flow_by_its_title(chat: Chat, store: Store) -> None:
    source = (SHIPPED_FLOWS / "grounding_54321.yaml").read_text(encoding="utf-8")
    source = source.replace("id: grounding_54321", "id: my_grounding", 1).replace(
        "en: 5-4-3-2-1 grounding", "en: Anna's grounding", 1)
    await chat.say(CLIENT, Command("start"))
    async with store.transaction() as tx:
        client = await tx.people.get_or_create(CLIENT)
        await tx.people.give_consent(client.id)
        version = await tx.flow_versions.ensure("my_grounding", 1, source)
        session = await tx.sessions.start(client.id, version, "{}", None)
        await tx.sessions.save(session, state="{}", status="completed", current_step=None)
    history = texts(await chat.say(CLIENT, Command("history")))
    assert "Anna's grounding" in history and "my_grounding" not in history


def test_a_picker_button_fits_telegram() -> None:
    assert decode("m:pick:release.12") == MenuButton("pick", "release.12")


async def test_a_template_for_several_clients_pages_and_searches_keeping_what_is_picked(
    chat: Chat, store: Store
) -> None:
    await make_therapist(store)
    for n in range(1, 13):
        await join(chat, CLIENT + n, code_in(await chat.say(THERAPIST, Command("invite"))), f"Client {n:02d}")
    async with store.transaction() as tx:
        therapist = await tx.people.find_by_telegram_id(THERAPIST)
        assert therapist is not None
        await tx.templates.save(therapist.id, "box_breathing", "once", 1, 0, time(20, 0), None)

    listing = await chat.say(THERAPIST, Command("templates"))
    picking = await chat.press(THERAPIST, listing, "1. Assign")
    assert buttons(picking)[:8] == [f"Client {n:02d}" for n in range(1, 9)]
    assert buttons(picking)[8:10] == ["1 of 2", "Next ›"]
    picking = await chat.press(THERAPIST, picking, "Client 02")
    second = await chat.press(THERAPIST, picking, "Next ›")
    assert buttons(second)[:4] == [f"Client {n:02d}" for n in range(9, 13)]
    picking = await chat.press(THERAPIST, second, "Client 12")
    narrowed = await chat.say(THERAPIST, TextMessage("0"))  # Client 01 … 09, and 10
    assert buttons(narrowed)[:8] == ["Client 01", "✓ Client 02", *(f"Client {n:02d}" for n in range(3, 9))]
    assert "10 clients whose names contain “0”" in texts(narrowed)
    confirm = await chat.press(THERAPIST, narrowed, "Next (2)")
    assert "Client 02, Client 12" in texts(confirm)
