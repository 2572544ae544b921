"""Telegram's MarkdownV2 and legacy Markdown parse modes, with tdlib's refusals.

The most common MarkdownV2 mistake is an unescaped reserved character such as "." or "!", which Telegram
refuses; that and unclosed entities are what this parser is for. Blockquotes are handled line by line.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .html_entities import ParsedText, parse_error
from .text_units import byte_offset, utf16_length

RESERVED_V2 = set("_*[]()~`>#+-=|{}.!")
ENTITY_NAMES = {
    "bold": "Bold",
    "italic": "Italic",
    "underline": "Underline",
    "strikethrough": "Strikethrough",
    "spoiler": "Spoiler",
    "text_link": "TextUrl",
    "code": "Code",
    "pre": "Pre",
    "custom_emoji": "CustomEmoji",
}
MARKERS = {"*": "bold", "_": "italic", "__": "underline", "~": "strikethrough", "||": "spoiler"}


@dataclass
class _Open:
    kind: str
    start: int
    byte_offset: int
    language: str = ""


class _Builder:
    def __init__(self, source: str) -> None:
        self.source = source
        self.out: list[str] = []
        self.length = 0
        self.entities: list[dict[str, Any]] = []

    def add(self, text: str) -> None:
        self.out.append(text)
        self.length += utf16_length(text)

    def close(self, kind: str, start: int, **extra: Any) -> None:
        if self.length > start:
            self.entities.append({"type": kind, "offset": start, "length": self.length - start, **extra})

    def result(self) -> ParsedText:
        self.entities.sort(key=lambda e: (e["offset"], -e["length"]))
        return ParsedText(text="".join(self.out), entities=self.entities)


def parse_markdown_v2(source: str) -> ParsedText:
    text = _Builder(source)
    stack: list[_Open] = []
    quote: _Open | None = None
    i = 0
    while i < len(source):
        at_line_start = i == 0 or source[i - 1] == "\n"
        if at_line_start and quote is None and source.startswith((">", "**>"), i) and not stack:
            expandable = source.startswith("**>", i)
            quote = _Open("expandable_blockquote" if expandable else "blockquote", text.length, i)
            i += 3 if expandable else 1
            continue
        if at_line_start and quote is not None and source[i] == ">":
            i += 1
            continue
        char = source[i]
        if char == "\n" and quote is not None and not source.startswith(">", i + 1):
            text.close(quote.kind, quote.start)
            quote = None
        if char == "\\" and i + 1 < len(source) and 0 < ord(source[i + 1]) <= 126:
            text.add(source[i + 1])
            i += 2
        elif stack and stack[-1].kind in {"code", "pre"}:
            i = _inside_code(source, i, stack, text)
        elif char in RESERVED_V2:
            i = _reserved(source, i, stack, text, quote)
        else:
            text.add(char)
            i += 1
    if stack:
        opened = stack[-1]
        name = ENTITY_NAMES[opened.kind]
        raise parse_error(f"Can't find end of {name} entity at byte offset {opened.byte_offset}")
    if quote is not None:
        text.close(quote.kind, quote.start)
    return text.result()


def _inside_code(source: str, i: int, stack: list[_Open], text: _Builder) -> int:
    opened = stack[-1]
    if opened.kind == "pre" and source.startswith("```", i):
        stack.pop()
        text.close("pre", opened.start, **({"language": opened.language} if opened.language else {}))
        return i + 3
    if source[i] == "`":
        if opened.kind == "pre":
            raise _reserved_error(source, i)
        stack.pop()
        text.close("code", opened.start)
        return i + 1
    text.add(source[i])
    return i + 1


def _reserved(source: str, i: int, stack: list[_Open], text: _Builder, quote: _Open | None) -> int:
    offset = byte_offset(source, i)
    top = stack[-1].kind if stack else None
    for marker in ("__", "||", "*", "_", "~"):
        if source.startswith(marker, i):
            kind = MARKERS[marker]
            if top == kind:
                opened = stack.pop()
                text.close(kind, opened.start)
            elif (
                marker == "||"
                and quote is not None
                and quote.kind == "expandable_blockquote"
                and (source.startswith("\n", i + 2) or i + 2 == len(source))
            ):
                pass  # the expandability mark that ends an expandable blockquote
            else:
                stack.append(_Open(kind, text.length, offset))
            return i + len(marker)
    if source.startswith("```", i):
        newline = source.find("\n", i + 3)
        first_line = source[i + 3 : newline] if newline != -1 else " "
        if " " in first_line:  # no language line: the block starts right after the backticks
            stack.append(_Open("pre", text.length, offset))
            return i + 3
        stack.append(_Open("pre", text.length, offset, language=first_line))
        return newline + 1
    if source[i] == "`":
        stack.append(_Open("code", text.length, offset))
        return i + 1
    if source[i] == "[" or source.startswith("![", i):
        kind = "custom_emoji" if source[i] == "!" else "text_link"
        stack.append(_Open(kind, text.length, offset))
        return i + (2 if kind == "custom_emoji" else 1)
    if source[i] == "]" and top in {"text_link", "custom_emoji"}:
        opened = stack.pop()
        url, end = _link_target(source, i + 1)
        if opened.kind == "custom_emoji":
            emoji_id = url.removeprefix("tg://emoji?id=")
            if not emoji_id.isdigit():
                raise parse_error(f"Custom emoji must have a tg://emoji URL, at byte offset {offset}")
            text.close("custom_emoji", opened.start, custom_emoji_id=emoji_id)
        elif url:
            text.close("text_link", opened.start, url=url)
        return end
    raise _reserved_error(source, i)


def _link_target(source: str, i: int) -> tuple[str, int]:
    if not source.startswith("(", i):
        return "", i
    url: list[str] = []
    j = i + 1
    while j < len(source):
        if source[j] == "\\" and j + 1 < len(source):
            url.append(source[j + 1])
            j += 2
        elif source[j] == ")":
            return "".join(url), j + 1
        else:
            url.append(source[j])
            j += 1
    raise parse_error(f"Can't find end of a URL at byte offset {byte_offset(source, i)}")


def _reserved_error(source: str, i: int) -> Exception:
    return parse_error(f"Character '{source[i]}' is reserved and must be escaped with the preceding '\\'")


LEGACY_MARKERS = {"*": "bold", "_": "italic", "`": "code"}


def parse_markdown_legacy(source: str) -> ParsedText:
    text = _Builder(source)
    i = 0
    while i < len(source):
        char = source[i]
        if char == "\\" and i + 1 < len(source) and source[i + 1] in "_*`[":
            text.add(source[i + 1])
            i += 2
            continue
        if char not in "*_`[":
            text.add(char)
            i += 1
            continue
        offset = byte_offset(source, i)
        closing, kind, body_start = (
            ("```", "pre", i + 3)
            if source.startswith("```", i)
            else ("]", "text_link", i + 1)
            if char == "["
            else (char, LEGACY_MARKERS[char], i + 1)
        )
        end = source.find(closing, body_start)
        if end == -1:
            raise parse_error(f"Can't find end of the entity starting at byte offset {offset}")
        start = text.length
        text.add(source[body_start:end])
        i = end + len(closing)
        if kind == "text_link":
            url, i = _link_target(source, i)
            if url:
                text.close("text_link", start, url=url)
        else:
            text.close(kind, start)
    return text.result()
