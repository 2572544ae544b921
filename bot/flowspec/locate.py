"""From a path in the flow (`("steps", 3, "next")`) to a line, a column and the enclosing step."""

from __future__ import annotations

from bot.flowspec.nodes import Mapping, Node, Path, Scalar, child, scalar_text, walk
from bot.flowspec.problems import Problem, Severity


class Locator:
    """Places problems in one file. A path that does not exist is placed at its deepest existing node."""

    def __init__(self, path: str, root: Mapping) -> None:
        self.path = path
        self.root = root

    def node(self, where: Path) -> Node | None:
        """The node at exactly `where`, or None."""
        found = walk(self.root, where)
        return found[-1] if len(found) == len(where) + 1 else None

    def position(self, where: Path, *, key: bool = False, offset: int | None = None) -> tuple[int, int]:
        found = walk(self.root, where)
        complete = len(found) == len(where) + 1
        if complete and key and where and isinstance(found[-2], Mapping) and isinstance(where[-1], str):
            entry = found[-2].entries[where[-1]]
            return entry.key_line, entry.key_col
        node = found[-1]
        if complete and offset is not None and isinstance(node, Scalar) and node.verbatim:
            return node.line, node.col + offset + int(node.quoted)
        return node.line, node.col

    def is_reported(self, where: Path) -> bool:
        """True when a node on the way was already reported (a refused tag): stay quiet below it."""
        return any(getattr(node, "bad", False) for node in walk(self.root, where))

    def step_id(self, where: Path) -> str | None:
        prefix = step_prefix(where)
        if prefix is None:
            return None
        step = self.node(prefix)
        return scalar_text(child(step, "id")) if step is not None else None

    def problem(
        self,
        where: Path,
        code: str,
        message: str,
        *,
        key: bool = False,
        offset: int | None = None,
        severity: Severity = "error",
    ) -> Problem:
        line, col = self.position(where, key=key, offset=offset)
        return Problem(self.path, line, col, code, message, self.step_id(where), severity)

    def warning(self, where: Path, code: str, message: str) -> Problem:
        return self.problem(where, code, message, severity="warning")

    def note(self, where: Path, code: str, message: str) -> Problem:
        return self.problem(where, code, message, severity="note")


def step_prefix(where: Path) -> Path | None:
    """The path of the step that encloses `where` (main flow or block), if any."""
    if len(where) >= 2 and where[0] == "steps" and isinstance(where[1], int):
        return where[:2]
    if len(where) >= 4 and where[0] == "blocks" and where[2] == "steps" and isinstance(where[3], int):
        return where[:4]
    return None
