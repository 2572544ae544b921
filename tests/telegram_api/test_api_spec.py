"""The generated spec file the stand-in checks requests against."""

from __future__ import annotations

from tests.support.telegram_api.api_spec import load_spec


def test_every_method_of_the_bot_api_is_known() -> None:
    spec = load_spec()
    assert spec.version == "Bot API 10.1"
    assert len(spec.methods) == 180
    send_message = spec.method("SENDMESSAGE")
    assert send_message is not None
    assert send_message.name == "sendMessage"
    assert send_message.fields["chat_id"].types == ("Integer", "String")
    assert send_message.fields["chat_id"].required
    assert not send_message.fields["parse_mode"].required
    assert "callback_data" in spec.object_fields["InlineKeyboardButton"]
    assert "BotCommandScopeChat" in spec.subtypes["BotCommandScope"]
