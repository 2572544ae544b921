"""The located tree: YAML values that remember where they were written (1-based line and column).

A path into the tree is a tuple of mapping keys and sequence indices, e.g. `("steps", 3, "next")`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

PathPart = str | int
Path = tuple[PathPart, ...]


@dataclass(slots=True, eq=False)
class Scalar:
    value: object  # str, int, float, bool or None, as YAML resolved it
    text: str  # the scalar as written, without quotes
    plain: bool  # written without quotes (so YAML may have read `yes` as a bool)
    line: int
    col: int
    verbatim: bool = False  # on one line and without escapes: text offsets map to columns
    quoted: bool = False
    bad: bool = False  # already reported (e.g. a refused tag): errors inside it are not repeated


@dataclass(slots=True, eq=False)
class Entry:
    key_line: int
    key_col: int
    value: Node


@dataclass(slots=True, eq=False)
class Mapping:
    line: int
    col: int
    entries: dict[str, Entry] = field(default_factory=dict)
    bad: bool = False


@dataclass(slots=True, eq=False)
class Sequence:
    line: int
    col: int
    items: list[Node] = field(default_factory=list)
    bad: bool = False


Node = Scalar | Mapping | Sequence


def child(node: Node, part: PathPart) -> Node | None:
    if isinstance(node, Mapping) and isinstance(part, str):
        entry = node.entries.get(part)
        return entry.value if entry else None
    if isinstance(node, Sequence) and isinstance(part, int) and 0 <= part < len(node.items):
        return node.items[part]
    return None


def walk(root: Node, path: Path) -> list[Node]:
    """The nodes along `path`, from the root to the deepest one that exists."""
    found = [root]
    for part in path:
        nxt = child(found[-1], part)
        if nxt is None:
            break
        found.append(nxt)
    return found


def scalar_text(node: Node | None) -> str | None:
    return node.text if isinstance(node, Scalar) else None
