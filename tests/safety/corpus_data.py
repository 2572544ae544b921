"""The labelled crisis corpus (tests/safety/corpus): loading helpers shared by the tests."""

from __future__ import annotations

from pathlib import Path

import yaml

CORPUS = Path(__file__).resolve().parent / "corpus"
LANGUAGES = ("en", "ru")
PARTS = {"tuning": "{lang}.yaml", "heldout": "{lang}.heldout.yaml"}


def load_part(language: str, part: str) -> dict[str, list[str]]:
    data = yaml.safe_load((CORPUS / PARTS[part].format(lang=language)).read_text(encoding="utf-8"))
    return {"risk": list(data.get("risk") or []), "no_risk": list(data.get("no_risk") or [])}


def load_full(language: str) -> dict[str, list[str]]:
    full: dict[str, list[str]] = {"risk": [], "no_risk": []}
    for part in PARTS:
        for label, sentences in load_part(language, part).items():
            full[label] += sentences
    return full


CATEGORY_PARTS = {"tuning": "{lang}.categories.yaml", "heldout": "{lang}.categories.heldout.yaml"}
CATEGORY_LABELS = ("self", "others", "home", "someone_else", "none")


def load_categories(language: str, part: str | None = None) -> dict[str, list[str]]:
    """The corpus by category (self, others, home, someone_else, none); both parts unless one is named."""
    full: dict[str, list[str]] = {label: [] for label in CATEGORY_LABELS}
    for name, pattern in CATEGORY_PARTS.items():
        if part not in (None, name):
            continue
        data = yaml.safe_load((CORPUS / pattern.format(lang=language)).read_text(encoding="utf-8"))
        for label in CATEGORY_LABELS:
            full[label] += data.get(label) or []
    return full
