"""Localised texts: a plain string, or a mapping language -> string."""

from __future__ import annotations

from collections.abc import Mapping

LocalText = str | Mapping[str, str]


def localize(text: LocalText, language: str, fallback: str = "en") -> str:
    if isinstance(text, str):
        return text
    if language in text:
        return text[language]
    if fallback in text:
        return text[fallback]
    return next(iter(text.values()))
