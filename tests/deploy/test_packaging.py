"""A plain (non-editable) install carries the shipped exercises and the compiled translations, and the bot finds
them there; an editable install compiles the translations too."""

from __future__ import annotations

import glob
import shutil
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest

from bot.flow_dirs import shipped_flows
from bot.media_dirs import shipped_media

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


def test_the_wheel_installs_the_shipped_recordings_and_the_bot_finds_them_there(tmp_path: Path) -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = config["tool"]["setuptools"]["data-files"]["share/cbt-bot/media"]
    packaged = {Path(p).name for pattern in patterns for p in glob.glob(str(ROOT / pattern))}
    assert packaged == {p.name for p in (ROOT / "media").iterdir() if p.suffix == ".ogg"} == {"breathing_space.ogg"}
    (tmp_path / "site-packages" / "bot").mkdir(parents=True)
    found = shipped_media(tmp_path / "site-packages" / "bot", tmp_path / "prefix")
    assert found == tmp_path / "prefix" / "share" / "cbt-bot" / "media"


# --- translations: the build compiles them ------------------------------------------------------------------

_SOURCE_ONLY = shutil.ignore_patterns(".git", ".venv", "build", "dist", "*.egg-info", "__pycache__", "*.mo",
                                      ".*_cache")
_RUSSIAN = ("from bot.conversation.therapist.review_texts import rt; from bot.i18n import languages; "
            "print('ru' in languages(), rt('export_caption', 'ru', client='Аня', count=3))")


def _fresh_venv(where: Path) -> Path:
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(where)], check=True)
    return where / "bin" / "python"


def _pip_into(python: Path, *args: str) -> None:
    subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "-q", "--no-deps", *args],
                   check=True, capture_output=True)


@pytest.mark.slow
def test_the_wheel_carries_compiled_catalogs_and_speaks_russian_when_installed(tmp_path: Path) -> None:
    source = tmp_path / "source"
    shutil.copytree(ROOT, source, ignore=_SOURCE_ONLY)
    subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(tmp_path / "dist"),
                    str(source)], check=True, capture_output=True)
    [wheel] = (tmp_path / "dist").glob("*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert "bot/i18n/locale/ru/LC_MESSAGES/messages.mo" in names
    assert not [n for n in names if n.endswith((".po", ".pot"))]
    python = _fresh_venv(tmp_path / "venv")
    _pip_into(python, "--no-index", str(wheel))
    run = subprocess.run([str(python), "-I", "-c", _RUSSIAN], cwd=tmp_path, capture_output=True, text=True,
                         check=True)
    assert run.stdout.strip() == "True Аня: 3 упражнения."


@pytest.mark.slow
def test_an_editable_install_compiles_the_catalogs_beside_their_sources(tmp_path: Path) -> None:
    source = tmp_path / "source"
    shutil.copytree(ROOT, source, ignore=_SOURCE_ONLY)
    compiled = source / "bot" / "i18n" / "locale" / "ru" / "LC_MESSAGES" / "messages.mo"
    assert not compiled.exists()
    python = _fresh_venv(tmp_path / "venv")
    _pip_into(python, "-e", str(source))
    assert compiled.exists()
    run = subprocess.run([str(python), "-I", "-c", _RUSSIAN], cwd=tmp_path, capture_output=True, text=True,
                         check=True)
    assert run.stdout.strip() == "True Аня: 3 упражнения."
