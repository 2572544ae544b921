"""Whatever the input, loading reports problems and never raises."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.flowspec import load_flow_text
from bot.flowspec.loader import INTERNAL_ERROR
from tests.flowspec.samples import VALID_FLOW

VALID_LINES = VALID_FLOW.splitlines(keepends=True)
FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def check(data: bytes | str) -> None:
    result = load_flow_text(data, "fuzz.yaml")
    assert all(p.code != INTERNAL_ERROR for p in result.problems), result.problems
    assert (result.flow is None) == bool(result.errors)
    assert [(p.line, p.col) for p in result.problems] == sorted((p.line, p.col) for p in result.problems)
    for problem in result.problems:
        assert problem.line >= 1
        assert problem.col >= 1
        assert str(problem).startswith("fuzz.yaml:")


@FUZZ
@given(st.binary(max_size=400))
def test_arbitrary_bytes(data: bytes) -> None:
    check(data)


@FUZZ
@given(st.text(max_size=400))
def test_arbitrary_text(text: str) -> None:
    check(text)


@FUZZ
@given(st.text(alphabet="{}[]:,-#&*!|>'\"\n\t ?abc01yn", max_size=200))
def test_yaml_like_text(text: str) -> None:
    check(text)


@FUZZ
@given(st.integers(0, len(VALID_LINES) - 1), st.integers(1, 4))
def test_a_valid_flow_with_lines_deleted(start: int, count: int) -> None:
    check("".join(VALID_LINES[:start] + VALID_LINES[start + count:]))


@FUZZ
@given(st.integers(0, len(VALID_LINES) - 1), st.integers(0, len(VALID_LINES) - 1))
def test_a_valid_flow_with_a_line_moved(source: int, target: int) -> None:
    lines = list(VALID_LINES)
    lines.insert(target, lines.pop(source))
    check("".join(lines))


@FUZZ
@given(st.integers(0, len(VALID_FLOW) - 1), st.text(min_size=1, max_size=3))
def test_a_valid_flow_with_characters_replaced(at: int, text: str) -> None:
    check(VALID_FLOW[:at] + text + VALID_FLOW[at + len(text):])


@FUZZ
@given(st.integers(0, len(VALID_LINES) - 1), st.integers(-4, 4))
def test_a_valid_flow_with_a_line_reindented(at: int, shift: int) -> None:
    lines = list(VALID_LINES)
    lines[at] = " " * max(0, shift) + lines[at][max(0, -shift):]
    check("".join(lines))
