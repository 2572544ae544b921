"""What arrives from a person and what goes back, in plain data. The Telegram adapter translates."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal


@dataclass(frozen=True, slots=True)
class TextMessage:
    text: str
    edited: bool = False


@dataclass(frozen=True, slots=True)
class Command:
    name: str  # without the slash, lower case, bot mention removed
    args: str = ""


@dataclass(frozen=True, slots=True)
class ButtonPress:
    callback_id: str
    data: str | None
    message_id: int | None


@dataclass(frozen=True, slots=True)
class DocumentUpload:
    """A file the person sent. The adapter downloads small files; `content` is None for one too large
    (or of a kind the bot never reads)."""

    file_name: str
    size: int
    content: bytes | None
    file_id: str = ""


@dataclass(frozen=True, slots=True)
class OtherMessage:
    """A sticker, photo, voice note...: anything we cannot read."""


Payload = TextMessage | Command | ButtonPress | DocumentUpload | OtherMessage


@dataclass(frozen=True, slots=True)
class Incoming:
    update_id: int | None  # None for internal events (timer ends), which are not deduplicated
    user_id: int  # the numeric Telegram id: identity is never the username
    chat_id: int
    language_code: str | None
    at: float
    payload: Payload
    first_name: str | None = None  # of their Telegram profile: how a therapist sees a client not yet named


@dataclass(frozen=True, slots=True)
class ButtonSpec:
    label: str
    data: str
    web_app: str | None = None  # an https URL Telegram opens as a Mini App (then `data` is unused)


Keyboard = tuple[tuple[ButtonSpec, ...], ...]


@dataclass(frozen=True, slots=True)
class Send:
    chat_id: int
    text: str  # Telegram HTML
    keyboard: Keyboard = ()
    confirms_seq: tuple[int, int] | None = None  # (session id, seq): mark the prompt delivered once sent


@dataclass(frozen=True, slots=True)
class EditKeyboard:
    """Replace the buttons of a message (multi-choice toggles)."""

    chat_id: int
    message_id: int
    keyboard: Keyboard


@dataclass(frozen=True, slots=True)
class EditMessage:
    """Replace the text and buttons of a message the bot sent (a wizard that stays in one message). The
    caller makes sure the content differs: Telegram refuses an edit to identical content."""

    chat_id: int
    message_id: int
    text: str  # Telegram HTML, one message long
    keyboard: Keyboard = ()


@dataclass(frozen=True, slots=True)
class AnswerCallback:
    callback_id: str
    text: str | None = None


@dataclass(frozen=True, slots=True)
class RunTimer:
    """Show a live count-down for the timer step of `session_id`, then report its end."""

    chat_id: int
    user_id: int
    session_id: int
    seq: int
    session_json: str  # the engine session at the timer's start; the count-down replays it in memory
    flow_version_id: int
    keyboard: Keyboard
    shown_text: str  # what the timer message says when sent: editing it to the same text is refused


@dataclass(frozen=True, slots=True)
class SessionAt:
    """Not sent: tells the front end where a session now is, so a count-down for an older prompt stops."""

    session_id: int
    seq: int
    status: str


@dataclass(frozen=True, slots=True)
class SendDocument:
    chat_id: int
    file_name: str
    content: bytes
    caption: str = ""


@dataclass(frozen=True, slots=True)
class SendRecording:
    """A recording of the operator's media folder (`file`, a name there), sent as a voice message or as an
    audio track, with its title as the caption."""

    chat_id: int
    file: str
    title: str  # plain text
    send_as: Literal["voice", "audio"]


@dataclass(frozen=True, slots=True)
class SendPhoto:
    chat_id: int
    content: bytes
    caption: str = ""


@dataclass(frozen=True, slots=True)
class Notify:
    """A message to another person than the one who wrote (e.g. a therapist told of a completion)."""

    telegram_id: int
    text: str


@dataclass(frozen=True, slots=True)
class CommandMenu:
    """Not a message: the command menu Telegram shows in this person's chat changes — a therapist's commands
    appear (`therapist`) or go."""

    chat_id: int
    therapist: bool


Reply = (Send | EditKeyboard | AnswerCallback | RunTimer | SessionAt | SendDocument | SendPhoto | Notify | EditMessage
         | CommandMenu | SendRecording)
