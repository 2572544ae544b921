"""Pydantic validation errors -> Problems in plain sentences, placed on the offending line."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel
from pydantic_core import ErrorDetails

from bot.flowspec import model as m
from bot.flowspec.loc_paths import model_keys, resolve_loc
from bot.flowspec.locate import Locator
from bot.flowspec.model import Step
from bot.flowspec.nodes import Path
from bot.flowspec.problems import Problem
from bot.flowspec.wording import closest, sentence, show, subject

STEP_TYPE_NAMES = list(m.STEP_TYPES)
_NOUNS: dict[type[BaseModel], str] = {
    m.Flow: "at the top of the flow", m.Block: "in a block", m.Compare: "in a condition",
    m.AllOf: "in a condition", m.AnyOf: "in a condition", m.NotOf: "in a condition",
    m.Expression: "in a computed value", m.OnInvalid: "in 'on_invalid'", m.Rating: "in 'rating'",
    m.ScaleLabels: "in 'labels'", m.ChoiceOption: "in an option", m.MultiOption: "in an option",
    m.OtherOption: "in 'other'", m.Phase: "in a timer phase", m.Case: "in a branch case",
}
_KINDS = {
    "string_type": "text", "int_type": "a whole number", "int_parsing": "a whole number",
    "int_from_float": "a whole number", "float_type": "a number", "float_parsing": "a number",
    "bool_type": "true or false", "bool_parsing": "true or false", "dict_type": "a mapping",
    "model_type": "a mapping", "model_attributes_type": "a mapping", "list_type": "a list",
}
# Fields typed as a union of unlike things: one sentence reads better than each member's complaint.
_UNION_FIELDS = {
    "seconds": "must be a whole number of seconds or the name of a parameter",
    "repeat": "must be a whole number or the name of a parameter",
    "fallback": "must be 'skip' or the id of a step",
}


@dataclass(frozen=True)
class _Finding:
    path: Path
    code: str
    message: str
    key: bool = False
    kind: str | None = None  # for "wrong kind of value" errors: what was expected
    who: str = ""
    got: str = ""


def unknown_key_problem(locate: Locator, path: Path, model: type[BaseModel] | None) -> Problem:
    finding = _unknown_key(path, model, str(path[-1]))
    return locate.problem(path, finding.code, finding.message, key=True)


def missing_key_problem(locate: Locator, path: Path, key: str) -> Problem:
    finding = _missing_key(path, key)
    return locate.problem(path, finding.code, finding.message)


def _unknown_key(path: Path, model: type[BaseModel] | None, key: str) -> _Finding:
    valid = model_keys(model) if model is not None else []
    close = closest(key, valid)
    hint = f"did you mean '{close}'?" if close else "expected one of: " + ", ".join(valid)
    return _Finding(path, "unknown-key", f"unknown key '{key}' {_context(model)} ({hint})", key=True)


def _missing_key(path: Path, key: str) -> _Finding:
    return _Finding(path, "missing-key", f"missing required key '{key}'")


def to_problems(
    errors: Iterable[ErrorDetails], annotation: Any, base: Path, locate: Locator
) -> list[Problem]:
    """Problems for one validated value at `base`, whose type is `annotation`."""
    findings = [f for f in (_finding(e, annotation, base) for e in errors) if not locate.is_reported(f.path)]
    return [locate.problem(f.path, f.code, f.message, key=f.key) for f in _collapse(findings)]


def _finding(error: ErrorDetails, annotation: Any, base: Path) -> _Finding:
    resolved = resolve_loc(annotation, tuple(error["loc"]))
    path = base + resolved.path
    kind, ctx = error["type"], error.get("ctx") or {}
    if kind == "extra_forbidden":
        return _unknown_key(path, resolved.model, str(path[-1]))
    if kind == "missing":
        return _missing_key(path[:-1], str(path[-1]))
    if kind == "union_tag_invalid":
        return _unknown_step_type(path, str(ctx.get("tag", "")))
    if kind == "union_tag_not_found":
        return _Finding(path, "missing-key",
                        "missing required key 'type' (one of: " + ", ".join(STEP_TYPE_NAMES) + ")")
    who = subject(path, resolved.on_key)
    if kind == "model_attributes_type" and not resolved.path and annotation is Step:
        got = show(error["input"])
        return _Finding(path, "bad-value", f"a step must be a mapping with `id:` and `type:`, not {got}")
    if kind in _KINDS:
        got = show(error["input"])
        return _Finding(path, "bad-value", f"{who} must be {_KINDS[kind]}, not {got}",
                        kind=_KINDS[kind], who=who, got=got)
    if kind == "value_error":
        return _Finding(path, "bad-value", str(ctx.get("error", error["msg"])))
    return _Finding(path, "bad-value", sentence(kind, who, error, ctx))


def _unknown_step_type(path: Path, tag: str) -> _Finding:
    close = closest(tag, STEP_TYPE_NAMES)
    hint = f"did you mean '{close}'?" if close else "the types are: " + ", ".join(STEP_TYPE_NAMES)
    return _Finding((*path, "type"), "unknown-step-type", f"unknown step type '{tag}' ({hint})")


def _context(model: type[BaseModel] | None) -> str:
    step_type = next((name for name, cls in m.STEP_TYPES.items() if cls is model), None)
    if step_type is not None:
        article = "an" if step_type[0] in "aeiou" else "a"
        return f"for {article} {step_type} step"
    return _NOUNS.get(model, "here") if model is not None else "here"


def _collapse(findings: list[_Finding]) -> list[_Finding]:
    """One finding per value: a union's members each complain, but only the best complaint is useful.

    A member that got further into the value (an error below it) beats one that rejected the value's
    kind outright; a specific complaint beats "must be text"; several kinds merge into one sentence.
    """
    by_path: dict[Path, list[_Finding]] = {}
    for finding in findings:
        by_path.setdefault(finding.path, []).append(finding)
    out: list[_Finding] = []
    for path, group in by_path.items():
        deeper = any(p[: len(path)] == path and len(p) > len(path) for p in by_path)
        specific = [f for f in group if f.kind is None]
        last = path[-1] if path else None
        if len(group) > 1 and isinstance(last, str) and last in _UNION_FIELDS:
            out.append(_Finding(path, "bad-value", f"'{last}' {_UNION_FIELDS[last]}"))
        elif specific:
            out.extend(dict.fromkeys(specific))
        elif not deeper:
            out.append(_merge_kinds(group))
    return out


def _merge_kinds(group: list[_Finding]) -> _Finding:
    kinds = list(dict.fromkeys(f.kind for f in group if f.kind))
    if "a number" in kinds and "a whole number" in kinds:
        kinds.remove("a whole number")
    first = group[0]
    return _Finding(first.path, "bad-value", f"{first.who} must be {' or '.join(kinds)}, not {first.got}")
