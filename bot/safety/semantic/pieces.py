"""Long messages in pieces: a sentence encoder averages over its input, so one line of risk in a long,
calm message would fade. A message up to PIECE_CHARS is one piece; a longer one is cut at sentence ends into
pieces of about that size, each scored on its own (the most worrying piece counts).

A message of fewer than MIN_WORDS words has no pieces: the training sentences are almost all longer (0.3% of
them have three words or fewer), so replies such as "I don't know", "tired" or "whatever" land far from all of
them, and the vote of their nearest, distant neighbours is noise. Short risk is the phrase rules' job ("kms")."""

from __future__ import annotations

import re
from typing import Final

# The training sentences are up to about 200 characters (99% under 150): a piece is like them.
PIECE_CHARS: Final = 200
# Telegram caps a message at 4096 characters: 24 pieces cover it. Past that, the beginning and the end.
MAX_PIECES: Final = 24
MIN_WORDS: Final = 4

_SENTENCE_END = re.compile(r"(?<=[.!?…;])\s+|\s*\n+\s*")
_SPACES = re.compile(r"\s+")


def pieces(text: str) -> list[str]:
    """The text's pieces in order, none empty; no pieces for a text of fewer than MIN_WORDS words."""
    flat = _SPACES.sub(" ", text).strip()
    if sum(1 for word in flat.split(" ") if any(ch.isalnum() for ch in word)) < MIN_WORDS:
        return []
    if len(flat) <= PIECE_CHARS:
        return [flat]
    found: list[str] = []
    current = ""
    for sentence in _sentences(text):
        if current and len(current) + 1 + len(sentence) > PIECE_CHARS:
            found.append(current)
            current = ""
        current = f"{current} {sentence}" if current else sentence
    if current:
        found.append(current)
    if len(found) > MAX_PIECES:
        half = MAX_PIECES // 2
        found = found[:half] + found[-half:]
    return found


def _sentences(text: str) -> list[str]:
    """Sentences, with any longer than PIECE_CHARS cut between words (or anywhere, for one long word)."""
    out: list[str] = []
    for raw in _SENTENCE_END.split(text):
        sentence = _SPACES.sub(" ", raw).strip()
        while len(sentence) > PIECE_CHARS:
            cut = sentence.rfind(" ", 0, PIECE_CHARS + 1)
            if cut <= 0:
                cut = PIECE_CHARS
            out.append(sentence[:cut].strip())
            sentence = sentence[cut:].strip()
        if sentence:
            out.append(sentence)
    return out
