"""Reading what a client typed: option labels, numbers on a scale."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

# Longer than any label or number worth matching; keeps huge messages from being case-folded.
_MATCH_LIMIT = 200
_SCALE_NUMBER = re.compile(r"\s*(-?[0-9]{1,9})\s*(?:(%)|/\s*([0-9]{1,9}))?\s*")


def normalise(text: str) -> str:
    return " ".join(text.casefold().split())


def option_lookup(labels: Sequence[tuple[str, str]]) -> dict[str, str]:
    """Typed text -> option value, for (value, plain label) pairs in order: each option's 1-based number
    and its label. A label wins over a number that happens to look the same."""
    lookup = {str(n): value for n, (value, _label) in enumerate(labels, 1)}
    lookup.update({normalise(label): value for value, label in labels})
    return lookup


def match_option(text: str, lookup: Mapping[str, str]) -> str | None:
    if len(text) > _MATCH_LIMIT:
        return None
    return lookup.get(normalise(text))


def parse_scale(text: str, low: int, high: int, step: int) -> int | None:
    """A number on the scale: "7", " 7 ", "7/10" (when 10 is the top of the scale) or "70%" (on a
    scale up to 100). Anything else, or a number off the scale, is None."""
    found = _SCALE_NUMBER.fullmatch(text) if len(text) <= _MATCH_LIMIT else None
    if found is None:
        return None
    value = int(found[1])
    percent, out_of = found[2], found[3]
    if percent and high != 100:
        return None
    if out_of is not None and int(out_of) != high:
        return None
    return value if on_scale(value, low, high, step) else None


def on_scale(value: int, low: int, high: int, step: int) -> bool:
    return low <= value <= high and (value - low) % step == 0
