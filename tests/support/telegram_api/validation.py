"""Reads a Bot API request body and checks its fields against the method's spec.

Real Telegram ignores unknown fields; the stand-in refuses them so that a misspelt parameter fails a test.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

from .api_spec import FieldSpec, MethodSpec
from .errors import bad_request

INTEGER = re.compile(r"-?\d+")
BOOLEANS = {"true": True, "false": False}
SCALAR_TYPES = {"Integer", "Float", "Boolean", "String", "InputFile"}


@dataclass(frozen=True)
class UploadPart:
    """A file sent as one part of a multipart/form-data body."""

    field_name: str
    filename: str
    content_type: str
    content: bytes


@dataclass
class RawRequest:
    values: dict[str, Any] = field(default_factory=dict)
    files: dict[str, UploadPart] = field(default_factory=dict)


async def read_request(request: web.Request) -> RawRequest:
    raw = RawRequest(values=dict(request.query))
    if request.method != "POST" or not request.body_exists:
        return raw
    if request.content_type == "application/json":
        try:
            body = await request.json()
        except ValueError as exc:
            raise bad_request("can't parse JSON encoded request body") from exc
        if not isinstance(body, dict):
            raise bad_request("JSON request body must be an object")
        raw.values.update(body)
        return raw
    form = await request.post()
    for name, value in form.items():
        if isinstance(value, web.FileField):
            raw.files[name] = UploadPart(
                field_name=name,
                filename=value.filename,
                content_type=value.content_type,
                content=value.file.read(),
            )
        else:
            raw.values[name] = value
    return raw


def validate_params(method: MethodSpec, raw: RawRequest) -> dict[str, Any]:
    """The request's parameters converted to Python values; every refusal is Telegram's 400."""
    attached = {
        value.removeprefix("attach://")
        for value in raw.values.values()
        if isinstance(value, str) and value.startswith("attach://")
    }
    for name in [*raw.values, *raw.files]:
        if name not in method.fields and name not in attached:
            raise bad_request(f"unknown field '{name}'")
    params: dict[str, Any] = {}
    for spec in method.fields.values():
        if spec.name in raw.files:
            if "InputFile" not in spec.types:
                raise bad_request(f"field '{spec.name}' can't be a file")
            params[spec.name] = raw.files[spec.name]
        elif spec.name in raw.values and raw.values[spec.name] is not None:
            params[spec.name] = convert(spec, raw.values[spec.name], raw.files)
        elif spec.required:
            raise bad_request(f"parameter '{spec.name}' is required")
    return params


def convert(spec: FieldSpec, value: Any, files: dict[str, UploadPart]) -> Any:
    for type_name in spec.types:
        converted = _as_type(type_name, value, files)
        if converted is not _MISMATCH:
            return converted
    raise bad_request(f"field '{spec.name}' must be of type {' or '.join(spec.types)}")


_MISMATCH = object()


def _as_type(type_name: str, value: Any, files: dict[str, UploadPart]) -> Any:
    if type_name == "Integer":
        if isinstance(value, bool):
            return _MISMATCH
        if isinstance(value, int):
            return value
        return int(value) if isinstance(value, str) and INTEGER.fullmatch(value.strip()) else _MISMATCH
    if type_name == "Float":
        if isinstance(value, bool):
            return _MISMATCH
        if isinstance(value, int | float):
            return float(value)
        try:
            return float(value) if isinstance(value, str) else _MISMATCH
        except ValueError:
            return _MISMATCH
    if type_name == "Boolean":
        if isinstance(value, bool):
            return value
        return BOOLEANS.get(value.lower(), _MISMATCH) if isinstance(value, str) else _MISMATCH
    if type_name == "String":
        if isinstance(value, str):
            return value
        # A JSON body may carry a number where a string is expected; Telegram accepts that.
        return str(value) if isinstance(value, int | float) and not isinstance(value, bool) else _MISMATCH
    if type_name == "InputFile":
        if isinstance(value, str) and value.startswith("attach://"):
            return files.get(value.removeprefix("attach://"), _MISMATCH)
        return _MISMATCH
    return _json_value(type_name, value)


def _json_value(type_name: str, value: Any) -> Any:
    """Arrays and objects arrive as JSON strings in form bodies, as themselves in JSON bodies."""
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            return _MISMATCH
    wants_array = type_name.startswith("Array of ")
    if wants_array and isinstance(value, list):
        return value
    if not wants_array and type_name not in SCALAR_TYPES and isinstance(value, dict):
        return value
    return _MISMATCH


def check_object(type_name: str, value: Any, object_fields: dict[str, FieldSpec], where: str) -> None:
    """Checks an object's keys against its type's fields: unknown and missing keys are refused."""
    if not isinstance(value, dict):
        raise bad_request(f"{where}: {type_name} must be an object")
    for key in value:
        if key not in object_fields:
            raise bad_request(f"{where}: unknown field '{key}' in {type_name}")
    for spec in object_fields.values():
        if spec.required and spec.name not in value:
            raise bad_request(f"{where}: field '{spec.name}' of {type_name} is required")
