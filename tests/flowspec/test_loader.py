from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from bot.flowspec import load_flow_file, load_flow_text
from bot.flowspec.model import STEP_TYPES
from tests.flowspec.samples import VALID_FLOW, codes, line_of, load


def test_a_valid_two_language_flow_with_every_step_type_loads_without_problems() -> None:
    result = load_flow_text(VALID_FLOW, "thought_record_demo.yaml")
    assert result.problems == []
    assert result.flow is not None
    used = {step.type for step in result.flow.steps} | {s.type for b in result.flow.blocks.values() for s in b.steps}
    assert used == set(STEP_TYPES)
    assert result.flow.start_step == "welcome"
    assert result.flow_id == "thought_record_demo"


def test_bytes_and_text_give_the_same_result() -> None:
    assert load_flow_text(VALID_FLOW.encode(), "a.yaml") == load_flow_text(VALID_FLOW, "a.yaml")


def test_every_error_in_a_file_is_reported_at_once() -> None:
    body = """\
    steps:
      - id: intro
        type: message
        text: "Hello <blink>there</blink>"
        next: nowhere
      - id: ask
        type: scale
        prompt: "How {feel}?"
        min: 5
        max: 1
        optoins: [1]
      - id: ask
        type: branch
        cases:
          - when: {answer: ghost, equals: x}
            goto: intro
      - id: lonely
        type: messge
    """
    result = load(body)
    assert result.flow is None
    assert {"unknown-step", "bad-html", "unknown-key", "duplicate-id", "branch-without-else",
            "unknown-step-type", "unknown-answer"} <= set(codes(result))
    assert [p.line for p in result.problems] == sorted(p.line for p in result.problems)
    assert line_of(body, "optoins") in [p.line for p in result.problems]


def test_warnings_do_not_stop_a_flow_from_loading() -> None:
    result = load("""\
    steps:
      - id: mood
        type: scale
        prompt: Rate it
        min: 0
        max: 10
      - id: done
        type: end
    """)
    assert codes(result) == ["scale-labels"]
    assert result.errors == []
    assert result.flow is not None


def test_a_file_that_cannot_be_read_is_a_problem(tmp_path: Path) -> None:
    result = load_flow_file(tmp_path / "missing.yaml")
    assert result.flow is None
    assert [(p.code, p.line, p.col) for p in result.problems] == [("unreadable", 1, 1)]


def test_load_flow_file_reads_the_file(tmp_path: Path) -> None:
    path = tmp_path / "flow.yaml"
    path.write_text(VALID_FLOW, encoding="utf-8")
    result = load_flow_file(path)
    assert result.path == str(path)
    assert result.flow is not None


def _long_flow(steps: int) -> str:
    lines = ["steps:"]
    for n in range(steps):
        previous = f" {{s{n - 1}}}" if n else ""
        lines += [f"  - id: s{n}", "    type: text", f"    prompt: \"Step {n}: what happened?{previous}\"",
                  f"  - id: c{n}", "    type: choice", "    prompt: Go on?", "    options:",
                  "      - {value: yes, label: 'Yes'}", f"      - {{value: no, label: '<b>No</b>', next: s{n}}}"]
    lines += ["  - id: done", "    type: end"]
    return "\n".join(lines) + "\n"


def test_a_300_line_flow_loads_in_a_few_milliseconds() -> None:
    text = _long_flow(33)
    assert text.count("\n") >= 290
    result = load(text)
    assert result.problems == []
    best = min(_timed(lambda: load(text)) for _ in range(5))
    assert best < 0.030  # typically 3-6 ms; generous for busy CI machines


def _timed(action: Callable[[], object]) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def test_a_huge_file_is_refused_without_reading_it_whole(tmp_path: Path) -> None:
    path = tmp_path / "huge.yaml"
    path.write_bytes(b"a: " + b"x" * (2 * 1024 * 1024))
    result = load_flow_file(path)
    assert [(p.code, p.line, p.col) for p in result.problems] == [("too-large", 1, 1)]
    assert "2048 KiB" in result.problems[0].message
