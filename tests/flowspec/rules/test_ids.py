from __future__ import annotations

from tests.flowspec.samples import line_of, load, only


def test_step_ids_are_unique_in_the_flow() -> None:
    body = """\
    steps:
      - {id: hello, type: message, text: Hi}
      - {id: hello, type: message, text: Again}
      - {id: done, type: end}
    """
    problem = only(load(body), "duplicate-id")
    assert (problem.line, problem.col, problem.step_id) == (line_of(body, "Again"), 10, "hello")
    assert problem.message == "the id 'hello' is already used on line 10 of this flow; step ids must be unique"


def test_the_same_id_may_appear_in_the_flow_and_in_a_block() -> None:
    result = load("""\
    steps:
      - {id: rating, type: call, block: rate}
      - {id: done, type: end}
    blocks:
      rate:
        steps:
          - {id: rating, type: scale, prompt: Rate, min: 0, max: 4, labels: {min: low, max: high}}
    """)
    assert result.problems == []


def test_step_ids_are_unique_within_a_block() -> None:
    body = """\
    steps:
      - {id: rate, type: call, block: mood}
      - {id: done, type: end}
    blocks:
      mood:
        steps:
          - {id: level, type: scale, prompt: Rate, min: 0, max: 4, labels: {min: low, max: high}}
          - {id: level, type: message, text: Thanks}
    """
    problem = only(load(body), "duplicate-id")
    assert problem.line == line_of(body, "Thanks")
    assert "of this block" in problem.message
