from __future__ import annotations

import pytest

from tests.flowspec.samples import line_of, load, only


@pytest.mark.parametrize(
    ("step", "fragment"),
    [
        ("{id: a, type: message, text: Hi, next: nowhere}", "nowhere"),
        ("{id: a, type: goto, target: nowhere}", "nowhere"),
        ("{id: a, type: choice, prompt: P, options: [{value: x, label: X, next: nowhere}]}", "nowhere"),
        ("{id: a, type: branch, cases: [{when: {answer: b, skipped: true}, goto: nowhere}], else: done}", "nowhere"),
        ("{id: a, type: branch, cases: [{when: {answer: b, skipped: true}, goto: done}], else: nowhere}", "nowhere"),
        ("{id: a, type: text, prompt: P, on_invalid: {fallback: nowhere}}", "nowhere"),
    ],
)
def test_every_kind_of_reference_must_name_a_step(step: str, fragment: str) -> None:
    body = f"""\
    steps:
      - {{id: b, type: text, prompt: First, optional: true}}
      - {step}
      - {{id: done, type: end}}
    """
    problem = only(load(body), "unknown-step")
    assert (problem.line, problem.step_id) == (line_of(body, fragment), "a")
    assert problem.message == "there is no step 'nowhere' in the flow"


def test_an_unknown_step_suggests_a_close_id() -> None:
    body = "steps:\n  - {id: hello, type: message, text: Hi, next: donne}\n  - {id: done, type: end}\n"
    assert only(load(body), "unknown-step").message == "there is no step 'donne' in the flow (did you mean 'done'?)"


def test_references_stay_inside_their_scope() -> None:
    body = """\
    steps:
      - {id: rate, type: call, block: mood}
      - {id: done, type: end}
    blocks:
      mood:
        steps:
          - {id: level, type: message, text: Hi, next: done}
    """
    problem = only(load(body), "unknown-step")
    assert problem.step_id == "level"
    assert problem.message == "there is no step 'done' in block 'mood' (did you mean 'level'?)" or (
        problem.message.startswith("there is no step 'done' in block 'mood'"))


def test_start_must_name_a_step() -> None:
    body = "start: welcome\nsteps:\n  - {id: hello, type: message, text: Hi}\n  - {id: done, type: end}\n"
    problem = only(load(body), "unknown-step")
    assert (problem.line, problem.col, problem.step_id) == (line_of(body, "start:"), 8, None)


def test_a_called_block_must_exist() -> None:
    body = """\
    steps:
      - {id: rate, type: call, block: moood}
      - {id: done, type: end}
    blocks:
      mood:
        steps: [{id: level, type: message, text: Hi}]
    """
    problem = only(load(body), "unknown-block")
    assert (problem.line, problem.step_id) == (line_of(body, "moood"), "rate")
    assert problem.message == "there is no block 'moood' (did you mean 'mood'?)"


def test_a_call_without_any_blocks() -> None:
    problem = only(load("steps:\n  - {id: r, type: call, block: mood}\n  - {id: done, type: end}\n"), "unknown-block")
    assert problem.message == "there is no block 'mood' (the flow has no `blocks:`)"


def test_timer_parameters_must_exist() -> None:
    body = """\
    params: {breath: 4}
    steps:
      - id: breathe
        type: timer
        phases: [{label: In, seconds: breathe}, {label: Out, seconds: breath}]
        repeat: cycles
      - {id: done, type: end}
    """
    result = load(body)
    found = [(p.code, p.line, p.step_id, p.message) for p in result.problems]
    assert found == [
        ("unknown-param", line_of(body, "phases"), "breathe",
         "there is no parameter 'breathe' in `params` (did you mean 'breath'?)"),
        ("unknown-param", line_of(body, "repeat"), "breathe", "there is no parameter 'cycles' in `params`"),
    ]
