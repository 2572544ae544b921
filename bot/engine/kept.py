"""Lists a client keeps across exercises (goals, activities, a relapse-prevention plan): their shape and the
changes a flow makes to them. Pure data, so the engine, storage and every front end agree on it.

A kept list is a list of items `{"text": str, "done": bool}`. A flow's `keep` steps become `KeptChange`s at
the flow's end; whoever stores the lists applies each change to the latest version and keeps the result as a
new version (latest wins, history kept).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

KeptItems = list[dict[str, Any]]
Operation = Literal["add", "replace", "done"]
KEPT_PREFIX = "kept."  # `{kept.goals}` in a template quotes the open items of the kept list `goals`
MAX_ITEMS = 100  # the oldest done items go first when a list would grow past this


@dataclass(frozen=True, slots=True)
class KeptChange:
    name: str
    operation: Operation
    texts: tuple[str, ...]


def clean_items(value: Any) -> KeptItems:
    """A stored value as a list of items; anything malformed is left out."""
    if not isinstance(value, list):
        return []
    return [{"text": item["text"], "done": bool(item.get("done"))} for item in value
            if isinstance(item, dict) and isinstance(item.get("text"), str) and item["text"].strip()]


def open_texts(value: Any) -> list[str]:
    return [item["text"] for item in clean_items(value) if not item["done"]]


def apply_change(value: Any, change: KeptChange) -> KeptItems:
    """The list after `change`: an added text already open is not added twice; `done` marks the first open
    item with that text."""
    items = clean_items(value)
    texts = [t.strip() for t in change.texts if t.strip()]
    if change.operation == "replace":
        items = [{"text": t, "done": False} for t in dict.fromkeys(texts)]
    elif change.operation == "add":
        for text in texts:
            if text not in open_texts(items):
                items.append({"text": text, "done": False})
    else:
        for text in texts:
            for item in items:
                if item["text"] == text and not item["done"]:
                    item["done"] = True
                    break
    while len(items) > MAX_ITEMS:
        done = next((i for i, item in enumerate(items) if item["done"]), 0)
        del items[done]
    return items


def texts_of(answer: Any) -> tuple[str, ...]:
    """An answer's texts: a text, or each text of a list (an appended text); a choice's chosen item."""
    if isinstance(answer, str):
        return (answer,)
    if isinstance(answer, list):
        return tuple(a for a in answer if isinstance(a, str))
    return ()


def snapshot(lists: Mapping[str, Any], names: Iterable[str] | None = None) -> dict[str, KeptItems]:
    """What a session is given at its start: each kept list as cleaned items (only `names`, if given)."""
    wanted = None if names is None else set(names)
    return {name: clean_items(value) for name, value in lists.items() if wanted is None or name in wanted}
