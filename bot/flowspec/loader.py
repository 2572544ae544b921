"""Load one flow file: read it safely, validate it, run the rules and the lint. Never raises."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from pydantic import ValidationError

from bot.flowspec.build import build
from bot.flowspec.lint import lint
from bot.flowspec.locate import Locator
from bot.flowspec.media import audio_rule
from bot.flowspec.model import Flow
from bot.flowspec.nodes import child, scalar_text
from bot.flowspec.problems import LoadResult, Problem, sort_problems
from bot.flowspec.rules import run_rules
from bot.flowspec.validation_errors import to_problems
from bot.flowspec.yaml_source import MAX_BYTES, read_source, too_large

INTERNAL_ERROR = "internal-error"


def load_flow_text(data: bytes | str, path: str, media: Sequence[Path] | None = None) -> LoadResult:
    """Validate a flow given as bytes or text; `path` is only used in the problems' locations. With `media`
    (the media folders), each recording a step names must be there and playable; without, it is not looked for
    (a stored flow version read back for an export)."""
    try:
        return _load(data, path, media)
    except Exception as exc:  # the contract is to report, never to raise
        message = f"the validator failed on this file ({type(exc).__name__}: {exc}); please report it"
        return LoadResult(path, None, [Problem(path, 1, 1, INTERNAL_ERROR, message)])


def load_flow_file(path: Path, media: Sequence[Path] | None = None) -> LoadResult:
    """Validate the flow in a file; a file that cannot be read, or is too large, is a problem too."""
    name = str(path)
    try:
        with Path(path).open("rb") as file:
            data = file.read(MAX_BYTES + 1)  # never read a huge file whole
            size = os.fstat(file.fileno()).st_size
    except FileNotFoundError:
        return LoadResult(name, None, [Problem(name, 1, 1, "unreadable", "no such file or directory")])
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        return LoadResult(name, None, [Problem(name, 1, 1, "unreadable", f"cannot read the file: {reason}")])
    if len(data) > MAX_BYTES:
        return LoadResult(name, None, [too_large(max(size, len(data)), name)])
    return load_flow_text(data, name, media)


def _load(data: bytes | str, path: str, media: Sequence[Path] | None) -> LoadResult:
    source = read_source(data, path)
    if source.root is None:
        return LoadResult(path, None, sort_problems(source.problems))
    locate = Locator(path, source.root)
    draft, problems = build(source.root, locate)
    problems = [*source.problems, *problems, *run_rules(draft, locate), *lint(draft, locate)]
    if media is not None:
        problems.extend(audio_rule(media)(draft, locate))
    flow: Flow | None = None
    if not any(p.is_error for p in problems):
        try:
            flow = Flow.model_validate(draft.data)
        except ValidationError as exc:
            problems.extend(to_problems(exc.errors(), Flow, (), locate))
    flow_id = scalar_text(child(source.root, "id"))
    return LoadResult(path, flow, sort_problems(problems), flow_id, locate.position(("id",)))
