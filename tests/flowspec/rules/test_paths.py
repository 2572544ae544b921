from __future__ import annotations

from tests.flowspec.samples import codes, column_of, line_of, load, only


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


def test_a_loop_without_a_way_out_is_one_error_at_the_goto_that_closes_it() -> None:
    body = """\
    steps:
      - {id: intro, type: message, text: Hi}
      - {id: thought, type: text, prompt: What did you think?}
      - {id: again, type: goto, target: thought}
      - {id: done, type: end}
    """
    result = load(body)
    assert [p.code for p in result.errors] == ["no-end"]
    error = result.errors[0]
    assert (error.step_id, error.line, error.col) == ("again", line_of(body, "again"), column_of(body, "thought}"))
    assert error.message == ("this `goto` closes a loop with no way out: no path from 'thought', 'again' reaches "
                             "an `end`; give a step in the loop a choice or a branch that leaves it")
    note = only(result, "unreachable")
    assert (note.severity, note.line, note.col) == ("note", error.line, error.col)
    assert note.message == "1 step is unreachable because of this ('done')"
    assert str(note).endswith(": note [unreachable] step 'again': 1 step is unreachable because of this ('done')")


def test_a_loop_closed_by_an_options_next_is_reported_at_that_step() -> None:
    body = """\
    steps:
      - {id: thought, type: text, prompt: What did you think?}
      - id: another
        type: choice
        prompt: Another?
        options: [{value: y, label: Yes, next: thought}, {value: n, label: No, next: thought}]
      - {id: done, type: end}
    """
    result = load(body)
    assert [(p.code, p.step_id) for p in result.errors] == [("no-end", "another")]
    assert result.errors[0].message.startswith("this step's move back to 'thought' closes a loop with no way out")


def test_two_separate_traps_are_two_errors() -> None:
    body = """\
    steps:
      - id: pick
        type: choice
        prompt: Which?
        options: [{value: a, label: A, next: spin_a}, {value: b, label: B, next: spin_b}, {value: c, label: C}]
      - {id: done, type: end}
      - {id: spin_a, type: goto, target: spin_a}
      - {id: spin_b, type: message, text: Round, next: spin_b}
    """
    result = load(body)
    assert [(p.code, p.step_id) for p in result.problems] == [("no-end", "spin_a"), ("no-end", "spin_b")]


def test_a_bad_target_is_one_error_and_one_note_for_the_steps_it_cuts_off() -> None:
    body = """\
    steps:
      - {id: mood, type: scale, prompt: Mood?, min: 0, max: 4, labels: {min: low, max: high}}
      - id: check
        type: branch
        cases: [{when: {answer: mood, gte: 3}, goto: high}]
        else: lwo
      - {id: high, type: message, text: High, next: done}
      - {id: low, type: message, text: Low}
      - {id: low_tip, type: message, text: Tip}
      - {id: low_more, type: message, text: More, next: done}
      - {id: done, type: end}
    """
    result = load(body)
    assert [(p.code, p.severity) for p in result.problems] == [("unknown-step", "error"), ("unreachable", "note")]
    error, note = result.problems
    assert (note.line, note.col, note.step_id) == (error.line, error.col, "check") == (
        line_of(body, "else: lwo"), column_of(body, "lwo"), "check")
    assert note.message == "3 steps are unreachable because of this ('low', 'low_tip', 'low_more')"


def test_a_branch_without_else_is_one_error_and_one_note() -> None:
    body = """\
    steps:
      - {id: mood, type: scale, prompt: Mood?, min: 0, max: 4, labels: {min: low, max: high}}
      - id: check
        type: branch
        cases: [{when: {answer: mood, gte: 3}, goto: high}]
      - {id: low, type: message, text: Low}
      - {id: low_tip, type: message, text: Tip, next: done}
      - {id: high, type: message, text: High}
      - {id: done, type: end}
    """
    result = load(body)
    assert [(p.code, p.severity) for p in result.problems] == [("branch-without-else", "error"),
                                                                 ("unreachable", "note")]
    assert result.problems[1].message == "2 steps are unreachable because of this ('low', 'low_tip')"


def test_each_bad_target_is_told_the_steps_it_probably_meant() -> None:
    body = """\
    steps:
      - id: pick
        type: choice
        prompt: Which?
        options:
          - {value: a, label: A, next: frist}
          - {value: b, label: B, next: secnod}
          - {value: c, label: C, next: done}
      - {id: first, type: message, text: One, next: done}
      - {id: second, type: message, text: Two}
      - {id: second_more, type: message, text: Two more, next: done}
      - {id: done, type: end}
    """
    notes = [(p.col, p.message) for p in load(body).problems if p.code == "unreachable"]
    assert notes == [(column_of(body, "frist"), "1 step is unreachable because of this ('first')"),
                     (column_of(body, "secnod"), "2 steps are unreachable because of this ('second', 'second_more')")]


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
