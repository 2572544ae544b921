"""Split Telegram-HTML text into messages under the length limit without breaking tags or entities,
preferring to break at a line end, then between words.

Telegram counts the text left after entity parsing, in UTF-16 code units."""

from __future__ import annotations

import re
from dataclasses import dataclass

LIMIT = 4000  # under Telegram's 4096, leaving room for reopened tags
_TOKEN = re.compile(r"<(/?)([a-z-]+)[^>]*>|&[#a-zA-Z0-9]+;|[^<&\s]+|[ \t]+|\n|[<&]", re.S)


def visible_length(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


@dataclass(frozen=True, slots=True)
class _Token:
    text: str
    size: int  # visible UTF-16 units
    open_after: tuple[tuple[str, str], ...]  # tags open after this token: (name, opening tag)


def split_html(text: str, limit: int = LIMIT) -> list[str]:
    if visible_length(text) <= limit:  # counting the tags too: if that fits, the visible text does
        return [text]
    chunks: list[str] = []
    current: list[_Token] = []
    opened_with: tuple[tuple[str, str], ...] = ()
    size = 0
    for token in _tokens(text, limit):
        if size + token.size > limit and size > 0:
            keep = _break_point(current, limit)
            closing = current[keep - 1].open_after
            chunks.append(_render(opened_with, current[:keep], closing))
            opened_with, current = closing, current[keep:]
            size = sum(t.size for t in current)
            while current and not current[0].text.strip() and current[0].size:
                size -= current.pop(0).size  # a new message does not start with blanks
        current.append(token)
        size += token.size
    chunks.append(_render(opened_with, current, current[-1].open_after if current else opened_with))
    return [c for c in chunks if visible_length(re.sub(r"<[^>]+>", "", c).strip())] or [text]


def _break_point(tokens: list[_Token], limit: int) -> int:
    """How many tokens the full message keeps: up to its last line end, if that keeps at least half."""
    size = 0
    best = len(tokens)
    for index, token in enumerate(tokens, 1):
        size += token.size
        if token.text == "\n" and size >= limit // 2:
            best = index
    return best


def _render(opened_with: tuple[tuple[str, str], ...], tokens: list[_Token],
            open_at_end: tuple[tuple[str, str], ...]) -> str:
    body = "".join(tag for _, tag in opened_with) + "".join(t.text for t in tokens)
    return body.rstrip(" \n") + "".join(f"</{name}>" for name, _ in reversed(open_at_end))


def _tokens(text: str, limit: int) -> list[_Token]:
    tokens: list[_Token] = []
    open_tags: list[tuple[str, str]] = []
    for match in _TOKEN.finditer(text):
        piece = match.group(0)
        if match.group(2):
            _track(open_tags, match.group(1) == "/", match.group(2), piece)
            tokens.append(_Token(piece, 0, tuple(open_tags)))
        elif piece.startswith("&") and len(piece) > 1:
            tokens.append(_Token(piece, 1, tuple(open_tags)))
        else:
            tokens += [_Token(part, visible_length(part), tuple(open_tags)) for part in _fitting(piece, limit)]
    return tokens


def _fitting(word: str, limit: int) -> list[str]:
    """A word longer than a whole message is cut into pieces that fit."""
    pieces: list[str] = []
    start, units = 0, 0
    for index, char in enumerate(word):
        width = 2 if ord(char) > 0xFFFF else 1
        if units + width > limit:
            pieces.append(word[start:index])
            start, units = index, 0
        units += width
    pieces.append(word[start:])
    return pieces


def _track(open_tags: list[tuple[str, str]], closing: bool, name: str, tag: str) -> None:
    if not closing:
        open_tags.append((name, tag))
        return
    for index in range(len(open_tags) - 1, -1, -1):
        if open_tags[index][0] == name:
            del open_tags[index]
            return
