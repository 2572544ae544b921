from __future__ import annotations

from pathlib import Path

from bot.flowspec import load_catalogue
from tests.flowspec.samples import VALID_FLOW, flow


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_a_directory_loads_every_yaml_file_sorted(tmp_path: Path) -> None:
    write(tmp_path / "b.yaml", VALID_FLOW)
    write(tmp_path / "a.yml", flow("steps:\n  - {id: done, type: end}\n"))
    write(tmp_path / "notes.txt", "not a flow")
    catalogue = load_catalogue([tmp_path])
    assert catalogue.problems == []
    assert list(catalogue.flows) == ["demo", "thought_record_demo"]
    assert catalogue.sources["demo"] == tmp_path / "a.yml"


def test_two_files_with_the_same_flow_id_are_reported(tmp_path: Path) -> None:
    first = write(tmp_path / "first.yaml", VALID_FLOW)
    second = write(tmp_path / "second.yaml", VALID_FLOW)
    catalogue = load_catalogue([tmp_path])
    [problem] = catalogue.problems
    assert (problem.code, problem.path, problem.line, problem.col) == ("duplicate-flow", str(second), 2, 5)
    assert problem.message == f"the flow id 'thought_record_demo' is already used by {first}"
    assert catalogue.sources == {"thought_record_demo": first}


def test_files_with_errors_are_left_out_but_reported(tmp_path: Path) -> None:
    write(tmp_path / "good.yaml", VALID_FLOW)
    write(tmp_path / "bad.yaml", flow("steps:\n  - {id: hi, type: message, text: Hi}\n"))
    catalogue = load_catalogue([tmp_path / "good.yaml", tmp_path / "bad.yaml", tmp_path / "missing.yaml"])
    assert list(catalogue.flows) == ["thought_record_demo"]
    assert [p.code for p in catalogue.problems] == ["missing-end", "unreadable"]
