"""The JSON Schema of a flow file, for editors (yaml-language-server) and other tools."""

from __future__ import annotations

from typing import Any

from bot.flowspec.model import Flow

DRAFT = "https://json-schema.org/draft/2020-12/schema"


def flow_json_schema() -> dict[str, Any]:
    schema = Flow.model_json_schema(by_alias=True, mode="validation")
    return {"$schema": DRAFT, **schema, "title": "CBT practice flow"}
