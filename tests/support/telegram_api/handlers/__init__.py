"""The methods the stand-in implements; any other method of the Bot API answers 501."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from tests.support.telegram_api.state import StandInState

from . import bot_settings, callbacks, messages, updates

Handler = Callable[[StandInState, dict[str, Any]], Awaitable[Any]]

HANDLERS: dict[str, Handler] = {
    "getMe": bot_settings.get_me,
    "getChat": bot_settings.get_chat,
    "setMyCommands": bot_settings.set_my_commands,
    "getMyCommands": bot_settings.get_my_commands,
    "deleteMyCommands": bot_settings.delete_my_commands,
    "setChatMenuButton": bot_settings.set_chat_menu_button,
    "getChatMenuButton": bot_settings.get_chat_menu_button,
    "getUpdates": updates.get_updates,
    "setWebhook": updates.set_webhook,
    "deleteWebhook": updates.delete_webhook,
    "getWebhookInfo": updates.get_webhook_info,
    "sendMessage": messages.send_message,
    "editMessageText": messages.edit_message_text,
    "editMessageReplyMarkup": messages.edit_message_reply_markup,
    "deleteMessage": messages.delete_message,
    "sendDocument": messages.send_document,
    "sendPhoto": messages.send_photo,
    "sendVoice": messages.send_voice,
    "sendAudio": messages.send_audio,
    "sendChatAction": messages.send_chat_action,
    "getFile": messages.get_file,
    "answerCallbackQuery": callbacks.answer_callback_query,
}
