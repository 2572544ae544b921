"""Short, validated callback data. Telegram allows 1–64 bytes, and buttons outlive restarts, so a button
carries only ids that are checked against stored state when pressed — never the data itself."""

from __future__ import annotations

import re
from dataclasses import dataclass

MAX_BYTES = 64
_ANSWER = re.compile(r"^a:([0-9a-f]{1,16}):([0-9a-f]{1,8}):([0-9]{1,3})$")
_MENU = re.compile(r"^m:([a-z_]{1,12}):([A-Za-z0-9_.:-]{0,56})$")


@dataclass(frozen=True, slots=True)
class AnswerButton:
    """The index-th button of prompt `seq` of session `session_id`."""

    session_id: int
    seq: int
    index: int


@dataclass(frozen=True, slots=True)
class MenuButton:
    """A button outside an exercise: catalogue, language, consent, resume..."""

    menu: str
    arg: str = ""


def encode(button: AnswerButton | MenuButton) -> str:
    if isinstance(button, AnswerButton):
        data = f"a:{button.session_id:x}:{button.seq:x}:{button.index}"
    else:
        data = f"m:{button.menu}:{button.arg}"
    if len(data.encode()) > MAX_BYTES or not (_ANSWER.match(data) or _MENU.match(data)):
        raise ValueError(f"callback data does not fit: {data!r}")
    return data


def decode(data: str | None) -> AnswerButton | MenuButton | None:
    """None for anything malformed: a forged or garbled button is simply not ours."""
    if not data or len(data.encode()) > MAX_BYTES:
        return None
    if match := _ANSWER.match(data):
        return AnswerButton(int(match[1], 16), int(match[2], 16), int(match[3]))
    if match := _MENU.match(data):
        return MenuButton(match[1], match[2])
    return None
