"""The items of an earlier list answer offered as a choice's options.

The options are derived from the stored answers whenever the question is shown, so nothing but the answers
needs storing. A button carries the item's place and a short digest of its text: a button from an older
prompt, once the list has changed, names an item that is no longer there and is answered as stale instead
of choosing whatever now stands in that place.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping

from bot.engine.effects import Button
from bot.engine.session import JSON

LABEL_WIDTH = 40  # characters of an item shown on its button; longer ones are cut at a word
MAX_ITEMS = 50  # buttons offered (Telegram allows 100 per message); later items can still be typed
_PREFIX = "item:"  # option values never hold ':', so an item's value cannot be taken for an option's


def items_of(answers: Mapping[str, JSON], key: str) -> list[str]:
    value = answers.get(key)
    if isinstance(value, list):
        return [item for item in value if isinstance(item, str) and item.strip()]
    return [value] if isinstance(value, str) and value.strip() else []


def item_buttons(items: list[str]) -> tuple[Button, ...]:
    return tuple(Button(short_label(item), "option", item_value(i, item)) for i, item in enumerate(items[:MAX_ITEMS]))


def item_value(index: int, item: str) -> str:
    return f"{_PREFIX}{index}:{_digest(item)}"


def chosen_item(value: str, items: list[str]) -> str | None:
    """The item a button's value names, if the list still holds that very item in that place."""
    if not value.startswith(_PREFIX):
        return None
    index, _, digest = value.removeprefix(_PREFIX).partition(":")
    if not index.isdigit() or int(index) >= len(items):
        return None
    item = items[int(index)]
    return item if digest == _digest(item) else None


def short_label(text: str, width: int = LABEL_WIDTH) -> str:
    """One line of at most `width` characters: the text's start, cut after a whole word when one fits."""
    flat = " ".join(text.split())
    if len(flat) <= width:
        return flat
    cut = flat[: width - 1]
    space = cut.rfind(" ")
    if space >= width // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:.-–—") + "…"


def _digest(item: str) -> str:
    return hashlib.blake2s(item.encode("utf-8", "surrogatepass"), digest_size=4).hexdigest()
