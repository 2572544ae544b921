"""Pydantic error locations -> paths in the YAML data.

A pydantic `loc` mixes data keys with the names of union members it tried (`'scale'`, `'str'`,
`'dict[constrained-str,str]'`, `'compare'`). Walking the model's annotations alongside tells the two
apart, and also gives the model whose mapping holds the key, for "did you mean" suggestions.
"""

from __future__ import annotations

import types
from dataclasses import dataclass
from functools import cache
from typing import Annotated, Any, Literal, Union, get_args, get_origin, get_type_hints

from pydantic import BaseModel, Tag

from bot.flowspec.nodes import Path, PathPart


@dataclass(frozen=True)
class Resolved:
    path: Path  # relative to the validated value
    model: type[BaseModel] | None  # the model of the mapping that holds the last key of `path`
    on_key: bool  # the error is about a mapping key itself (a language code, a block name)


def resolve_loc(annotation: Any, loc: tuple[PathPart, ...]) -> Resolved:
    path: list[PathPart] = []
    model: type[BaseModel] | None = None
    on_key = False
    current: Any = annotation
    for part in loc:
        current = _strip_optional(current)
        members = _union_members(current)
        if members is not None:
            current = _pick(members, part)
        elif part == "[key]":
            on_key = True
        elif _is_model(current):
            model = current
            path.append(part)
            current = _field_annotation(current, part)
        else:
            path.append(part)
            current = _element(current)
    return Resolved(tuple(path), model, on_key)


def model_keys(model: type[BaseModel]) -> list[str]:
    """The keys a mapping for `model` may hold, as written in YAML (aliases, e.g. `else`)."""
    return [info.alias or name for name, info in model.model_fields.items()]


def _is_model(annotation: Any) -> bool:
    return isinstance(annotation, type) and issubclass(annotation, BaseModel)


def _unwrap(annotation: Any) -> Any:
    while get_origin(annotation) is Annotated:
        annotation = get_args(annotation)[0]
    return annotation


def _strip_optional(annotation: Any) -> Any:
    annotation = _unwrap(annotation)
    if get_origin(annotation) in (Union, types.UnionType):
        members = [m for m in get_args(annotation) if m is not type(None)]
        if len(members) == 1:
            return _unwrap(members[0])
    return annotation


def _union_members(annotation: Any) -> list[Any] | None:
    if get_origin(annotation) in (Union, types.UnionType):
        return [m for m in get_args(annotation) if m is not type(None)]
    return None


def _pick(members: list[Any], part: PathPart) -> Any:
    """The union member that pydantic named `part` in a loc; None when it cannot be told."""
    name = str(part)
    for member in members:
        base = _unwrap(member)
        if name in _member_names(member, base) or name.startswith(_origin_prefix(base)):
            return base
        if _is_model(base) and name.endswith(f" {base.__name__}]"):  # e.g. function-after[..., Expression]
            return base
    return None


def _member_names(member: Any, base: Any) -> set[str]:
    names: set[str] = set()
    if get_origin(member) is Annotated:
        names.update(m.tag for m in get_args(member)[1:] if isinstance(m, Tag))
    if _is_model(base):
        names.add(base.__name__)
        type_field = base.model_fields.get("type")
        if type_field is not None:
            names.update(str(v) for v in get_args(type_field.annotation))
    elif base is str:
        names.update({"str", "constrained-str"})
    elif isinstance(base, type):
        names.add(base.__name__)
    return names


def _origin_prefix(base: Any) -> str:
    origin = get_origin(base)
    if origin is dict:
        return "dict["
    if origin is list:
        return "list["
    if origin is Literal:
        return "literal["
    return "\0"  # matches no loc part


def _field_annotation(model: type[BaseModel], part: PathPart) -> Any:
    for name, info in model.model_fields.items():
        if part in (name, info.alias):
            return _hints(model).get(name)
    return None


@cache
def _hints(model: type[BaseModel]) -> dict[str, Any]:
    """Field annotations with forward references resolved (`model_fields` may keep them as strings)."""
    return get_type_hints(model, include_extras=True)


def _element(annotation: Any) -> Any:
    origin = get_origin(annotation)
    if origin is list:
        return get_args(annotation)[0]
    if origin is dict:
        return get_args(annotation)[1]
    return None
