"""Recordings named by `audio:` are looked up in the media folders and checked for what Telegram can play."""

from __future__ import annotations

from pathlib import Path

from bot.flowspec import load_flow_text
from bot.media_dirs import SHIPPED_MEDIA

FLOW = """\
id: audio_flow
version: 1
title: Audio
description: A flow with a recording.
category: other
languages: [en]
estimated_minutes: 1
source: media tests
steps:
  - id: intro
    type: message
    audio:
      file: {file}
      title: A recording{extra}
    text: Listen.
  - id: done
    type: end
"""


def problems(tmp_path: Path, file: str, content: bytes | None, extra: str = "") -> list[tuple[int, str, str]]:
    if content is not None:
        (tmp_path / file).write_bytes(content)
    result = load_flow_text(FLOW.format(file=file, extra=extra), "audio.yaml", [tmp_path])
    return [(p.line, p.code, p.message) for p in result.problems if p.is_error]


def test_a_missing_recording_is_reported_at_its_line(tmp_path: Path) -> None:
    [(line, code, message)] = problems(tmp_path, "absent.ogg", None)
    assert (line, code) == (13, "missing-media") and "absent.ogg" in message and str(tmp_path) in message


def test_a_file_that_is_not_opus_or_mp3_is_unsupported(tmp_path: Path) -> None:
    [(line, code, _)] = problems(tmp_path, "fake.ogg", b"just some text, not audio")
    assert (line, code) == (13, "unsupported-media")


def test_an_opus_file_cannot_be_an_audio_track(tmp_path: Path) -> None:
    opus = (SHIPPED_MEDIA / "breathing_space.ogg").read_bytes()
    assert problems(tmp_path, "bell.ogg", opus) == []
    [(_, code, message)] = problems(tmp_path, "bell.ogg", opus, extra="\n      as: audio")
    assert code == "unsupported-media" and "MP3" in message


def test_an_mp3_plays_as_a_track_by_default_and_a_folder_in_the_name_is_refused(tmp_path: Path) -> None:
    assert problems(tmp_path, "track.mp3", b"ID3\x04\x00" + bytes(100)) == []
    [(_, code, _)] = problems(tmp_path, "../track.mp3", None)
    assert code == "bad-value"


def test_without_media_folders_nothing_is_looked_up() -> None:
    result = load_flow_text(FLOW.format(file="absent.ogg", extra=""), "audio.yaml")
    assert result.flow is not None and result.problems == []
