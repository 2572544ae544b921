"""A plain (non-editable) install carries the shipped exercises, and the bot finds them there."""

from __future__ import annotations

import glob
import tomllib
from pathlib import Path

from bot.flow_dirs import shipped_flows

ROOT = Path(__file__).resolve().parents[2]


def test_the_wheel_installs_every_shipped_flow_as_data() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = config["tool"]["setuptools"]["data-files"]["share/cbt-bot/flows"]
    packaged = {Path(p).name for pattern in patterns for p in glob.glob(str(ROOT / pattern))}
    assert packaged == {p.name for p in (ROOT / "flows").iterdir() if p.suffix in (".yaml", ".yml")}


def test_flows_beside_the_package_come_first(tmp_path: Path) -> None:
    (tmp_path / "src" / "bot").mkdir(parents=True)
    (tmp_path / "src" / "flows").mkdir()
    assert shipped_flows(tmp_path / "src" / "bot", tmp_path / "prefix") == tmp_path / "src" / "flows"


def test_without_them_the_installed_copy_is_used(tmp_path: Path) -> None:
    (tmp_path / "site-packages" / "bot").mkdir(parents=True)
    found = shipped_flows(tmp_path / "site-packages" / "bot", tmp_path / "prefix")
    assert found == tmp_path / "prefix" / "share" / "cbt-bot" / "flows"
