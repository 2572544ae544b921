"""Recordings named by flows (`audio:` on a message step): finding them in the media folders, and telling
whether Telegram can play them the way the flow asks."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Literal

from bot.flowspec.draft import Draft
from bot.flowspec.locate import Locator
from bot.flowspec.model import MessageStep
from bot.flowspec.problems import Problem
from bot.flowspec.rules import Rule

# Telegram's limit for a voice message or an audio file a bot sends.
MAX_BYTES = 50 * 1024 * 1024
_HEAD = 64


def find_recording(name: str, dirs: Sequence[Path]) -> Path | None:
    """The first folder's file of that name. Names are plain file names (the model refuses folders)."""
    for folder in dirs:
        candidate = folder / name
        if candidate.is_file():
            return candidate
    return None


def recording_kind(head: bytes) -> Literal["opus", "mp3"] | None:
    """What the first bytes of a file say it is: an Ogg stream whose first packet is Opus, or MP3."""
    if head.startswith(b"OggS") and head[28:36] == b"OpusHead":
        return "opus"
    if head.startswith(b"ID3") or (len(head) > 1 and head[0] == 0xFF and head[1] & 0xE0 == 0xE0):
        return "mp3"
    return None


def recording_fault(path: Path, send_as: Literal["voice", "audio"]) -> str | None:
    """Why Telegram would not play the file as asked, or None. A voice message takes OGG/Opus or MP3; an
    audio track, MP3 (sendVoice and sendAudio in the Bot API)."""
    size = path.stat().st_size
    if size == 0:
        return "the file is empty"
    if size > MAX_BYTES:
        return f"the file is {size // (1024 * 1024)} MB; Telegram takes at most 50 MB"
    with path.open("rb") as file:
        kind = recording_kind(file.read(_HEAD))
    if kind is None:
        return "the file is neither OGG/Opus nor MP3"
    if send_as == "audio" and kind != "mp3":
        return "an `audio` track must be MP3; send OGG/Opus with `as: voice`"
    return None


def audio_rule(dirs: Sequence[Path]) -> Rule:
    """The rule for these media folders: each recording exists and can be played as the flow asks."""

    def check_recordings_exist(draft: Draft, locate: Locator) -> Iterator[Problem]:
        folders = ", ".join(str(d) for d in dirs) or "(none)"
        for scope in draft.scopes():
            for step, path in scope.valid_steps():
                if not isinstance(step, MessageStep) or step.audio is None:
                    continue
                where = (*path, "audio", "file")
                found = find_recording(step.audio.file, dirs)
                if found is None:
                    yield locate.problem(where, "missing-media",
                                         f"no file '{step.audio.file}' in the media folders ({folders}); "
                                         "put it in the folder CBT_MEDIA_DIR names")
                elif (fault := recording_fault(found, step.audio.send_as)) is not None:
                    yield locate.problem(where, "unsupported-media", f"'{found}': {fault}")

    return check_recordings_exist
