"""Telegram measures text and entity offsets in UTF-16 code units, errors in UTF-8 byte offsets."""

from __future__ import annotations


def utf16_length(text: str) -> int:
    return sum(2 if ord(char) > 0xFFFF else 1 for char in text)


def byte_offset(text: str, index: int) -> int:
    return len(text[:index].encode("utf-8"))
