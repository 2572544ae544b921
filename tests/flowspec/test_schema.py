from __future__ import annotations

import jsonschema  # type: ignore[import-untyped]
import pytest

from bot.flowspec import flow_json_schema
from bot.flowspec.plain import to_plain
from bot.flowspec.yaml_source import read_source
from tests.flowspec.samples import VALID_FLOW


def as_data(text: str) -> object:
    source = read_source(text, "f.yaml")
    assert source.root is not None
    return to_plain(source.root)


def test_the_schema_is_draft_2020_12_with_a_title() -> None:
    schema = flow_json_schema()
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["title"]
    jsonschema.Draft202012Validator.check_schema(schema)


def test_the_schema_accepts_a_valid_flow() -> None:
    jsonschema.Draft202012Validator(flow_json_schema()).validate(as_data(VALID_FLOW))


def test_the_schema_rejects_an_unknown_key() -> None:
    data = as_data(VALID_FLOW.replace("    min_length: 3\n", "    min_length: 3\n    minimum_length: 3\n"))
    with pytest.raises(jsonschema.ValidationError, match="minimum_length"):
        jsonschema.Draft202012Validator(flow_json_schema()).validate(data)
