"""The blind crisis corpora are well-formed and frozen: a file changed after it was committed fails here.

They measure the detector (bench/crisis_blind.py); no test reads them to tune or to pass, and this file
checks only their form, never what the detector makes of them.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

BLIND = Path(__file__).resolve().parent / "blind"
ROUNDS = sorted(path for path in BLIND.iterdir() if path.is_dir())
LANGUAGES = ("en", "ru")
KINDS = {
    "self": {"explicit", "coded", "passive", "plan_or_goodbye", "self_harm", "attempt"},
    "others": {"explicit", "plan", "indirect"},
    "home": {"physical", "threat", "sexual", "control", "child", "fear"},
    "someone_else": {"suicide", "self_harm", "danger"},
    "none": {"ordinary", "cbt_negative", "idiom", "fiction", "news_history", "resolved_past", "negation",
             "professional", "grief", "everyday_harm_words", "sleep_tired", "burden_work"},
}
MIN_PER_LABEL = 300


def lines(path: Path) -> list[dict[str, str]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_there_is_a_round() -> None:
    assert ROUNDS, "no corpus round under tests/safety/blind"


@pytest.mark.parametrize("round_dir", ROUNDS, ids=lambda p: p.name)
@pytest.mark.parametrize("language", LANGUAGES)
def test_every_label_has_enough_well_formed_sentences(round_dir: Path, language: str) -> None:
    seen: set[str] = set()
    for label, kinds in KINDS.items():
        items = lines(round_dir / language / f"{label}.jsonl")
        assert len(items) >= MIN_PER_LABEL, f"{language}/{label}: {len(items)} sentences"
        for number, item in enumerate(items, 1):
            where = f"{language}/{label}.jsonl:{number}"
            assert set(item) == {"text", "label", "kind", "level"}, where
            assert item["label"] == label and item["kind"] in kinds, where
            assert item["level"] in ({"none"} if label == "none" else {"sos", "check"}), where
            key = " ".join(item["text"].casefold().split())
            assert key and key not in seen, f"{where}: empty or repeated"
            seen.add(key)


@pytest.mark.parametrize("round_dir", ROUNDS, ids=lambda p: p.name)
def test_the_round_is_frozen(round_dir: Path) -> None:
    """SHA256SUMS was written when the round was committed, before any tuning; it is never rewritten."""
    listed = dict(
        reversed(line.split("  ", 1)) for line in (round_dir / "SHA256SUMS").read_text(encoding="utf-8").splitlines()
    )
    present = {str(p.relative_to(round_dir)): p for p in sorted(round_dir.glob("*/*.jsonl"))}
    assert sorted(listed) == sorted(present)
    for name, path in present.items():
        assert hashlib.sha256(path.read_bytes()).hexdigest() == listed[name], f"{name} changed after it was frozen"
