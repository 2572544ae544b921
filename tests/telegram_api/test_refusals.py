"""What Telegram refuses, the stand-in refuses, with the same status and description, through real PTB."""

from __future__ import annotations

import datetime as dtm

import pytest
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup
from telegram.error import (
    BadRequest,
    EndPointNotFound,
    Forbidden,
    InvalidToken,
    NetworkError,
    RetryAfter,
    TimedOut,
)

from tests.support.telegram_api import SimulatedUser, TelegramStandIn

from .expect import said

NOT_MODIFIED = (
    "Message is not modified: specified new message content and reply markup are exactly the same as a "
    "current content and reply markup of the message"
)


def keyboard(*buttons: tuple[str, str]) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[InlineKeyboardButton(text, callback_data=data) for text, data in buttons]])


async def test_text_longer_than_4096_characters_is_refused(bot: Bot, alice: SimulatedUser) -> None:
    await bot.send_message(alice.id, "a" * 4096)
    with pytest.raises(BadRequest, match=said("Message is too long")):
        await bot.send_message(alice.id, "a" * 4097)


async def test_text_length_counts_utf16_units_after_entity_parsing(bot: Bot, alice: SimulatedUser) -> None:
    await bot.send_message(alice.id, "<b>" + "a" * 4096 + "</b>", parse_mode="HTML")
    await bot.send_message(alice.id, "😀" * 2048)  # 2 UTF-16 units each
    with pytest.raises(BadRequest, match=said("Message is too long")):
        await bot.send_message(alice.id, "😀" * 2049)


async def test_empty_text_and_long_caption_are_refused(bot: Bot, alice: SimulatedUser) -> None:
    with pytest.raises(BadRequest, match=said("Message text is empty")):
        await bot.send_message(alice.id, "<b> </b>", parse_mode="HTML")
    with pytest.raises(BadRequest, match=said("Message caption is too long")):
        await bot.send_document(alice.id, b"x", filename="x.txt", caption="c" * 1025)


@pytest.mark.parametrize(
    ("data", "accepted"),
    [("d" * 64, True), ("é" * 32, True), ("d" * 65, False), ("é" * 33, False)],
    ids=["64-ascii", "64-bytes-utf8", "65-ascii", "66-bytes-utf8"],
)
async def test_callback_data_is_limited_to_64_bytes(
    bot: Bot, alice: SimulatedUser, data: str, accepted: bool
) -> None:
    if accepted:
        await bot.send_message(alice.id, "Pick", reply_markup=keyboard(("Yes", data)))
        return
    with pytest.raises(BadRequest, match=said("Button_data_invalid")):
        await bot.send_message(alice.id, "Pick", reply_markup=keyboard(("Yes", data)))


@pytest.mark.parametrize(
    ("button", "description"),
    [
        ({"text": "Plain"}, "Text buttons are unallowed"),
        ({"text": "Both", "callback_data": "x", "url": "https://example.org"}, "exactly one action"),
        ({"text": "", "callback_data": "x"}, "Text must be non-empty"),
        ({"text": "Odd", "callback_data": "x", "colour": "red"}, "unknown field 'colour'"),
    ],
    ids=["no-action", "two-actions", "empty-text", "unknown-field"],
)
async def test_malformed_inline_buttons_are_refused(
    bot: Bot, alice: SimulatedUser, button: dict[str, str], description: str
) -> None:
    with pytest.raises(BadRequest, match=said(description)):
        await bot.send_message(alice.id, "Pick", api_kwargs={"reply_markup": {"inline_keyboard": [[button]]}})


