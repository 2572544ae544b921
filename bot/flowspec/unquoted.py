"""Plain (unquoted) text that YAML splits where the author meant one text.

Two mistakes look alike to an author and not at all alike to YAML: a `: ` inside plain text
(`en: Time: when?`) is read as the start of another key, which the parser refuses; and a `, ` inside a
`{…}` mapping (`{ru: Три вещи, которые я вижу}`) ends the entry, so the rest silently becomes a key of
its own. Both are found here by reading the author's line ourselves, so the message names the cause
and the fix whatever the parser's own wording.
"""

from __future__ import annotations

from dataclasses import dataclass

_QUOTES = "\"'"
_NOT_PLAIN = "\"'[{|>&*!%@`"


@dataclass(frozen=True)
class ColonInText:
    """A plain value holding `: `: where the colon is (0-based column), under which key, and the text."""

    col: int
    key: str
    text: str
    in_braces: bool


def colon_in_plain_text(line: str) -> ColonInText | None:
    """The first plain value on `line` (a block `key: value` or the entries of a `{…}`) holding `: `."""
    start = len(line) - len(line.lstrip(" "))
    while line.startswith("- ", start):
        start += 2
        while start < len(line) and line[start] == " ":
            start += 1
    if start < len(line) and line[start] == "{":
        return _in_braces(line, start)
    return _entry(line, start, _comment_start(line, start), in_braces=False)


def colon_message(found: ColonInText) -> str:
    where = "inside `{…}` " if found.in_braces else ""
    return (f"the text under '{found.key}' is not in quotes, and {where}YAML reads its ': ' as the start of "
            f"another key; put the whole text in quotes: {found.key}: {quote(found.text)}")


def comma_message(key: str | None, kept: str | None, strays: list[str]) -> str:
    """For `{key: kept, strays[0], ...}`: YAML read each `, ` as the end of an entry."""
    named = ", ".join(f"'{stray}'" for stray in strays)
    became = f"{named} became a key of its own" if len(strays) == 1 else f"{named} became keys of their own"
    if key is None or kept is None:
        return (f"inside `{{…}}` a ', ' separates entries and each entry needs 'key: value' ({became}); "
                f"if this is one text, write it as a value in quotes: {quote(', '.join(strays))}")
    text = ", ".join([kept, *strays])
    return (f"the text under '{key}' is not in quotes, and inside `{{…}}` YAML reads its ', ' as the end of "
            f"the entry ({became}); put the whole text in quotes: {key}: {quote(text)}")


def quote(text: str) -> str:
    if '"' in text and "'" not in text:
        return f"'{text}'"
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _entry(line: str, start: int, end: int, in_braces: bool) -> ColonInText | None:
    """`key: value` within line[start:end]: the value if it is plain text holding a further `: `."""
    if start >= end or line[start] in _QUOTES:
        return None
    separator = _colon(line, start, end)
    if separator is None:
        return None
    key = line[start:separator].strip()
    value = separator + 1
    while value < end and line[value] == " ":
        value += 1
    if value >= end:
        return None
    if line[value] == "{":
        return _in_braces(line, value)
    if line[value] in _NOT_PLAIN:
        return None
    text = line[value:end].rstrip()
    inner = _colon(line, value, value + len(text))
    if inner is None:
        return None
    return ColonInText(inner, key, text, in_braces)


def _in_braces(line: str, opening: int) -> ColonInText | None:
    """The entries of the `{…}` opening at `opening`, split at its own commas."""
    depth, quote_char, start = 0, "", opening + 1
    at_token = True  # a quote only opens a quoted scalar where a key or value begins
    for i in range(opening, len(line)):
        char = line[i]
        if quote_char:
            if char == quote_char:
                quote_char = ""
            continue
        if at_token and char in _QUOTES:
            quote_char = char
            continue
        if char in "{[":
            depth += 1
        elif char in "}]":
            depth -= 1
        at_token = char in "{[," or (char == " " and (at_token or line[i - 1] == ":"))
        if depth == 1 and char == ",":
            if found := _entry(line, _skip_spaces(line, start), i, in_braces=True):
                return found
            start = i + 1
        elif depth == 0:
            return _entry(line, _skip_spaces(line, start), i, in_braces=True)
    return _entry(line, _skip_spaces(line, start), len(line), in_braces=True)


def _colon(line: str, start: int, end: int) -> int | None:
    """The first `:` in line[start:end] that YAML takes as a key's end: followed by a space, or last."""
    for i in range(start, end):
        if line[i] == ":" and (i + 1 == end or line[i + 1] == " "):
            return i
    return None


def _comment_start(line: str, start: int) -> int:
    found = line.find(" #", start)
    return len(line) if found < 0 else found


def _skip_spaces(line: str, i: int) -> int:
    while i < len(line) and line[i] == " ":
        i += 1
    return i
