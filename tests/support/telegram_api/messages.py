"""Messages in a chat: the stand-in's mutable record, and the frozen views tests read."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .keyboards import inline_buttons


@dataclass(frozen=True)
class UploadedFile:
    """A file the bot uploaded (sendDocument, sendPhoto), kept byte for byte."""

    file_id: str
    file_unique_id: str
    file_path: str
    filename: str | None
    mime_type: str | None
    content: bytes
    duration: int = 0  # seconds, for a voice message or an audio track

    @property
    def size(self) -> int:
        return len(self.content)

    def text(self, encoding: str = "utf-8") -> str:
        return self.content.decode(encoding)


Buttons = tuple[tuple[tuple[str, str | None], ...], ...]


def buttons_of(reply_markup: dict[str, Any] | None) -> Buttons:
    """Inline keyboard rows of (text, callback_data); callback_data is None for URL and other buttons."""
    return tuple(
        tuple((button["text"], button.get("callback_data")) for button in row)
        for row in inline_buttons(reply_markup)
    )


@dataclass(frozen=True)
class MessageVersion:
    """One state of a message's content; a message's edits keep the versions it had before."""

    text: str
    source: str | None  # the text as the bot sent it, markup included (e.g. "<b>Hi</b>")
    entities: tuple[dict[str, Any], ...]
    reply_markup: dict[str, Any] | None
    edit_date: int | None

    @property
    def buttons(self) -> Buttons:
        return buttons_of(self.reply_markup)


@dataclass(frozen=True)
class MessageView:
    """A snapshot of a message as the user sees it at one moment."""

    chat_id: int
    message_id: int
    from_bot: bool
    date: int
    text: str  # the visible text, or the caption of a document or photo
    source: str | None
    entities: tuple[dict[str, Any], ...]
    caption: str | None
    reply_markup: dict[str, Any] | None
    document: UploadedFile | None
    photo: UploadedFile | None
    edits: tuple[MessageVersion, ...]  # earlier versions, oldest first
    edit_date: int | None
    deleted: bool
    voice: UploadedFile | None = None
    audio: UploadedFile | None = None
    audio_title: str | None = None

    @property
    def buttons(self) -> Buttons:
        """Inline keyboard rows of (text, callback_data); callback_data is None for URL and other buttons."""
        return buttons_of(self.reply_markup)

    @property
    def button_texts(self) -> list[str]:
        return [text for row in self.buttons for text, _ in row]

    @property
    def keyboard(self) -> list[list[str]]:
        """A reply keyboard's rows of button texts."""
        rows = (self.reply_markup or {}).get("keyboard", [])
        return [[b if isinstance(b, str) else b["text"] for b in row] for row in rows]

    def callback_data(self, button_text: str) -> str:
        for row in self.buttons:
            for text, data in row:
                if text == button_text and data is not None:
                    return data
        raise LookupError(f"no callback button {button_text!r} in message {self.message_id}: {self.buttons}")


@dataclass
class StoredMessage:
    chat: dict[str, Any]
    sender: dict[str, Any]
    message_id: int
    from_bot: bool
    date: int
    text: str | None = None
    source: str | None = None
    entities: list[dict[str, Any]] = field(default_factory=list)
    caption: str | None = None
    caption_entities: list[dict[str, Any]] = field(default_factory=list)
    reply_markup: dict[str, Any] | None = None
    document: UploadedFile | None = None
    photo: UploadedFile | None = None
    voice: UploadedFile | None = None
    audio: UploadedFile | None = None
    audio_title: str | None = None
    reply_to: StoredMessage | None = None
    edit_date: int | None = None
    history: list[MessageVersion] = field(default_factory=list)
    deleted: bool = False

    @property
    def chat_id(self) -> int:
        return int(self.chat["id"])

    def version(self) -> MessageVersion:
        return MessageVersion(
            text=self.visible_text,
            source=self.source,
            entities=tuple(self.entities if self.text is not None else self.caption_entities),
            reply_markup=self.reply_markup,
            edit_date=self.edit_date,
        )

    @property
    def visible_text(self) -> str:
        return self.text if self.text is not None else self.caption or ""

    def same_content(
        self, text: str, entities: list[dict[str, Any]], reply_markup: dict[str, Any] | None
    ) -> bool:
        return (self.visible_text, self.entities, self.reply_markup) == (text, entities, reply_markup)

    def view(self) -> MessageView:
        return MessageView(
            chat_id=self.chat_id,
            message_id=self.message_id,
            from_bot=self.from_bot,
            date=self.date,
            text=self.visible_text,
            source=self.source,
            entities=tuple(self.entities),
            caption=self.caption,
            reply_markup=self.reply_markup,
            document=self.document,
            photo=self.photo,
            edits=tuple(self.history),
            edit_date=self.edit_date,
            deleted=self.deleted,
            voice=self.voice,
            audio=self.audio,
            audio_title=self.audio_title,
        )

    def to_api(self, with_reply: bool = True) -> dict[str, Any]:
        """The Message object as the Bot API serialises it."""
        body: dict[str, Any] = {
            "message_id": self.message_id,
            "from": self.sender,
            "chat": self.chat,
            "date": self.date,
        }
        if self.edit_date is not None:
            body["edit_date"] = self.edit_date
        if self.text is not None:
            body["text"] = self.text
            if self.entities:
                body["entities"] = self.entities
        if self.caption is not None:
            body["caption"] = self.caption
            if self.caption_entities:
                body["caption_entities"] = self.caption_entities
        if self.document is not None:
            body["document"] = _file_object(self.document)
        if self.photo is not None:
            # Dimensions are not decoded from the image; one size stands for the usual several.
            body["photo"] = [{**_file_object(self.photo, named=False), "width": 320, "height": 320}]
        if self.voice is not None:
            voice = _file_object(self.voice, named=False)
            body["voice"] = {**voice, "duration": self.voice.duration, "mime_type": self.voice.mime_type}
        if self.audio is not None:
            body["audio"] = {**_file_object(self.audio), "duration": self.audio.duration,
                             **({"title": self.audio_title} if self.audio_title else {})}
        if self.reply_markup is not None and "inline_keyboard" in self.reply_markup:
            body["reply_markup"] = self.reply_markup
        if self.reply_to is not None and with_reply:
            body["reply_to_message"] = self.reply_to.to_api(with_reply=False)
        return body


def _file_object(file: UploadedFile, named: bool = True) -> dict[str, Any]:
    body: dict[str, Any] = {
        "file_id": file.file_id,
        "file_unique_id": file.file_unique_id,
        "file_size": file.size,
    }
    if named:
        if file.filename:
            body["file_name"] = file.filename
        if file.mime_type:
            body["mime_type"] = file.mime_type
    return body