@pytest.mark.parametrize(
    ("html", "description"),
    [
        ("<b>unclosed", 'Can\'t find end tag corresponding to start tag "b"'),
        ("<div>block</div>", 'Unsupported start tag "div"'),
        ("Tom & Jerry", 'unescaped "&" at byte offset 4'),
        ("&nbsp;", "Unsupported HTML entity"),
        ("<b><i>crossed</b></i>", 'expected "</i>", found "</b>"'),
        ("line<br>break", 'Unsupported start tag "br"'),
        ('<span class="red">x</span>', "tg-spoiler"),
        ("<code><b>x</b></code>", "can't be nested inside code"),
        ("stray </b>", "Unexpected end tag"),
    ],
)
async def test_bad_html_is_refused(bot: Bot, alice: SimulatedUser, html: str, description: str) -> None:
    with pytest.raises(BadRequest, match=said("Can't parse entities")) as refused:
        await bot.send_message(alice.id, html, parse_mode="HTML")
    assert description.lower() in str(refused.value).lower()


async def test_bad_markdown_v2_is_refused(bot: Bot, alice: SimulatedUser) -> None:
    await bot.send_message(alice.id, "*Done*\\.", parse_mode="MarkdownV2")
    with pytest.raises(BadRequest, match=said("Character '.' is reserved")):
        await bot.send_message(alice.id, "*Done*.", parse_mode="MarkdownV2")


async def test_unsupported_parse_mode_is_refused(bot: Bot, alice: SimulatedUser) -> None:
    with pytest.raises(BadRequest, match=said("Unsupported parse_mode")):
        await bot.send_message(alice.id, "x", parse_mode="BBCode")


async def test_editing_to_identical_content_is_refused(bot: Bot, alice: SimulatedUser) -> None:
    sent = await bot.send_message(alice.id, "<b>Q1</b>", parse_mode="HTML", reply_markup=keyboard(("A", "a")))
    with pytest.raises(BadRequest) as refused:
        await bot.edit_message_text(
            "<b>Q1</b>", alice.id, sent.message_id, parse_mode="HTML", reply_markup=keyboard(("A", "a"))
        )
    assert str(refused.value) == NOT_MODIFIED
    with pytest.raises(BadRequest, match=said("Message is not modified")):
        await bot.edit_message_reply_markup(alice.id, sent.message_id, reply_markup=keyboard(("A", "a")))
    # The same words without the bold entity are different content.
    await bot.edit_message_text("Q1", alice.id, sent.message_id, reply_markup=keyboard(("A", "a")))


async def test_editing_an_unknown_or_deleted_message_is_refused(bot: Bot, alice: SimulatedUser) -> None:
    with pytest.raises(BadRequest, match=said("Message to edit not found")):
        await bot.edit_message_text("new", alice.id, 999)
    sent = await bot.send_message(alice.id, "old")
    await bot.delete_message(alice.id, sent.message_id)
    with pytest.raises(BadRequest, match=said("Message to edit not found")):
        await bot.edit_message_reply_markup(alice.id, sent.message_id, reply_markup=keyboard(("A", "a")))
    with pytest.raises(BadRequest, match=said("Message to delete not found")):
        await bot.delete_message(alice.id, sent.message_id)


async def test_editing_the_users_own_message_is_refused(bot: Bot, alice: SimulatedUser) -> None:
    with pytest.raises(BadRequest, match=said("Message can't be edited")):
        await bot.edit_message_text("hijacked", alice.id, alice.chat_log[0].message_id)


async def test_answering_a_callback_query_twice_is_refused(bot: Bot, alice: SimulatedUser) -> None:
    await bot.send_message(alice.id, "Pick", reply_markup=keyboard(("Yes", "y")))
    query = await alice.press(await alice.next_message(), "Yes")
    assert await bot.answer_callback_query(query.id, text="Noted")
    with pytest.raises(BadRequest, match=said("Query is too old")):
        await bot.answer_callback_query(query.id)
    with pytest.raises(BadRequest, match=said("Query is too old")):
        await bot.answer_callback_query("12345")


async def test_a_late_callback_answer_is_refused() -> None:
    async with (
        TelegramStandIn.start(callback_query_ttl=0.05) as tg,
        Bot(tg.token, base_url=tg.base_url) as bot,
    ):
        alice = tg.user(1001, "Alice")
        await alice.send("/start")
        await bot.send_message(alice.id, "Pick", reply_markup=keyboard(("Yes", "y")))
        query = await alice.press(await alice.next_message(), "Yes")
        await alice.expect_no_message(within=0.1)
        with pytest.raises(BadRequest, match=said("Query is too old")):
            await bot.answer_callback_query(query.id)
        assert tg.unanswered_callback_queries() == [query]


