"""Where recordings come from: the operator's folders named by CBT_MEDIA_DIR first, then the shipped `media/`."""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent


def shipped_media(package_dir: Path = PACKAGE_DIR, prefix: Path | None = None) -> Path:
    """`media/` beside the package in a clone or an editable install; else where a wheel installs it."""
    beside = package_dir.parent / "media"
    return beside if beside.is_dir() else (prefix or Path(sys.prefix)) / "share" / "cbt-bot" / "media"


SHIPPED_MEDIA = shipped_media()


def operator_media(environ: Mapping[str, str]) -> tuple[Path, ...]:
    return tuple(Path(p) for p in environ.get("CBT_MEDIA_DIR", "").split(os.pathsep) if p.strip())


def media_dirs(environ: Mapping[str, str] = os.environ) -> list[Path]:
    """The operator's folders win: a file of theirs replaces a shipped one of the same name."""
    return [*operator_media(environ), SHIPPED_MEDIA]
