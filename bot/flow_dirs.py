"""Where flows come from: the shipped `flows/` directory, plus any named by CBT_FLOWS_DIR."""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent


def shipped_flows(package_dir: Path = PACKAGE_DIR, prefix: Path | None = None) -> Path:
    """`flows/` beside the package in a clone or an editable install; else where a wheel installs it."""
    beside = package_dir.parent / "flows"
    return beside if beside.is_dir() else (prefix or Path(sys.prefix)) / "share" / "cbt-bot" / "flows"


SHIPPED_FLOWS = shipped_flows()


def flow_dirs(environ: Mapping[str, str] = os.environ) -> list[Path]:
    extra = [Path(p) for p in environ.get("CBT_FLOWS_DIR", "").split(os.pathsep) if p.strip()]
    return [SHIPPED_FLOWS, *extra]
