"""Bytes -> located tree (`bot.flowspec.nodes`), refusing unsafe or malformed files as Problems.

The tree is built from SafeLoader *events* rather than `yaml.compose`: the composer recurses once per
nesting level (libyaml's, in C: 100,000 nested `[` within the size limit crash the interpreter), while
events let us bound the nesting depth and count the expanded size of aliases as we go, so a "billion
laughs" file is refused after a few dozen events.

libyaml is fast but has limits and wording of its own that change between releases (0.2.5 as bundled with
PyYAML 6.0.4 stops at 1,000 nested flow collections while scanning ahead, before our depth limit sees the
100th). So a file the C parser refuses is read once more by the pure-Python parser, and what that finds is
reported: our own limits decide, whatever libyaml is installed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import yaml

from bot.flowspec.nodes import Mapping, Node, Scalar, Sequence
from bot.flowspec.problems import Problem
from bot.flowspec.unquoted import colon_in_plain_text, colon_message
from bot.flowspec.yaml_events import Refused, TreeBuilder

MAX_BYTES = 256 * 1024

_FAST_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_PLAIN_LOADER: Any = yaml.SafeLoader


@dataclass(frozen=True)
class Source:
    """The file's single document as a located tree (None when refused), and what was wrong with it."""

    root: Mapping | None
    problems: list[Problem]


def read_source(data: bytes | str, path: str) -> Source:
    decoded = _decode(data, path)
    if isinstance(decoded, Problem):
        return Source(None, [decoded])
    source = _read(decoded, path, _FAST_LOADER)
    if source.root is None and _FAST_LOADER is not _PLAIN_LOADER and source.problems[0].code == "yaml-syntax":
        return _read(decoded, path, _PLAIN_LOADER)
    return source


def _read(decoded: str, path: str, loader_class: Any) -> Source:
    builder = TreeBuilder(path)
    try:
        root = _build(decoded, builder, path, loader_class)
    except Refused as refused:
        return Source(None, [refused.problem])
    except yaml.MarkedYAMLError as exc:
        return Source(None, [_syntax_problem(exc, decoded, path)])
    except yaml.reader.ReaderError as exc:
        return Source(None, [_reader_problem(exc, decoded, path)])
    except yaml.YAMLError as exc:
        return Source(None, [Problem(path, 1, 1, "yaml-syntax", str(exc))])
    return Source(root, builder.problems)


def _build(text: str, builder: TreeBuilder, path: str, loader_class: Any) -> Mapping:
    if all(not line.strip() or line.lstrip().startswith("#") for line in text.splitlines()):
        raise Refused(Problem(path, 1, 1, "empty", "the file is empty; a flow starts with `id:`"))
    loader = loader_class(text)
    try:
        loader.get_event()  # stream start
        if loader.check_event(yaml.StreamEndEvent):
            raise Refused(Problem(path, 1, 1, "empty", "the file is empty; a flow starts with `id:`"))
        loader.get_event()  # document start
        root = builder.build(loader)
        loader.get_event()  # document end
        if loader.check_event(yaml.DocumentStartEvent):
            second: Any = loader.get_event()
            mark = second.start_mark
            raise Refused(Problem(path, mark.line + 1, mark.column + 1, "multi-document",
                                  "the file holds several YAML documents (`---`); put one flow in a file"))
    finally:
        loader.dispose()
    return _as_mapping(root, path)


def _as_mapping(root: Node, path: str) -> Mapping:
    if isinstance(root, Mapping):
        return root
    if isinstance(root, Scalar) and root.value is None and root.text == "":
        raise Refused(Problem(path, 1, 1, "empty", "the file has no content; a flow starts with `id:`"))
    kind = "a list" if isinstance(root, Sequence) else f"the value {_short(root.text)}"
    raise Refused(Problem(path, root.line, root.col, "not-a-mapping",
                          f"a flow file must be a mapping of keys (id:, title:, steps:, ...), not {kind}"))


def _decode(data: bytes | str, path: str) -> str | Problem:
    if isinstance(data, str):
        if len(data) > MAX_BYTES:
            return too_large(len(data), path)
        try:
            raw = data.encode("utf-8")
        except UnicodeEncodeError as exc:
            line, col = _position(data, exc.start)
            return Problem(path, line, col, "encoding",
                           f"the text holds an unpaired surrogate (U+{ord(data[exc.start]):04X}), not UTF-8")
    else:
        raw = bytes(data)
    if len(raw) > MAX_BYTES:
        return too_large(len(raw), path)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        prefix = raw[: exc.start].decode("utf-8", "replace")
        line, col = _position(prefix, len(prefix))
        return Problem(path, line, col, "encoding",
                       f"the file is not UTF-8 (byte 0x{raw[exc.start]:02x} here); save it as UTF-8")
    return text.removeprefix("\ufeff")


def too_large(size: int, path: str) -> Problem:
    return Problem(path, 1, 1, "too-large",
                   f"the file is {size // 1024} KiB; a flow file may be at most {MAX_BYTES // 1024} KiB")


def _position(text: str, index: int) -> tuple[int, int]:
    line_start = text.rfind("\n", 0, index) + 1
    return text.count("\n", 0, index) + 1, index - line_start + 1


def _syntax_problem(exc: yaml.MarkedYAMLError, text: str, path: str) -> Problem:
    mark = exc.problem_mark or exc.context_mark
    line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    lines = text.splitlines()
    source_line = lines[line - 1] if 0 < line <= len(lines) else ""
    found = colon_in_plain_text(source_line)
    if found is not None:
        return Problem(path, line, found.col + 1, "unquoted-text", colon_message(found))
    return Problem(path, line, col, "yaml-syntax", _syntax_sentence(exc, source_line))


_SENTENCES = (
    ("mapping values are not allowed", "a ': ' here cannot start a key; if it is part of a text, quote the text"),
    ("could not find expected ':'", "expected 'key: value' here; check the indentation, or quote the text"),
    ("did not find expected key", "this line does not fit the mapping above; check its indentation"),
    ("did not find expected '-' indicator", "this line does not fit the list above; check its indentation"),
    ("did not find expected ',' or '}'", "a '{' is never closed with '}'"),
    ("did not find expected ',' or ']'", "a '[' is never closed with ']'"),
    ("found unexpected end of stream", "the file ends inside a quoted text; close the quote"),
    ("found undefined alias", "an alias (*name) has no anchor (&name) before it"),
)


def _syntax_sentence(exc: yaml.MarkedYAMLError, source_line: str) -> str:
    """A plain sentence for the parser's complaint; tabs get their own, as they are the usual cause."""
    problem = exc.problem or ""
    indent = source_line[: len(source_line) - len(source_line.lstrip())]
    if "\t" in indent or "'\\t'" in problem:
        return "tabs cannot indent YAML; use spaces"
    for fragment, sentence in _SENTENCES:
        if fragment in problem:
            return sentence
    context = f" ({exc.context})" if exc.context else ""
    return f"{problem or 'the YAML cannot be read'}{context}"


def _reader_problem(exc: yaml.reader.ReaderError, text: str, path: str) -> Problem:
    prefix = text.encode("utf-8")[: exc.position].decode("utf-8", "ignore")
    line, col = _position(prefix, len(prefix))
    char = exc.character if isinstance(exc.character, str) else chr(exc.character)
    return Problem(path, line, col, "yaml-syntax",
                   f"the character U+{ord(char):04X} is not allowed in YAML; remove it")


def _short(text: str, limit: int = 40) -> str:
    return repr(text if len(text) <= limit else text[: limit - 1] + "…")