async def test_unknown_method_is_not_found(bot: Bot) -> None:
    with pytest.raises(EndPointNotFound):
        await bot.do_api_request("sendTelepathy")


async def test_unknown_field_is_refused(bot: Bot, alice: SimulatedUser) -> None:
    with pytest.raises(BadRequest, match=said("Unknown field 'colour'")):
        await bot.send_message(alice.id, "hi", api_kwargs={"colour": "red"})


async def test_wrong_token_is_unauthorized(tg: TelegramStandIn) -> None:
    with pytest.raises(InvalidToken):
        async with Bot("123456789:AAH-someone-else", base_url=tg.base_url):
            pass
    call = tg.calls[-1]
    assert (call.method, call.status, call.description) == ("getMe", 401, "Unauthorized")


async def test_a_user_who_blocked_the_bot_is_forbidden(
    tg: TelegramStandIn, bot: Bot, alice: SimulatedUser
) -> None:
    tg.block(alice)
    with pytest.raises(Forbidden) as refused:
        await bot.send_message(alice.id, "hello?")
    assert str(refused.value) == "Forbidden: bot was blocked by the user"
    assert tg.pending_updates[-1]["my_chat_member"]["new_chat_member"]["status"] == "kicked"
    tg.unblock(alice)
    await bot.send_message(alice.id, "welcome back")


async def test_a_user_who_never_started_the_bot_is_forbidden(tg: TelegramStandIn, bot: Bot) -> None:
    stranger = tg.user(7_000_000_002, "Bob")
    with pytest.raises(Forbidden) as refused:
        await bot.send_message(stranger.id, "hello")
    assert str(refused.value) == "Forbidden: bot can't initiate conversation with a user"
    with pytest.raises(BadRequest, match=said("Chat not found")):
        await bot.send_message(42, "nobody")


async def test_429_gives_retry_after_once(
    tg: TelegramStandIn, bot: Bot, alice: SimulatedUser, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PTB_TIMEDELTA", "1")  # RetryAfter.retry_after as a timedelta, without a warning
    tg.fail_next("sendMessage", status=429, retry_after=2)
    with pytest.raises(RetryAfter) as refused:
        await bot.send_message(alice.id, "flood")
    assert refused.value.retry_after == dtm.timedelta(seconds=2)
    await bot.send_message(alice.id, "later")
    assert [call.status for call in tg.calls_to("sendMessage")] == [429, 200]


async def test_faults_can_target_one_chat(tg: TelegramStandIn, bot: Bot, alice: SimulatedUser) -> None:
    bob = tg.user(7_000_000_002, "Bob")
    await bob.send("/start")
    tg.fail_next("sendMessage", status=502, chat_id=bob.id, times=2)
    await bot.send_message(alice.id, "fine")
    for _ in range(2):
        with pytest.raises(NetworkError, match=said("Bad Gateway")):
            await bot.send_message(bob.id, "unlucky")
    await bot.send_message(bob.id, "fine now")
    assert [m.text for m in bob.messages] == ["fine now"]


async def test_a_dropped_connection_is_a_network_error(
    tg: TelegramStandIn, bot: Bot, alice: SimulatedUser
) -> None:
    tg.drop_next("sendMessage")
    with pytest.raises(NetworkError):
        await bot.send_message(alice.id, "lost")
    assert alice.messages == []


async def test_a_slow_answer_times_out_after_the_message_was_sent(
    tg: TelegramStandIn, bot: Bot, alice: SimulatedUser
) -> None:
    tg.delay_next("sendMessage", 0.5, after_processing=True)
    with pytest.raises(TimedOut):
        await bot.send_message(alice.id, "sent anyway", read_timeout=0.1)
    assert [m.text for m in alice.messages] == ["sent anyway"]
