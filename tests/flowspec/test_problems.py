from __future__ import annotations

from bot.flowspec import LoadResult, Problem
from bot.flowspec.problems import sort_problems


def test_an_error_reads_path_line_col_code_step_and_message() -> None:
    problem = Problem("flows/a.yaml", 12, 5, "unknown-step", "there is no step 'x'", step_id="intro")
    assert str(problem) == "flows/a.yaml:12:5: [unknown-step] step 'intro': there is no step 'x'"


def test_an_error_outside_any_step_leaves_the_step_out() -> None:
    assert str(Problem("a.yaml", 1, 1, "empty", "the file is empty")) == "a.yaml:1:1: [empty]: the file is empty"


def test_a_warning_says_so() -> None:
    problem = Problem("a.yaml", 3, 7, "wide-scale", "too wide", step_id="mood", severity="warning")
    assert str(problem) == "a.yaml:3:7: warning [wide-scale] step 'mood': too wide"


def test_problems_are_sorted_by_position_and_reported_once() -> None:
    late = Problem("a.yaml", 9, 1, "no-end", "x")
    early = Problem("a.yaml", 2, 4, "unknown-step", "y")
    same_line = Problem("a.yaml", 2, 1, "bad-value", "z")
    assert sort_problems([late, early, same_line, late]) == [same_line, early, late]


def test_load_result_splits_errors_and_warnings() -> None:
    error = Problem("a.yaml", 1, 1, "bad-value", "x")
    warning = Problem("a.yaml", 2, 1, "long-text", "y", severity="warning")
    result = LoadResult("a.yaml", None, [error, warning])
    assert result.errors == [error]
    assert result.warnings == [warning]
