"""Safe templates: `{answer}` and `{call_step.block_step}`; `{{` and `}}` are literal braces. Nothing is
evaluated, so an author (or a client's answer) can never run code."""

from __future__ import annotations

import re
from dataclasses import dataclass

_NAME = re.compile(r"[a-z][a-z0-9_]*(?:\.[a-z][a-z0-9_]*)*")


@dataclass(frozen=True, slots=True)
class Literal:
    text: str


@dataclass(frozen=True, slots=True)
class Variable:
    name: str


Part = Literal | Variable


class TemplateError(ValueError):
    def __init__(self, message: str, offset: int) -> None:
        super().__init__(message)
        self.offset = offset


def parse_template(source: str) -> tuple[Part, ...]:
    parts: list[Part] = []
    buf: list[str] = []
    i = 0
    while i < len(source):
        ch = source[i]
        if ch in "{}" and source[i : i + 2] in ("{{", "}}"):
            buf.append(ch)
            i += 2
        elif ch == "}":
            raise TemplateError("a '}' without '{' (write '}}' for a literal brace)", i)
        elif ch == "{":
            end = source.find("}", i + 1)
            if end < 0:
                raise TemplateError("an unclosed '{' (write '{{' for a literal brace)", i)
            name = source[i + 1 : end].strip()
            if not _NAME.fullmatch(name):
                raise TemplateError(f"'{{{source[i + 1 : end]}}}' is not an answer name", i)
            if buf:
                parts.append(Literal("".join(buf)))
                buf = []
            parts.append(Variable(name))
            i = end + 1
        else:
            buf.append(ch)
            i += 1
    if buf:
        parts.append(Literal("".join(buf)))
    return tuple(parts)


def variables(source: str) -> tuple[str, ...]:
    """The answer names a template uses; empty for a template that does not parse."""
    try:
        return tuple(p.name for p in parse_template(source) if isinstance(p, Variable))
    except TemplateError:
        return ()
