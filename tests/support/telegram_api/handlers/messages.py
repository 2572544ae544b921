"""sendMessage, editMessageText, editMessageReplyMarkup, deleteMessage, sendDocument, sendPhoto, sendVoice,
sendAudio, sendChatAction, getFile."""

from __future__ import annotations

import dataclasses
from typing import Any

from tests.support.telegram_api.chats import Chat, ChatEvent
from tests.support.telegram_api.errors import MESSAGE_NOT_MODIFIED, MESSAGE_TO_EDIT_NOT_FOUND, bad_request
from tests.support.telegram_api.formatted_text import caption_text, message_text
from tests.support.telegram_api.html_entities import ParsedText
from tests.support.telegram_api.keyboards import check_reply_markup
from tests.support.telegram_api.messages import StoredMessage, UploadedFile
from tests.support.telegram_api.recordings import ACCEPTED, MIME, audio_format, duration
from tests.support.telegram_api.state import StandInState

CHAT_ACTIONS = {
    "typing",
    "upload_photo",
    "record_video",
    "upload_video",
    "record_voice",
    "upload_voice",
    "upload_document",
    "choose_sticker",
    "find_location",
    "record_video_note",
    "upload_video_note",
}


def _markup(params: dict[str, Any], inline_only: bool = False) -> dict[str, Any] | None:
    markup = params.get("reply_markup")
    return check_reply_markup(markup, inline_only=inline_only) if markup is not None else None


def _reply_target(state: StandInState, chat: Chat, params: dict[str, Any]) -> StoredMessage | None:
    reply = params.get("reply_parameters")
    if reply is None:
        return None
    if not isinstance(reply, dict) or not isinstance(reply.get("message_id"), int):
        raise bad_request("can't parse reply parameters")
    target = state.bot_message(chat, reply["message_id"])
    if target is None and not reply.get("allow_sending_without_reply"):
        raise bad_request("message to be replied not found")
    return target


def _send(
    state: StandInState,
    chat: Chat,
    params: dict[str, Any],
    text: ParsedText | None = None,
    caption: ParsedText | None = None,
    document: UploadedFile | None = None,
    photo: UploadedFile | None = None,
    voice: UploadedFile | None = None,
    audio: UploadedFile | None = None,
) -> dict[str, Any]:
    markup = _markup(params)
    reply_to = _reply_target(state, chat, params)
    message = StoredMessage(
        chat=chat.api_chat,
        sender=state.bot_user,
        message_id=chat.next_message_id(),
        from_bot=True,
        date=state.now(),
        text=text.text if text else None,
        source=params.get("text", params.get("caption")),
        entities=text.entities if text else [],
        caption=caption.text if caption else None,
        caption_entities=caption.entities if caption else [],
        reply_markup=markup,
        reply_to=reply_to,
        document=document,
        photo=photo,
        voice=voice,
        audio=audio,
        audio_title=params.get("title") if audio is not None else None,
    )
    chat.messages[message.message_id] = message
    chat.record(ChatEvent("bot", "message", message.message_id, message.visible_text, message.view()))
    return message.to_api()


async def send_message(state: StandInState, params: dict[str, Any]) -> Any:
    chat = state.writable_chat(params["chat_id"])
    text = message_text(params["text"], params.get("parse_mode"), params.get("entities"))
    return _send(state, chat, params, text=text)


async def send_document(state: StandInState, params: dict[str, Any]) -> Any:
    chat = state.writable_chat(params["chat_id"])
    caption = caption_text(params.get("caption"), params.get("parse_mode"), params.get("caption_entities"))
    document = state.file_input(params["document"], "documents")
    return _send(state, chat, params, caption=caption, document=document)


async def send_photo(state: StandInState, params: dict[str, Any]) -> Any:
    chat = state.writable_chat(params["chat_id"])
    caption = caption_text(params.get("caption"), params.get("parse_mode"), params.get("caption_entities"))
    photo = state.file_input(params["photo"], "photos")
    return _send(state, chat, params, caption=caption, photo=photo)


