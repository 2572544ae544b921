"""Builds one document's located tree from YAML parser events, with bounded size and depth.

Scalars are typed the way YAML 1.1 (SafeLoader) types them; `bot.flowspec.plain` decides where the
written text is used instead. Mapping keys must be text, but a plain key that YAML reads as a boolean
(`no`, `on`, ...) is kept as written, so a Norwegian `no:` text is not lost. Merge keys (`<<: *base`)
work as in PyYAML: keys written in the mapping win over merged ones.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, NamedTuple, Protocol

import yaml

from bot.flowspec.nodes import Entry, Mapping, Node, Scalar, Sequence
from bot.flowspec.problems import Problem
from bot.flowspec.unquoted import comma_message

MAX_NODES = 10_000
MAX_DEPTH = 100

_STANDARD = "tag:yaml.org,2002:"
_STR = f"{_STANDARD}str"
_MERGE = f"{_STANDARD}merge"
_SCALAR_TAGS = {f"{_STANDARD}{k}" for k in ("str", "int", "float", "bool", "null", "timestamp")}
_COLLECTION_TAGS = {None, "!", f"{_STANDARD}map", f"{_STANDARD}seq"}
_CONSTRUCTOR = yaml.constructor.SafeConstructor()
_RESOLVED: dict[str, str] = {}  # plain scalar -> its implicit tag; flows repeat keys and words a lot
_RESOLVED_LIMIT = 20_000


class Refused(Exception):  # noqa: N818 - a refusal, not a failure of the code
    """The file cannot be read any further; carries the single problem to report."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.message)
        self.problem = problem


class EventSource(Protocol):
    def get_event(self) -> Any: ...

    def resolve(self, kind: Any, value: Any, implicit: Any) -> Any: ...


class _Key(NamedTuple):
    text: str
    line: int
    col: int
    merge: bool = False


_AWAIT_KEY = _Key("<await>", 0, 0)  # the mapping expects a key next
_BAD_KEY = _Key("<refused>", 0, 0)  # the key was refused; its value is read and dropped


@dataclass(slots=True)
class _Split:
    """Plain text inside `{…}` that YAML cut at its `, `: the entry it began in, and the pieces."""

    line: int
    col: int
    key: str | None  # None: the text began the mapping, so no key holds its first piece
    kept: str | None
    strays: list[str]


@dataclass(slots=True)
class _Frame:
    node: Mapping | Sequence
    anchor: str | None
    size: int = 1  # values below, with aliases expanded
    key: _Key = _AWAIT_KEY
    merges: list[Mapping] = field(default_factory=list)
    flow: bool = False  # written as `{…}`
    last: tuple[str, Node] | None = None  # the entry attached last
    split: _Split | None = None  # the split text being read, while its pieces follow one another
    splits: list[_Split] = field(default_factory=list)


