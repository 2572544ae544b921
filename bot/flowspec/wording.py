"""Plain-sentence pieces for validation messages: what a value is called, how it is shown."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from pydantic_core import ErrorDetails

from bot.flowspec.nodes import Path

MAX_SHOWN = 40

LOWER_SNAKE_CASE = "must be lower_snake_case (a-z, 0-9 and _, starting with a letter)"
_PATTERNS = {
    r"^[a-z][a-z0-9_]*$": LOWER_SNAKE_CASE,
    r"^[a-z][a-z0-9_]{1,39}$": "must be lower_snake_case (a-z, 0-9 and _, starting with a letter), "
    "2 to 40 characters",
    r"^[a-z]{2,3}$": "must be a language code of two or three lowercase letters, like 'en'",
    r"^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*$": "must name an answer: a step id, or call_step.block_step",
    r"^[A-Za-z0-9_-]{1,32}$": "may hold only letters, digits, '_' and '-' (1 to 32 of them)",
}


def show(value: Any) -> str:
    """A value as the author wrote it, cut to 40 characters."""
    if value is None:
        return "empty"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | tuple):
        return "a list"
    if isinstance(value, Mapping):
        return "a mapping"
    if isinstance(value, str):
        return repr(value if len(value) <= MAX_SHOWN else value[: MAX_SHOWN - 1] + "…")
    return str(value)[:MAX_SHOWN]


def subject(path: Path, on_key: bool = False) -> str:
    """How to name the value at `path` in a sentence: `'max'`, `item 2 of 'options'`, `the key 'EN'`."""
    if not path:
        return "the value"
    last = path[-1]
    if on_key:
        return f"the key '{last}'"
    if isinstance(last, int):
        owner = next((p for p in reversed(path) if isinstance(p, str)), "the list")
        return f"item {last + 1} of '{owner}'"
    return f"'{last}'"


def sentence(kind: str, who: str, error: ErrorDetails, ctx: dict[str, Any]) -> str:
    got = show(error["input"])
    if kind == "string_pattern_mismatch":
        rule = _PATTERNS.get(str(ctx.get("pattern")), f"must match the pattern {ctx.get('pattern')}")
        return f"{who} {rule}, not {got}"
    if kind in ("too_short", "too_long"):
        limit = ctx.get("min_length") if kind == "too_short" else ctx.get("max_length")
        least = "at least" if kind == "too_short" else "at most"
        return f"{who} needs {least} {_count(limit, 'item')} (it has {ctx.get('actual_length')})"
    if kind in ("string_too_short", "string_too_long"):
        limit = ctx.get("min_length") if kind == "string_too_short" else ctx.get("max_length")
        least = "at least" if kind == "string_too_short" else "at most"
        return f"{who} must be {least} {_count(limit, 'character')} long, not {got}"
    bounds = {"greater_than_equal": ("at least", "ge"), "less_than_equal": ("at most", "le"),
              "greater_than": ("more than", "gt"), "less_than": ("less than", "lt")}
    if kind in bounds:
        words, name = bounds[kind]
        return f"{who} must be {words} {ctx.get(name)}, not {got}"
    if kind == "literal_error":
        return f"{who} must be one of {ctx.get('expected')}, not {got}"
    message = str(error["msg"])
    return f"{who}: {message[:1].lower()}{message[1:]} (got {got})"


def _count(n: object, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def closest(name: str, candidates: Iterable[str]) -> str | None:
    """The candidate nearest to a misspelt `name` (typos, swapped letters), if any is near enough."""
    limit = max(1, len(name) // 3)
    best: tuple[int, str] | None = None
    for candidate in candidates:
        if abs(len(candidate) - len(name)) > limit:
            continue
        distance = _edit_distance(name, candidate)
        if distance <= limit and 2 * distance < len(name) and (best is None or distance < best[0]):
            best = (distance, candidate)
    return best[1] if best else None


def _edit_distance(a: str, b: str) -> int:
    """Optimal string alignment distance: insertions, deletions, substitutions and adjacent swaps."""
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb))
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                current[j] = min(current[j], previous2[j - 2] + 1)
        previous2, previous = previous, current
    return previous[-1]
