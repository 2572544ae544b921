"""The recordings the bot sends (voice messages, audio tracks) and the file_id Telegram gave each.

A file is uploaded the first time it is sent; every later send names its file_id, which Telegram serves
without a new upload. The ids are kept in memory, per process: after a restart each file is uploaded once more
(one upload per file and process is cheap, and nothing needs a table). A file_id belongs to one bot, so a new
token starts afresh too. A file changed on disk (size or time) is uploaded again.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Literal

from bot.flowspec.media import find_recording

SendAs = Literal["voice", "audio"]
_Key = tuple[SendAs, str, int, int]


class Recordings:
    def __init__(self, dirs: Sequence[Path]) -> None:
        self.dirs = tuple(dirs)
        self._file_ids: dict[_Key, str] = {}
        self.uploads = 0  # how many files were uploaded (read by tests and logs)

    def find(self, name: str) -> Path | None:
        return find_recording(name, self.dirs)

    @staticmethod
    def key(path: Path, send_as: SendAs) -> _Key:
        stat = path.stat()
        return send_as, str(path.resolve()), stat.st_size, stat.st_mtime_ns

    def file_id(self, key: _Key) -> str | None:
        return self._file_ids.get(key)

    def remember(self, key: _Key, file_id: str) -> None:
        self.uploads += 1
        self._file_ids[key] = file_id

    def forget(self, key: _Key) -> None:
        self._file_ids.pop(key, None)
