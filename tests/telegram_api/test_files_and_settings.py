"""Uploads kept byte for byte; the bot's commands, menu button and chat info."""

from __future__ import annotations

import csv
import io

import pytest
from telegram import Bot, BotCommand, BotCommandScopeChat, MenuButtonCommands
from telegram.error import BadRequest

from tests.support.telegram_api import SimulatedUser, TelegramStandIn

from .expect import said


async def test_an_uploaded_document_can_be_read_back(
    tg: TelegramStandIn, bot: Bot, alice: SimulatedUser
) -> None:
    rows = [["date", "thought"], ["2026-06-01", "I always say the wrong thing"]]
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    sent = await bot.send_document(
        alice.id,
        buffer.getvalue().encode(),
        filename="records.csv",
        caption="<i>Your records</i>",
        parse_mode="HTML",
    )
    [message] = alice.messages
    assert message.document is not None
    assert message.document.filename == "records.csv"
    assert list(csv.reader(io.StringIO(message.document.text()))) == rows
    assert (message.caption, message.text) == ("Your records", "Your records")
    assert sent.document is not None
    assert sent.document.file_name == "records.csv"
    downloaded = await (await bot.get_file(sent.document.file_id)).download_as_bytearray()
    assert bytes(downloaded) == message.document.content
    # A file_id sent before can be sent again without uploading.
    again = await bot.send_document(alice.id, sent.document.file_id)
    assert again.document is not None
    assert again.document.file_id == sent.document.file_id
    assert len(tg.files) == 1


async def test_a_photo_upload_and_an_unknown_file_id(bot: Bot, alice: SimulatedUser) -> None:
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
    sent = await bot.send_photo(alice.id, png, filename="chart.png")
    assert sent.photo
    assert sent.photo[-1].file_size == len(png)
    assert alice.messages[-1].photo is not None
    assert alice.messages[-1].photo.content == png
    with pytest.raises(BadRequest, match=said("wrong file identifier")):
        await bot.send_document(alice.id, "no-such-file-id")


@pytest.mark.parametrize(
    ("command", "description", "refusal"),
    [
        ("Start", "Begin", "BOT_COMMAND_INVALID"),
        ("/start", "Begin", "BOT_COMMAND_INVALID"),
        ("a" * 33, "Begin", "BOT_COMMAND_INVALID"),
        ("thought-record", "Begin", "BOT_COMMAND_INVALID"),
        ("start", "", "BOT_COMMAND_DESCRIPTION_INVALID"),
        ("start", "d" * 257, "BOT_COMMAND_DESCRIPTION_INVALID"),
    ],
)
async def test_set_my_commands_validates_each_command(
    bot: Bot, command: str, description: str, refusal: str
) -> None:
    with pytest.raises(BadRequest, match=said(refusal)):
        await bot.set_my_commands([BotCommand(command, description)])


async def test_commands_are_kept_per_scope_and_language(
    tg: TelegramStandIn, bot: Bot, alice: SimulatedUser
) -> None:
    commands = [BotCommand("start", "Begin"), BotCommand("thought_record_2", "d" * 256)]
    assert await bot.set_my_commands(commands)
    assert await bot.set_my_commands([BotCommand("start", "Начать")], language_code="ru")
    assert await bot.set_my_commands([BotCommand("sos", "Help now")], scope=BotCommandScopeChat(alice.id))
    assert await bot.get_my_commands() == tuple(commands)
    assert [c.command for c in await bot.get_my_commands(language_code="ru")] == ["start"]
    assert [c["command"] for c in tg.commands({"type": "chat", "chat_id": alice.id})] == ["sos"]
    assert await bot.delete_my_commands(language_code="ru")
    assert await bot.get_my_commands(language_code="ru") == ()
    with pytest.raises(BadRequest, match=said("invalid language code")):
        await bot.get_my_commands(language_code="english")


async def test_menu_button_and_get_chat(tg: TelegramStandIn, bot: Bot, alice: SimulatedUser) -> None:
    assert await bot.set_chat_menu_button(alice.id, MenuButtonCommands())
    assert tg.menu_button(alice.id) == {"type": "commands"}
    assert isinstance(await bot.get_chat_menu_button(alice.id), MenuButtonCommands)
    chat = await bot.get_chat(alice.id)
    assert (chat.id, chat.type, chat.first_name) == (alice.id, "private", "Alice")
    with pytest.raises(BadRequest, match=said("chat not found")):
        await bot.get_chat(123)


async def test_chat_actions_are_recorded_and_checked(bot: Bot, alice: SimulatedUser) -> None:
    await bot.send_chat_action(alice.id, "typing")
    assert alice.chat_actions == ["typing"]
    with pytest.raises(BadRequest, match=said("wrong parameter action")):
        await bot.send_chat_action(alice.id, "dancing")
