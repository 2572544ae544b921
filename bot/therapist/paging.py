"""Packing Telegram HTML into pages under a length limit without ever cutting a tag or an entity.

Text is kept plain until the last moment: a page is built from spans of plain text, each escaped and
wrapped in its tag as it is placed, so a cut can only fall between characters of plain text.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence
from dataclasses import dataclass

MIN_LIMIT = 64
BLOCK_GAP = "\n\n"
LINE_GAP = "\n"


def units(text: str) -> int:
    """Length as Telegram counts it: UTF-16 code units (an emoji counts 2)."""
    return len(text.encode("utf-16-le")) // 2


@dataclass(frozen=True, slots=True)
class Span:
    text: str  # plain text
    tag: str | None = None  # "b", "i", "blockquote" or None

    def html(self) -> str:
        escaped = html.escape(self.text, quote=False)  # text, not attributes: quotes stay as typed
        return f"<{self.tag}>{escaped}</{self.tag}>" if self.tag else escaped


@dataclass(frozen=True, slots=True)
class Line:
    spans: tuple[Span, ...]

    def html(self) -> str:
        return "".join(span.html() for span in self.spans)


Block = Sequence[Line]


def paginate(
    blocks: Sequence[Block], limit: int, continuation: Callable[[int], Line | None] | None = None,
    gap: str = BLOCK_GAP,
) -> list[str]:
    """Blocks (separated by `gap`: a blank line unless told) packed into as few pages as fit, in order; a
    block moves to the next page whole, unless it is longer than a page on its own: then it starts a page
    and goes on over the next, each following page starting with `continuation(block index)`."""
    if limit < MIN_LIMIT:
        raise ValueError(f"a page limit under {MIN_LIMIT} leaves no room for text")
    pager = _Pager(limit)
    for index, block in enumerate(blocks):
        if not block:
            continue
        whole = LINE_GAP.join(line.html() for line in block)
        if pager.fits(whole, gap):
            pager.add(whole, gap)
            continue
        pager.flush()
        if units(whole) <= limit:
            pager.add(whole, gap)
            continue
        heading = continuation(index) if continuation is not None else None
        head = heading.html() if heading is not None else ""
        if units(head) > limit // 2:
            head = ""
        for line in block:
            rest: Line | None = line
            while rest is not None:
                piece = rest.html()
                if pager.fits(piece, LINE_GAP):
                    pager.add(piece, LINE_GAP)
                    break
                first, after = take(rest, pager.room(LINE_GAP))
                if first is None and pager.current in ("", head):  # nothing fits even beside the heading
                    pager.clear()
                    first, after = take(rest, limit)
                if first is not None:
                    pager.add(first.html(), LINE_GAP)
                rest = after
                if rest is None:
                    break
                pager.flush()
                if head:
                    pager.add(head, LINE_GAP)
        pager.flush()
    pager.flush()
    return pager.pages


class _Pager:
    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.pages: list[str] = []
        self.current = ""
        self.size = 0

    def fits(self, piece: str, gap: str) -> bool:
        extra = units(piece) + (units(gap) if self.current else 0)
        return self.size + extra <= self.limit

    def room(self, gap: str) -> int:
        """How long a piece may be to fit on this page."""
        return self.limit - self.size - (units(gap) if self.current else 0)

    def add(self, piece: str, gap: str) -> None:
        if self.current:
            self.current += gap + piece
            self.size += units(gap) + units(piece)
        else:
            self.current, self.size = piece, units(piece)

    def clear(self) -> None:
        self.current, self.size = "", 0

    def flush(self) -> None:
        if self.current:
            self.pages.append(self.current)
        self.current, self.size = "", 0


def take(line: Line, budget: int) -> tuple[Line | None, Line | None]:
    """The longest start of `line` that fits in `budget` (None if not even one character does), and the
    rest of it (None if nothing is left)."""
    parts = split_line(line, budget) if budget > 0 else [line]
    if not parts:
        return None, None  # only empty text
    if units(parts[0].html()) > budget:
        return None, line
    rest: list[Span] = []
    for span in (span for part in parts[1:] for span in part.spans):
        if rest and rest[-1].tag == span.tag:
            rest[-1] = Span(rest[-1].text + span.text, span.tag)
        else:
            rest.append(span)
    return parts[0], Line(tuple(rest)) if rest else None


def split_line(line: Line, budget: int) -> list[Line]:
    """`line` as one or more lines, each at most `budget` long as HTML."""
    if units(line.html()) <= budget:
        return [line]
    lines: list[Line] = []
    spans: list[Span] = []
    size = 0
    for span in (s for s in line.spans if s.text):
        wrapper = units(Span("", span.tag).html())
        for chunk in _chunks(span.text, budget - wrapper):
            piece = Span(chunk, span.tag)
            cost = units(piece.html())
            if spans and size + cost > budget:
                lines.append(Line(tuple(spans)))
                spans, size = [], 0
            spans.append(piece)
            size += cost
    if spans:
        lines.append(Line(tuple(spans)))
    return lines


def _chunks(text: str, budget: int) -> list[str]:
    """`text` cut into pieces whose escaped form is at most `budget` long, at a space or line break where
    one is not too far back."""
    pieces: list[str] = []
    start, end_of_text = 0, len(text)
    while start < end_of_text:
        used, end, gap = 0, start, -1
        while end < end_of_text:
            cost = units(html.escape(text[end], quote=False))
            if used + cost > budget and end > start:
                break
            used += cost
            end += 1
            if text[end - 1] in " \n":
                gap = end
        if end < end_of_text and gap > start + (end - start) // 2:
            end = gap
        pieces.append(text[start:end])
        start = end
    return pieces
