"""Texts use only Telegram's HTML subset, with tags closed in order and `&` / `<` escaped."""

from __future__ import annotations

import re
from collections.abc import Iterator

from bot.flowspec.draft import Draft
from bot.flowspec.locate import Locator
from bot.flowspec.problems import Problem
from bot.flowspec.text_sites import flow_strings, template_error, without_placeholders

TAGS = frozenset({"b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "code", "pre", "blockquote",
                  "tg-spoiler", "a"})
_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*)((?:\s[^<>]*)?)>")
_HREF = re.compile(r"""\s*href\s*=\s*("[^"]*"|'[^']*')\s*""")
_ENTITY = re.compile(r"&(?:lt|gt|amp|quot|#[0-9]+|#x[0-9a-fA-F]+);")
_SPECIAL = re.compile(r"[<&]")
_LISTED = "b, i, u, s, code, pre, blockquote, tg-spoiler, a"


def check_html(draft: Draft, locate: Locator) -> Iterator[Problem]:
    for _, path, text in flow_strings(draft):
        if ("<" not in text and "&" not in text) or template_error(text) is not None:
            continue  # nothing to check, or reported as bad-template
        for offset, message in html_errors(without_placeholders(text)):
            yield locate.problem(path, "bad-html", message, offset=offset)


def html_errors(text: str) -> list[tuple[int, str]]:
    """(offset, message) for each misuse of HTML in `text`."""
    errors: list[tuple[int, str]] = []
    open_tags: list[tuple[str, int]] = []
    unknown: set[str] = set()
    for special in _SPECIAL.finditer(text):
        at = special.start()
        if special.group() == "&":
            if not _ENTITY.match(text, at):
                errors.append((at, "a bare '&'; write '&amp;' for a literal '&'"))
            continue
        tag = _TAG.match(text, at)
        if tag is None:
            errors.append((at, "a '<' that starts no tag; write '&lt;' for a literal '<'"))
            continue
        closing, name, attributes = tag.group(1) == "/", tag.group(2), tag.group(3)
        if closing and name in unknown:
            continue  # its opening tag is reported already
        problem = _tag_problem(name, attributes, closing, open_tags)
        if name not in TAGS:
            unknown.add(name)
        if problem:
            errors.append((at, problem))
        elif closing:
            open_tags.pop()
        else:
            open_tags.append((name, at))
    errors.extend((at, f"<{name}> is never closed") for name, at in open_tags)
    return errors


def _tag_problem(name: str, attributes: str, closing: bool, open_tags: list[tuple[str, int]]) -> str | None:
    if name not in TAGS:
        return f"<{name}> is not one of Telegram's tags ({_LISTED})"
    if closing:
        if not open_tags:
            return f"</{name}> closes a tag that was never opened"
        if open_tags[-1][0] != name:
            return f"</{name}> closes <{open_tags[-1][0]}>, which is still open"
        return None
    if name == "a":
        return None if _HREF.fullmatch(attributes) else '<a> takes exactly one attribute: href="..."'
    if attributes.strip():
        return f"<{name}> takes no attributes"
    return None
