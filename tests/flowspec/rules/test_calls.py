from __future__ import annotations

from tests.flowspec.samples import line_of, load, problems


def test_a_block_may_not_call_itself() -> None:
    body = """\
    steps:
      - {id: run, type: call, block: again}
      - {id: done, type: end}
    blocks:
      again:
        steps:
          - {id: inner, type: call, block: again}
    """
    found = problems(load(body), "recursive-call")
    assert [(p.line, p.step_id, p.message) for p in found] == [
        (line_of(body, "id: inner"), "inner", "block 'again' calls itself: again → again")]


def test_blocks_may_not_call_each_other_in_a_circle() -> None:
    body = """\
    steps:
      - {id: run, type: call, block: one}
      - {id: done, type: end}
    blocks:
      one:
        steps: [{id: to_two, type: call, block: two}]
      two:
        steps: [{id: to_three, type: call, block: three}]
      three:
        steps: [{id: to_one, type: call, block: one}]
    """
    found = problems(load(body), "recursive-call")
    assert [p.step_id for p in found] == ["to_two", "to_three", "to_one"]
    assert found[0].message == "block 'one' calls itself: one → two → three → one"


def test_blocks_may_call_other_blocks() -> None:
    result = load("""\
    steps:
      - {id: run, type: call, block: outer}
      - {id: show, type: message, text: "Level {run.inner.level}"}
      - {id: done, type: end}
    blocks:
      outer:
        steps: [{id: inner, type: call, block: rate}]
      rate:
        steps: [{id: level, type: scale, prompt: Rate, min: 0, max: 4, labels: {min: low, max: high}}]
    """)
    assert result.problems == []
