"""What makes a catalog complete and faithful to its source: every message of the template translated, in
every plural form, with the same placeholders, markup and commands as the English."""

from __future__ import annotations

import re
import string
from collections import Counter
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.plurals import get_plural
from babel.messages.pofile import read_po

from bot.flowspec.rules.html import html_errors

_PERCENT = re.compile(r"%(?:\([^)]*\))?[#0 +-]?\d*(?:\.\d+)?[diouxXeEfFgGcrsa%]")
_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?>")
_COMMAND = re.compile(r"(?<![\w/<])/[a-z]+\b")


def read(path: Path) -> Catalog:
    with path.open("rb") as text:
        return read_po(text)


def key(message: Message) -> tuple[str | None, str]:
    return message.context, message.id if isinstance(message.id, str) else message.id[0]


def fields(text: str) -> set[str]:
    """`{name}` fields as str.format sees them, and %-style conversions."""
    names = {f"{{{name}}}" for _, name, _, _ in string.Formatter().parse(text) if name is not None}
    return names | set(_PERCENT.findall(text))


def marks(text: str) -> dict[str, Counter[str]]:
    """Everything a translation must keep: placeholders, HTML tags (each as often), /commands."""
    return {"placeholders": Counter(fields(text)), "HTML tags": Counter(_TAG.findall(text)),
            "commands": Counter(set(_COMMAND.findall(text)))}


def problems(template: Catalog, catalog: Catalog, language: str) -> list[str]:
    """Empty when `catalog` translates every message of `template` faithfully."""
    found: list[str] = []
    wanted = get_plural(language).num_plurals
    if catalog.num_plurals != wanted:
        found.append(f"Plural-Forms says {catalog.num_plurals} forms; {language} has {wanted}")
    translated = {key(m): m for m in catalog if m.id}
    for source in (m for m in template if m.id):
        name = f"{source.context + ' | ' if source.context else ''}{key(source)[1][:60]!r}"
        message = translated.get(key(source))
        if message is None:
            found.append(f"{name}: missing")
            continue
        if message.fuzzy:
            found.append(f"{name}: marked fuzzy")
        originals = source.id if isinstance(source.id, tuple) else (source.id,)
        texts = message.string if isinstance(message.string, tuple) else (message.string,)
        forms = wanted if isinstance(source.id, tuple) else 1
        if isinstance(source.id, tuple) != isinstance(message.string, tuple) or len(texts) != forms:
            found.append(f"{name}: {len(texts)} form(s), {language} needs {forms}")
        for text in texts:
            if not text:
                found.append(f"{name}: not translated")
                continue
            # Each plural form keeps the placeholders of the English plural (the singular may spell out "one").
            expected = marks(originals[-1])
            for kind, have in marks(text).items():
                if have != expected[kind]:
                    found.append(f"{name}: {kind} {sorted(have.elements())} "
                                 f"instead of {sorted(expected[kind].elements())}")
            if not html_errors(originals[-1]) and html_errors(text):
                found.append(f"{name}: not Telegram HTML: {html_errors(text)[0][1]}")
    extra = set(translated) - {key(m) for m in template if m.id}
    found.extend(f"{context + ' | ' if context else ''}{text[:60]!r}: not in the template (obsolete?)"
                 for context, text in sorted(extra, key=str))
    return found
