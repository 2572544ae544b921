"""The Bot API's methods and a few object types, read from the generated api_methods.json."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

SPEC_FILE = Path(__file__).resolve().parent / "api_methods.json"


@dataclass(frozen=True)
class FieldSpec:
    name: str
    types: tuple[str, ...]  # e.g. ("Integer", "String") or ("Array of MessageEntity",)
    required: bool


@dataclass(frozen=True)
class MethodSpec:
    name: str
    fields: dict[str, FieldSpec]
    returns: str


@dataclass(frozen=True)
class ApiSpec:
    version: str
    # Keyed by lower-case name: Telegram matches method names case-insensitively.
    methods: dict[str, MethodSpec]
    object_fields: dict[str, dict[str, FieldSpec]]
    subtypes: dict[str, tuple[str, ...]]

    def method(self, name: str) -> MethodSpec | None:
        return self.methods.get(name.lower())


def _fields(raw: dict[str, list[object]]) -> dict[str, FieldSpec]:
    return {
        name: FieldSpec(name=name, types=tuple(str(types).split("|")), required=bool(required))
        for name, (types, required) in raw.items()
    }


@cache
def load_spec() -> ApiSpec:
    data = json.loads(SPEC_FILE.read_text(encoding="utf-8"))
    methods = {
        name.lower(): MethodSpec(name=name, fields=_fields(entry["fields"]), returns=entry["returns"])
        for name, entry in data["methods"].items()
    }
    types = data["types"]
    object_fields = {name: _fields(entry["fields"]) for name, entry in types.items() if "fields" in entry}
    subtypes = {name: tuple(entry["subtypes"]) for name, entry in types.items() if "subtypes" in entry}
    return ApiSpec(version=data["version"], methods=methods, object_fields=object_fields, subtypes=subtypes)
