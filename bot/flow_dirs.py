"""Where flows come from: the shipped `flows/` directory, plus any named by CBT_FLOWS_DIR."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

SHIPPED_FLOWS = Path(__file__).resolve().parent.parent / "flows"


def flow_dirs(environ: Mapping[str, str] = os.environ) -> list[Path]:
    extra = [Path(p) for p in environ.get("CBT_FLOWS_DIR", "").split(os.pathsep) if p.strip()]
    return [SHIPPED_FLOWS, *extra]
