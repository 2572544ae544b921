"""Regenerates api_methods.json from the Bot API spec of PaulSonOfLars/telegram-bot-api-spec (MIT License).

Usage: python tests/support/telegram_api/generate_api_methods.py [path/to/telegram-bot-api.json]
The tests read only the generated file, never the spec itself.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
DEFAULT_SPEC = HERE.parents[3] / "shared" / "telegram-bot-api.json"
OUTPUT = HERE / "api_methods.json"

# Object types whose fields the stand-in checks inside JSON-serialized parameters.
CHECKED_TYPES = (
    "InlineKeyboardMarkup",
    "InlineKeyboardButton",
    "ReplyKeyboardMarkup",
    "KeyboardButton",
    "ReplyKeyboardRemove",
    "ForceReply",
    "BotCommand",
    "MessageEntity",
    "BotCommandScope",
    "MenuButton",
)


def compact_fields(fields: list[dict[str, Any]]) -> dict[str, list[Any]]:
    """{name: ["Type|Other type", required]}: one short entry per field."""
    return {field["name"]: ["|".join(field["types"]), bool(field["required"])] for field in fields}


def build(spec: dict[str, Any]) -> dict[str, Any]:
    types: dict[str, Any] = {}
    for name in CHECKED_TYPES:
        entry = spec["types"][name]
        if entry.get("subtypes"):
            types[name] = {"subtypes": entry["subtypes"]}
            for subtype in entry["subtypes"]:
                types[subtype] = {"fields": compact_fields(spec["types"][subtype].get("fields", []))}
        else:
            types[name] = {"fields": compact_fields(entry.get("fields", []))}
    return {
        "source": "https://github.com/PaulSonOfLars/telegram-bot-api-spec (MIT License)",
        "version": spec["version"],
        "methods": {
            name: {"returns": "|".join(method["returns"]), "fields": compact_fields(method.get("fields", []))}
            for name, method in sorted(spec["methods"].items())
        },
        "types": dict(sorted(types.items())),
    }


def render(data: dict[str, Any]) -> str:
    """One method or type per line, so a regenerated file diffs readably."""

    def block(entries: dict[str, Any]) -> str:
        lines = [f"    {json.dumps(k)}: {json.dumps(v, separators=(',', ':'))}" for k, v in entries.items()]
        return "{\n" + ",\n".join(lines) + "\n  }"

    return (
        "{\n"
        f'  "source": {json.dumps(data["source"])},\n'
        f'  "version": {json.dumps(data["version"])},\n'
        f'  "methods": {block(data["methods"])},\n'
        f'  "types": {block(data["types"])}\n'
        "}\n"
    )


def main(argv: list[str]) -> int:
    spec_path = Path(argv[1]) if len(argv) > 1 else DEFAULT_SPEC
    data = build(json.loads(spec_path.read_text(encoding="utf-8")))
    OUTPUT.write_text(render(data), encoding="utf-8")
    print(f"wrote {OUTPUT} ({len(data['methods'])} methods, {len(data['types'])} types)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