class TreeBuilder:
    def __init__(self, path: str) -> None:
        self.path = path
        self.problems: list[Problem] = []
        self._stack: list[_Frame] = []
        self._anchors: dict[str, tuple[Node, int]] = {}
        self._total = 0

    def build(self, events: EventSource) -> Node:
        """Consume the events of one node (the document root) and return it."""
        stack = self._stack
        get = events.get_event
        while True:
            event = get()
            kind = type(event)
            if kind is yaml.ScalarEvent:
                if stack and stack[-1].key is _AWAIT_KEY and type(stack[-1].node) is Mapping:
                    stack[-1].key = self._key(event, events)
                    continue
                node: Node = self._scalar(event, events)
                size = 1
            elif kind is yaml.MappingStartEvent or kind is yaml.SequenceStartEvent:
                self._open(event)
                continue
            elif kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
                frame = stack.pop()
                self._close(frame)
                node, size = frame.node, frame.size
            elif kind is yaml.AliasEvent:
                node, size = self._alias(event)
            else:
                raise self._refuse(event, "yaml-syntax", "the YAML document ends unexpectedly")
            if not stack:
                return node
            self._attach(stack[-1], node, size)

    def _refuse(self, event: Any, code: str, message: str) -> Refused:
        mark = event.start_mark
        return Refused(Problem(self.path, mark.line + 1, mark.column + 1, code, message))

    def _report(self, line: int, col: int, code: str, message: str) -> None:
        self.problems.append(Problem(self.path, line, col, code, message))

    def _count(self, size: int, event: Any) -> None:
        self._total += size
        if self._total > MAX_NODES:
            raise self._refuse(event, "yaml-too-complex",
                               f"the file expands to more than {MAX_NODES:,} values "
                               "(aliases repeated inside aliases?)")

    def _open(self, event: Any) -> None:
        if len(self._stack) >= MAX_DEPTH:
            message = f"values are nested more than {MAX_DEPTH} levels deep"
            raise self._refuse(event, "yaml-too-complex", message)
        self._count(1, event)
        line, col = event.start_mark.line + 1, event.start_mark.column + 1
        node: Mapping | Sequence = (
            Mapping(line, col) if type(event) is yaml.MappingStartEvent else Sequence(line, col))
        if event.tag not in _COLLECTION_TAGS:
            node.bad = True
            self._report(line, col, "bad-tag", _tag_message(event.tag))
        self._stack.append(_Frame(node, event.anchor, flow=bool(event.flow_style) and type(node) is Mapping))

    def _close(self, frame: _Frame) -> None:
        for split in frame.splits:
            self._report(split.line, split.col, "unquoted-text", comma_message(split.key, split.kept, split.strays))
        if frame.merges and isinstance(frame.node, Mapping):
            for merged in frame.merges:
                for key, entry in merged.entries.items():
                    frame.node.entries.setdefault(key, entry)
        if frame.anchor is not None:
            self._anchors[frame.anchor] = (frame.node, frame.size)

    def _alias(self, event: Any) -> tuple[Node, int]:
        name = event.anchor
        if any(frame.anchor == name for frame in self._stack):
            raise self._refuse(event, "yaml-too-complex", f"the alias '*{name}' points into itself")
        if name not in self._anchors:
            raise self._refuse(event, "yaml-syntax", f"the alias '*{name}' has no anchor '&{name}' before it")
        node, size = self._anchors[name]
        self._count(size, event)
        return node, size

    def _attach(self, frame: _Frame, node: Node, size: int) -> None:
        frame.size += size
        parent = frame.node
        if type(parent) is Sequence:
            parent.items.append(node)
            return
        key = frame.key
        frame.key = _AWAIT_KEY
        if key is _AWAIT_KEY:
            self._report(node.line, node.col, "bad-value", "a key must be text, not a list or a mapping")
            frame.key = _BAD_KEY
        elif key is _BAD_KEY:
            pass
        elif frame.flow and _has_no_value(key, node):
            self._split(frame, key)
        elif key.merge:
            self._merge(frame, node)
        elif key.text in parent.entries:  # type: ignore[union-attr]
            first = parent.entries[key.text]  # type: ignore[union-attr]
            self._report(key.line, key.col, "duplicate-key",
                         f"the key '{key.text}' is given twice (first on line {first.key_line}); "
                         "YAML would keep only the last one")
        else:
            parent.entries[key.text] = Entry(key.line, key.col, node)  # type: ignore[union-attr]
            frame.last, frame.split = (key.text, node), None

    def _split(self, frame: _Frame, key: _Key) -> None:
        """A key with no `:` inside `{…}`: the rest of a text after its `, `, not an entry of its own."""
        if frame.split is not None:
            frame.split.strays.append(key.text)
            return
        last = frame.last
        if last is not None and isinstance(last[1], Scalar) and last[1].plain and isinstance(last[1].value, str):
            split = _Split(key.line, key.col, last[0], last[1].text, [key.text])
        else:
            split = _Split(key.line, key.col, None, None, [key.text])
        frame.split = split
        frame.splits.append(split)

    def _merge(self, frame: _Frame, value: Node) -> None:
        sources = value.items if isinstance(value, Sequence) else [value]
        for source in sources:
            if isinstance(source, Mapping):
                frame.merges.append(source)
            else:
                self._report(source.line, source.col, "bad-value", "'<<' can only merge mappings")

    def _key(self, event: Any, events: EventSource) -> _Key:
        if event.tag is None and event.anchor is None:
            text = event.value
            tag = _plain_tag(events, text, event.implicit) if not event.style else _STR
            if tag == _STR:
                self._total += 1
                mark = event.start_mark
                return _Key(text, mark.line + 1, mark.column + 1)
        scalar = self._scalar(event, events, as_key=True)
        if scalar.value is _MERGE:
            return _Key("<<", scalar.line, scalar.col, merge=True)
        if isinstance(scalar.value, str) or (isinstance(scalar.value, bool) and scalar.plain):
            return _Key(scalar.text, scalar.line, scalar.col)
        what = "empty" if scalar.value is None else f"the number {scalar.text}"
        self._report(scalar.line, scalar.col, "bad-value",
                     f"a key must be text, not {what}; put it in quotes if you mean the text")
        return _BAD_KEY

    def _scalar(self, event: Any, events: EventSource, as_key: bool = False) -> Scalar:
        self._count(1, event)  # also counts the keys seen since the last check
        start, end, text, style = event.start_mark, event.end_mark, event.value, event.style
        quoted = style == "'" or style == '"'
        plain = not style
        width = len(text) + 2 if quoted else len(text)
        verbatim = start.line == end.line and end.column - start.column == width
        scalar = Scalar(text, text, plain, start.line + 1, start.column + 1, verbatim, quoted)
        tag = event.tag
        if tag is None or tag == "!":
            tag = _plain_tag(events, text, event.implicit) if plain and tag is None else _STR
        if tag == _STR:
            pass
        elif as_key and tag == _MERGE:
            scalar.value = _MERGE  # a `<<` key; a quoted '<<' is plain text
        elif tag in _SCALAR_TAGS:
            scalar.value = _construct(tag, text)
        else:
            scalar.bad = True
            self._report(scalar.line, scalar.col, "bad-tag", _tag_message(tag))
        if event.anchor is not None:
            self._anchors[event.anchor] = (scalar, 1)
        return scalar


