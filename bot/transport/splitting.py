"""Split Telegram-HTML text into messages under the length limit without breaking tags or entities.

Telegram counts the text left after entity parsing, in UTF-16 code units."""

from __future__ import annotations

import re

LIMIT = 4000  # under Telegram's 4096, leaving room for reopened tags
_TOKEN = re.compile(r"<(/?)([a-z-]+)[^>]*>|&[#a-zA-Z0-9]+;|[^<&]+|[<&]", re.S)


def visible_length(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def split_html(text: str, limit: int = LIMIT) -> list[str]:
    chunks: list[str] = []
    current: list[str] = []
    open_tags: list[tuple[str, str]] = []  # (name, the full opening tag)
    size = 0
    for match in _TOKEN.finditer(text):
        token = match.group(0)
        if match.group(2):
            _track_tag(open_tags, match.group(1) == "/", match.group(2), token)
            current.append(token)
            continue
        pieces = [token] if token.startswith("&") else _pieces(token, limit)
        for piece in pieces:
            length = 1 if piece.startswith("&") else visible_length(piece)
            if size + length > limit and size > 0:
                chunks.append(_close("".join(current), open_tags))
                current = [tag for _, tag in open_tags]
                size = 0
                piece = piece.lstrip("\n") or piece
                length = 1 if piece.startswith("&") else visible_length(piece)
            current.append(piece)
            size += length
    chunks.append("".join(current))
    return [c for c in chunks if c.strip()] or [text]


def _track_tag(open_tags: list[tuple[str, str]], closing: bool, name: str, token: str) -> None:
    if not closing:
        open_tags.append((name, token))
        return
    for i in range(len(open_tags) - 1, -1, -1):
        if open_tags[i][0] == name:
            del open_tags[i]
            return


def _close(chunk: str, open_tags: list[tuple[str, str]]) -> str:
    return chunk + "".join(f"</{name}>" for name, _ in reversed(open_tags))


def _pieces(text: str, limit: int) -> list[str]:
    """Plain text cut at paragraph, line or word boundaries into pieces no longer than `limit`."""
    pieces: list[str] = []
    while visible_length(text) > limit:
        window = text[:limit]
        cut = max(window.rfind("\n\n"), window.rfind("\n"), window.rfind(" "))
        cut = cut + 1 if cut > limit // 2 else limit
        pieces.append(text[:cut])
        text = text[cut:]
    pieces.append(text)
    # Words between boundaries stay whole: split on spaces so the packer can break between them.
    return [w for p in pieces for w in re.split(r"(?<=[ \n])", p) if w]
