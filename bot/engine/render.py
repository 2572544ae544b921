"""Showing answers and filling templates.

Answers are first rendered as plain text (for transcripts), then escaped wherever they go into an HTML
message, so whatever a client typed can never change a message's formatting.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from bot.engine.session import JSON
from bot.engine.texts import SKIPPED, builtin
from bot.flowspec.template import TemplateError, Variable, parse_template

_TAG = re.compile(r"<[^>]*>")


def escape(text: str) -> str:
    return html.escape(text, quote=False)


def plain_text(author_html: str) -> str:
    """Author markup without its tags, for button labels and transcripts (which are not HTML)."""
    return html.unescape(_TAG.sub("", author_html))


@dataclass(frozen=True, slots=True)
class Template:
    """An author text with `{answer}` variables, parsed once. `parts` alternate between author HTML
    (passed through) and answer keys (rendered and escaped when filled)."""

    parts: tuple[str | Variable, ...]

    @classmethod
    def parse(cls, source: str, resolve: Callable[[str], str]) -> Template:
        try:
            parsed = parse_template(source)
        except TemplateError:
            return cls((source,))  # validated flows never get here; show the text as written
        return cls(tuple(Variable(resolve(p.name)) if isinstance(p, Variable) else p.text for p in parsed))

    def then(self, text: str) -> Template:
        """This template followed by more author text."""
        parts = self.parts
        if parts and isinstance(parts[-1], str):
            return Template((*parts[:-1], parts[-1] + text))
        return Template((*parts, text))

    def fill(self, show: Callable[[str], str]) -> str:
        parts = self.parts
        if len(parts) == 1 and isinstance(parts[0], str):
            return parts[0]
        return "".join(p if isinstance(p, str) else show(p.name) for p in parts)


class AnswerFormat:
    """How one kind of answer reads as plain text. The default suits computed values."""

    def plain(self, value: JSON, language: str) -> str:
        if value is None:
            return SKIPPED
        if isinstance(value, float) and value.is_integer():
            return str(int(value))
        if isinstance(value, list):
            return ", ".join(self.plain(item, language) for item in value)
        return str(value)


class TextFormat(AnswerFormat):
    def plain(self, value: JSON, language: str) -> str:
        if isinstance(value, list):
            return "\n".join(f"• {item}" for item in value) if value else SKIPPED
        return super().plain(value, language)


@dataclass(frozen=True, slots=True)
class LabelFormat(AnswerFormat):
    """Choice and multi-choice answers read as their options' labels."""

    labels: Mapping[str, Mapping[str, str]]  # language -> option value -> plain label

    def plain(self, value: JSON, language: str) -> str:
        labels = self.labels.get(language, {})
        if isinstance(value, str):
            return labels.get(value, value)
        if isinstance(value, dict):
            chosen = [labels.get(v, str(v)) for v in value.get("selected") or ()]
            if value.get("other"):
                chosen.append(str(value["other"]))
            return ", ".join(chosen) if chosen else SKIPPED
        return AnswerFormat.plain(self, value, language)


class TimerFormat(AnswerFormat):
    def plain(self, value: JSON, language: str) -> str:
        if isinstance(value, dict) and "seconds" in value:
            name = "timer_completed" if value.get("completed") else "timer_stopped"
            return builtin(name, language, seconds=value["seconds"])
        return super().plain(value, language)


DEFAULT_FORMAT = AnswerFormat()