def _has_no_value(key: _Key, node: Node) -> bool:
    """`{a: b, c}`: `c` has no `:`, so its value is empty and starts right where the key ends."""
    return (type(node) is Scalar and node.plain and node.text == "" and node.line == key.line
            and node.col == key.col + len(key.text))


def _plain_tag(events: EventSource, text: str, implicit: Any) -> str:
    tag = _RESOLVED.get(text)
    if tag is None:
        tag = str(events.resolve(yaml.ScalarNode, text, implicit))
        if len(_RESOLVED) < _RESOLVED_LIMIT and len(text) <= 40:
            _RESOLVED[text] = tag
    return tag


def _construct(tag: str, text: str) -> object:
    kind = tag.removeprefix(_STANDARD)
    if kind == "null":
        return None
    node = yaml.ScalarNode(tag, text)
    try:
        if kind == "int":
            return _CONSTRUCTOR.construct_yaml_int(node)
        if kind == "float":
            return _CONSTRUCTOR.construct_yaml_float(node)
        if kind == "bool":
            return _CONSTRUCTOR.construct_yaml_bool(node)
    except (ValueError, KeyError):
        return text
    return text


def _tag_message(tag: str | None) -> str:
    shown = f"!!{tag.removeprefix(_STANDARD)}" if tag and tag.startswith(_STANDARD) else str(tag)
    return f"the tag '{shown}' is not allowed; a flow holds only plain text, numbers, lists and mappings"
