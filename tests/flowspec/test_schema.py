from __future__ import annotations

import jsonschema  # type: ignore[import-untyped]
import pytest

from bot.flow_dirs import SHIPPED_FLOWS
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


def test_the_schema_describes_a_choice_from_an_earlier_list() -> None:
    choice = flow_json_schema()["$defs"]["ChoiceStep"]
    assert "append: true" in choice["properties"]["options_from"]["description"]
    assert {"required": ["options_from"]} in choice["anyOf"]
    validator = jsonschema.Draft202012Validator(flow_json_schema())
    step = {"id": "hot", "type": "choice", "prompt": "Which?"}
    flow = {**as_data(VALID_FLOW), "steps": [step]}  # type: ignore[dict-item]
    assert not validator.is_valid(flow)
    step["options_from"] = "thought"
    step["other"] = {"label": "Write it differently", "prompt": "In your own words?"}
    validator.validate(flow)
    del step["options_from"]
    assert not validator.is_valid(flow)


def test_the_shipped_thought_record_fits_the_schema() -> None:
    text = (SHIPPED_FLOWS / "thought_record.yaml").read_text(encoding="utf-8")
    jsonschema.Draft202012Validator(flow_json_schema()).validate(as_data(text))


def test_the_schema_describes_questionnaire_items_and_scores() -> None:
    schema = flow_json_schema()
    item = schema["$defs"]["ItemStep"]
    assert {"answers", "crisis", "prompt"} <= set(item["properties"])
    assert {"answer_sets", "scores", "offered_to"} <= set(schema["properties"])
    data = as_data(VALID_FLOW.replace("answers: often", "answers: often\n    crisis: {above: 0}"))
    with pytest.raises(jsonschema.ValidationError, match="above"):
        jsonschema.Draft202012Validator(schema).validate(data)