def _recording(state: StandInState, value: Any, kind: str) -> UploadedFile:
    """An uploaded recording in a format the method accepts, or the file_id of one sent the same way before
    (Telegram does not send a document's or an audio track's file_id as a voice message)."""
    folder = "voice" if kind == "voice" else "music"
    if not isinstance(value, str):
        found = audio_format(value.content)
        if found not in ACCEPTED[kind]:
            raise bad_request(f"wrong file type: {kind} must be " + " or ".join(sorted(ACCEPTED[kind])))
        file = state.file_input(value, folder)
        file = dataclasses.replace(file, mime_type=MIME[found], duration=duration(value.content, found))
        state.files[file.file_id] = file
        return file
    file = state.file_input(value, folder)
    if not file.file_path.startswith(folder + "/"):
        raise bad_request(f"can't use file of this type as {kind}")
    return file


async def send_voice(state: StandInState, params: dict[str, Any]) -> Any:
    chat = state.writable_chat(params["chat_id"])
    caption = caption_text(params.get("caption"), params.get("parse_mode"), params.get("caption_entities"))
    return _send(state, chat, params, caption=caption, voice=_recording(state, params["voice"], "voice"))


async def send_audio(state: StandInState, params: dict[str, Any]) -> Any:
    chat = state.writable_chat(params["chat_id"])
    caption = caption_text(params.get("caption"), params.get("parse_mode"), params.get("caption_entities"))
    return _send(state, chat, params, caption=caption, audio=_recording(state, params["audio"], "audio"))


def _message_to_edit(state: StandInState, params: dict[str, Any]) -> tuple[Chat, StoredMessage]:
    if "inline_message_id" in params:
        raise bad_request("MESSAGE_ID_INVALID")  # the stand-in has no inline messages
    if "chat_id" not in params or "message_id" not in params:
        raise bad_request("message identifier is not specified")
    chat = state.writable_chat(params["chat_id"])
    message = chat.messages.get(params["message_id"])
    if message is None or message.deleted:
        raise bad_request(MESSAGE_TO_EDIT_NOT_FOUND)
    if not message.from_bot:
        raise bad_request("message can't be edited")
    return chat, message


def _apply_edit(state: StandInState, chat: Chat, message: StoredMessage, **changes: Any) -> dict[str, Any]:
    message.history.append(message.version())
    for name, value in changes.items():
        setattr(message, name, value)
    message.edit_date = state.now()
    chat.record(ChatEvent("bot", "edit", message.message_id, message.visible_text, message.view()))
    return message.to_api()


async def edit_message_text(state: StandInState, params: dict[str, Any]) -> Any:
    text = message_text(params["text"], params.get("parse_mode"), params.get("entities"))
    # Telegram removes an inline keyboard that an edit does not repeat.
    markup = _markup(params, inline_only=True)
    chat, message = _message_to_edit(state, params)
    if message.text is None:
        raise bad_request("there is no text in the message to edit")
    if message.same_content(text.text, text.entities, markup):
        raise bad_request(MESSAGE_NOT_MODIFIED)
    changes = {"text": text.text, "entities": text.entities, "source": params["text"], "reply_markup": markup}
    return _apply_edit(state, chat, message, **changes)


async def edit_message_reply_markup(state: StandInState, params: dict[str, Any]) -> Any:
    markup = _markup(params, inline_only=True)
    chat, message = _message_to_edit(state, params)
    if message.reply_markup == markup:
        raise bad_request(MESSAGE_NOT_MODIFIED)
    return _apply_edit(state, chat, message, reply_markup=markup)


async def delete_message(state: StandInState, params: dict[str, Any]) -> Any:
    chat = state.chat(params["chat_id"])
    message = state.bot_message(chat, params["message_id"])
    if message is None:
        raise bad_request("message to delete not found")
    message.deleted = True
    chat.record(ChatEvent("bot", "delete", message.message_id, message.visible_text, message.view()))
    return True


async def send_chat_action(state: StandInState, params: dict[str, Any]) -> Any:
    chat = state.writable_chat(params["chat_id"])
    if params["action"] not in CHAT_ACTIONS:
        raise bad_request("wrong parameter action in request")
    chat.record(ChatEvent("bot", "action", None, params["action"]))
    return True


async def get_file(state: StandInState, params: dict[str, Any]) -> Any:
    file = state.files.get(params["file_id"])
    if file is None:
        raise bad_request("invalid file_id")
    return {
        "file_id": file.file_id,
        "file_unique_id": file.file_unique_id,
        "file_size": file.size,
        "file_path": file.file_path,
    }
