from __future__ import annotations

from tests.flowspec.samples import codes, line_of, load, only


def test_a_step_nothing_leads_to_is_unreachable() -> None:
    body = """\
    steps:
      - {id: hello, type: message, text: Hi, next: done}
      - {id: lost, type: message, text: Nobody sees this}
      - {id: done, type: end}
    """
    problem = only(load(body), "unreachable")
    assert (problem.line, problem.col, problem.step_id) == (line_of(body, "lost"), 5, "lost")


def test_reachability_starts_at_start() -> None:
    body = """\
    start: second
    steps:
      - {id: first, type: message, text: Skipped}
      - {id: second, type: end}
    """
    assert only(load(body), "unreachable").step_id == "first"


def test_a_block_step_is_reachable_only_from_the_block_start() -> None:
    body = """\
    steps:
      - {id: rate, type: call, block: mood}
      - {id: done, type: end}
    blocks:
      mood:
        steps:
          - {id: ask, type: message, text: Hi, next: back}
          - {id: orphan, type: message, text: Never}
          - {id: back, type: message, text: Bye}
    """
    assert only(load(body), "unreachable").step_id == "orphan"


def test_the_main_flow_must_not_fall_off_its_last_step() -> None:
    body = "steps:\n  - {id: hello, type: message, text: Hi}\n  - {id: bye, type: message, text: Bye}\n"
    result = load(body)
    problem = only(result, "missing-end")
    assert (problem.line, problem.step_id) == (line_of(body, "bye"), "bye")
    assert codes(result) == ["missing-end"]


def test_a_block_may_fall_off_its_last_step() -> None:
    result = load("""\
    steps:
      - {id: rate, type: call, block: mood}
      - {id: done, type: end}
    blocks:
      mood:
        steps: [{id: hi, type: message, text: Hi}]
    """)
    assert result.problems == []


def test_a_loop_without_a_way_out_never_ends() -> None:
    body = """\
    steps:
      - {id: intro, type: message, text: Hi}
      - {id: thought, type: text, prompt: What did you think?}
      - {id: again, type: goto, target: thought}
      - {id: done, type: end}
    """
    result = load(body)
    assert [(p.code, p.step_id) for p in result.problems] == [
        ("no-end", "intro"), ("no-end", "thought"), ("no-end", "again"), ("unreachable", "done")]
    assert "reaches an `end`" in result.problems[0].message


def test_a_loop_with_a_choice_that_leaves_is_fine() -> None:
    result = load("""\
    steps:
      - {id: thought, type: text, prompt: What did you think?}
      - id: another
        type: choice
        prompt: Another?
        options: [{value: y, label: Yes, next: thought}, {value: n, label: No}]
      - {id: done, type: end}
    """)
    assert result.problems == []


def test_a_call_to_a_block_that_never_returns_does_not_go_on() -> None:
    body = """\
    steps:
      - {id: run, type: call, block: trap}
      - {id: done, type: end}
    blocks:
      trap:
        steps:
          - {id: spin, type: goto, target: spin}
    """
    result = load(body)
    assert [(p.code, p.step_id) for p in result.problems] == [("no-end", "run"), ("no-end", "spin")]
    assert "returns from the block or reaches an `end`" in result.problems[1].message


def test_an_end_inside_a_block_ends_the_whole_flow() -> None:
    result = load("""\
    steps:
      - {id: run, type: call, block: quit}
      - {id: never, type: message, text: Not reached when the block ends the flow}
      - {id: done, type: end}
    blocks:
      quit:
        steps:
          - {id: bye, type: end, outcome: not_now}
    """)
    assert codes(result) == []


def test_a_branch_needs_an_else() -> None:
    body = """\
    steps:
      - {id: mood, type: scale, prompt: Mood?, min: 0, max: 4, labels: {min: low, max: high}}
      - id: check
        type: branch
        cases: [{when: {answer: mood, gte: 3}, goto: done}]
      - {id: done, type: end}
    """
    problem = only(load(body), "branch-without-else")
    assert (problem.line, problem.step_id) == (line_of(body, "id: check"), "check")


def test_a_last_call_to_a_block_that_always_ends_needs_no_end_after_it() -> None:
    result = load("""\
    steps:
      - {id: hello, type: message, text: Hi}
      - {id: finish, type: call, block: goodbye}
    blocks:
      goodbye:
        steps: [{id: bye, type: end}]
    """)
    assert result.problems == []
