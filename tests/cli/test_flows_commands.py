"""`cbt-bot flows list | validate | diagram | schema`."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml

from bot.cli import main
from bot.flow_dirs import SHIPPED_FLOWS


def test_list_shows_every_shipped_flow_with_its_category(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["flows", "list"]) == 0
    out = capsys.readouterr().out
    rows = {line.split()[0]: line.split()[1] for line in out.splitlines()}
    assert rows["thought_record"] == "reframing"
    assert rows["box_breathing"] == "relaxation"
    assert rows["dear_man"] == "boundaries"
    assert rows["phq9"] == "measures"
    assert rows["smart_goal"] == "other"
    assert len(rows) == len(list(SHIPPED_FLOWS.glob("*.yaml")))


def test_list_includes_flows_from_cbt_flows_dir(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    custom = (SHIPPED_FLOWS / "grounding_54321.yaml").read_text(encoding="utf-8")
    (tmp_path / "mine.yaml").write_text(custom.replace("id: grounding_54321", "id: my_grounding"), "utf-8")
    monkeypatch.setenv("CBT_FLOWS_DIR", str(tmp_path))
    assert main(["flows", "list"]) == 0
    assert "my_grounding" in capsys.readouterr().out


def test_validate_reports_every_error_with_file_and_line_and_exits_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "id: bad\nversion: 1\ntitle: B\ndescription: d\ncategory: other\nlanguages: [en]\n"
        "estimated_minutes: 1\nsource: a test\nsteps:\n"
        "  - id: q\n    type: scale\n    prompt: p\n    min: 5\n    max: 1\n    optoins: 3\n"
        "  - id: go\n    type: goto\n    target: nowhere\n",
        encoding="utf-8",
    )
    assert main(["flows", "validate", str(bad)]) == 1
    err = capsys.readouterr().err
    assert f"{bad}:15:5: [unknown-key] step 'q':" in err
    assert f"{bad}:18:13: [unknown-step] step 'go':" in err
    assert "[bad-scale]" in err


def test_validate_a_missing_path_fails(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["flows", "validate", "/no/such/dir"]) == 1
    assert "no such file or directory" in capsys.readouterr().err


def test_validate_counts_a_missing_file_as_an_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    missing = tmp_path / "missing.yaml"
    assert main(["flows", "validate", str(missing), str(SHIPPED_FLOWS / "box_breathing.yaml")]) == 1
    out, err = capsys.readouterr()
    assert f"{missing}:1:1: [unreadable]: no such file or directory" in err
    assert out.strip() == "1 flow(s) valid, 1 error(s), 0 warning(s)"


def test_diagram_is_mermaid_with_every_step(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["flows", "diagram", "thought_record"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("stateDiagram-v2\n")
    assert "[*] --> welcome" in out
    assert "another_thought --> automatic_thought: yes" in out
    assert "check_change --> done_same: else" in out
    flow = yaml.safe_load((SHIPPED_FLOWS / "thought_record.yaml").read_text(encoding="utf-8"))
    for step in flow["steps"]:
        assert f"{step['id']} :" in out


def test_schema_is_valid_json_schema_that_accepts_shipped_flows(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["flows", "schema"]) == 0
    schema = json.loads(capsys.readouterr().out)
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    for path in sorted(SHIPPED_FLOWS.glob("*.yaml")):
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert list(validator.iter_errors(document)) == [], path.name
    document["steps"][0]["optoins"] = 1
    assert list(validator.iter_errors(document))
