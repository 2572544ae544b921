"""Located tree -> plain Python values for pydantic, keeping what the author wrote where text is meant.

YAML 1.1 reads unquoted `yes`, `no`, `on`, `off` as booleans, `1` as an integer and `2021-05-01` as a
date. The rule: scalars keep their YAML type, except where the flow language expects text:

- under the keys in `TEXT_KEYS` (ids, step references, texts, `outcome`, `includes`), in a language
  mapping under such a key (`{en: Yes}`), for every item under `items` and `languages`, for an
  option's `value` and for a scale's end `labels`, a plain scalar is passed as written;
- the values compared by `equals`, `not_equals` and `in` may be numbers or text, so there numbers keep
  their type and only the words YAML would make booleans stay text.

So an option's `value: yes` is the string "yes", `equals: no` compares with the string "no", and
`equals: 5` with the number 5 (the engine compares numbers by value and text as text), while
`min: 0`, `optional: yes` or a set step's `value: 5` keep their types.
"""

from __future__ import annotations

from enum import Enum
from typing import Any

from bot.flowspec.nodes import Node, Scalar, Sequence

TEXT_KEYS = frozenset({
    "id", "type", "label", "help", "text", "button", "prompt", "description", "title", "message",
    "confirm_label", "done_label", "source", "outcome", "category", "includes", "next", "target",
    "goto", "else", "block", "fallback", "start", "measure", "answer", "count",
})
TEXT_ITEM_KEYS = frozenset({"items", "languages"})
WORD_KEYS = frozenset({"equals", "not_equals", "in"})
_TEXT_CHILDREN = {"options": frozenset({"value"}), "labels": frozenset({"min", "max"})}


class _Mode(Enum):
    TYPED = "keep YAML's types"
    TEXT = "a plain scalar as written"
    TEXT_MAP = "a text, or a mapping language -> text"
    WORDS = "numbers typed, booleans as written"


def to_plain(node: Node) -> Any:
    return _convert(node, _Mode.TYPED, None)


def _convert(node: Node, mode: _Mode, parent_key: str | None) -> Any:
    if isinstance(node, Scalar):
        return _scalar(node, mode)
    if isinstance(node, Sequence):
        return [_convert(item, _item_mode(parent_key), parent_key) for item in node.items]
    texts = _TEXT_CHILDREN.get(parent_key or "", frozenset())
    return {key: _convert(entry.value, _child_mode(key, mode, texts), key)
            for key, entry in node.entries.items()}


def _scalar(node: Scalar, mode: _Mode) -> Any:
    if not node.plain or mode is _Mode.TYPED:
        return node.value
    if mode is _Mode.WORDS:
        return node.text if isinstance(node.value, bool) else node.value
    return node.text if isinstance(node.value, bool | int | float) else node.value


def _item_mode(parent_key: str | None) -> _Mode:
    if parent_key in TEXT_ITEM_KEYS:
        return _Mode.TEXT
    return _Mode.WORDS if parent_key in WORD_KEYS else _Mode.TYPED


def _child_mode(key: str, mode: _Mode, texts: frozenset[str]) -> _Mode:
    if mode is _Mode.TEXT_MAP:
        return _Mode.TEXT  # a language inside a text mapping
    if key in TEXT_KEYS or key in texts:
        return _Mode.TEXT_MAP
    return _Mode.WORDS if key in WORD_KEYS else _Mode.TYPED
