"""The one place a Telegram Update becomes a plain incoming event; nothing past here sees PTB types."""

from __future__ import annotations

from telegram import Update

from bot.conversation.messages import (
    ButtonPress,
    Command,
    DocumentUpload,
    Incoming,
    OtherMessage,
    Payload,
    TextMessage,
)

ALLOWED_UPDATES = ["message", "edited_message", "callback_query"]


def to_incoming(update: Update, at: float) -> Incoming | None:
    """None for updates the bot does not serve (groups, channels, other kinds)."""
    user = update.effective_user
    chat = update.effective_chat
    if user is None or chat is None or chat.type != "private" or user.is_bot:
        return None
    payload = _payload(update)
    if payload is None:
        return None
    return Incoming(update.update_id, user.id, chat.id, user.language_code, at, payload, user.first_name)


def _payload(update: Update) -> Payload | None:
    if update.callback_query is not None:
        query = update.callback_query
        message_id = query.message.message_id if query.message is not None else None
        return ButtonPress(query.id, query.data, message_id)
    message = update.message or update.edited_message
    if message is None:
        return None
    if message.document is not None:
        document = message.document
        return DocumentUpload(document.file_name or "upload", document.file_size or 0, None, document.file_id)
    if message.text is None:
        return OtherMessage()
    text = message.text
    if text.startswith("/") and update.message is not None:
        head, _, args = text[1:].partition(" ")
        name = head.split("@", 1)[0].lower()
        if name:
            return Command(name, args.strip())
    return TextMessage(text, edited=update.edited_message is not None)
