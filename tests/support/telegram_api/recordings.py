"""What a voice message or an audio track may be, per the Bot API (sendVoice: OGG/Opus, MP3 or M4A; sendAudio:
MP3 or M4A), told from the file's first bytes; and an Ogg/Opus file's length, from its last page."""

from __future__ import annotations

import struct

ACCEPTED = {"voice": {"opus", "mp3", "m4a"}, "audio": {"mp3", "m4a"}}
MIME = {"opus": "audio/ogg", "mp3": "audio/mpeg", "m4a": "audio/mp4"}


def audio_format(content: bytes) -> str | None:
    if content.startswith(b"OggS") and content[28:36] == b"OpusHead":
        return "opus"
    if content.startswith(b"ID3") or (len(content) > 1 and content[0] == 0xFF and content[1] & 0xE0 == 0xE0):
        return "mp3"
    if content[4:8] == b"ftyp":
        return "m4a"
    return None


def duration(content: bytes, kind: str) -> int:
    """Whole seconds of an Ogg/Opus stream (the last page's granule position, less the pre-skip, at 48 kHz);
    0 for other formats, whose length the stand-in does not decode."""
    if kind != "opus":
        return 0
    last = content.rfind(b"OggS")
    granule = struct.unpack_from("<q", content, last + 6)[0]
    pre_skip = struct.unpack_from("<H", content, 38)[0]
    return int(max(0, round((granule - pre_skip) / 48_000)))
