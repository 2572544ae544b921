from __future__ import annotations

from tests.flowspec.samples import column_of, line_of, load, only


def test_an_answer_used_on_a_path_that_skips_it_is_used_before_set() -> None:
    body = """\
    steps:
      - id: go
        type: choice
        prompt: Describe it?
        options: [{value: y, label: Yes}, {value: n, label: No, next: show}]
      - {id: detail, type: text, prompt: Describe it}
      - {id: show, type: message, text: "You wrote {detail}"}
      - {id: done, type: end}
    """
    problem = only(load(body), "used-before-set")
    assert (problem.line, problem.step_id) == (line_of(body, "You wrote"), "show")
    assert problem.col == column_of(body, "{detail}")
    assert problem.message == "'detail' may not be answered yet here: the path go → show reaches this step without it"


def test_an_answer_given_on_every_path_may_be_used() -> None:
    result = load("""\
    steps:
      - id: go
        type: choice
        prompt: Long or short?
        options: [{value: l, label: Long}, {value: s, label: Short, next: short}]
      - {id: detail, type: text, prompt: Describe it, next: show}
      - {id: short, type: text, prompt: One word}
      - {id: show, type: message, text: "Thanks ({go})"}
      - {id: done, type: end}
    """)
    assert result.problems == []


def test_a_step_cannot_quote_its_own_answer_in_its_prompt() -> None:
    body = "steps:\n  - {id: thought, type: text, prompt: 'Again: {thought}'}\n  - {id: done, type: end}\n"
    assert only(load(body), "used-before-set").step_id == "thought"


def test_a_condition_needs_its_answer_on_every_path() -> None:
    body = """\
    steps:
      - {id: go, type: choice, prompt: Rate?, options: [{value: y, label: Yes}, {value: n, label: No, next: check}]}
      - {id: mood, type: scale, prompt: Mood?, min: 0, max: 4, labels: {min: low, max: high}}
      - id: check
        type: branch
        cases: [{when: {answer: mood, gte: 3}, goto: done}]
        else: done
      - {id: done, type: end}
    """
    problem = only(load(body), "used-before-set")
    assert (problem.line, problem.step_id) == (line_of(body, "answer: mood"), "check")


def test_a_fallback_leaves_without_the_answer() -> None:
    body = """\
    steps:
      - {id: age, type: text, prompt: Age?, on_invalid: {fallback: show}}
      - {id: show, type: message, text: "Age {age}"}
      - {id: done, type: end}
    """
    assert only(load(body), "used-before-set").step_id == "show"


def test_a_skipped_optional_answer_counts_as_given() -> None:
    body = """\
    steps:
      - {id: note, type: text, prompt: Note?, optional: true, on_invalid: {fallback: skip}}
      - {id: show, type: message, text: "Note: {note}"}
      - {id: done, type: end}
    """
    assert load(body).problems == []


def test_a_call_gives_what_its_block_always_answers() -> None:
    body = """\
    steps:
      - {id: rate, type: call, block: mood}
      - {id: show, type: message, text: "{rate.level} {rate.why}"}
      - {id: done, type: end}
    blocks:
      mood:
        steps:
          - {id: level, type: scale, prompt: Mood?, min: 0, max: 4, labels: {min: low, max: high}}
          - {id: ask, type: choice, prompt: Why?, options: [{value: y, label: Say, next: why}, {value: n, label: Skip}]}
          - {id: out, type: goto, target: last}
          - {id: why, type: text, prompt: Why?}
          - {id: last, type: message, text: Thanks}
    """
    problem = only(load(body), "used-before-set")
    assert "'rate.why'" in problem.message


def test_inside_a_block_answers_flow_from_the_block_start() -> None:
    body = """\
    steps:
      - {id: rate, type: call, block: mood}
      - {id: done, type: end}
    blocks:
      mood:
        steps:
          - {id: hello, type: message, text: "{level}"}
          - {id: level, type: scale, prompt: Mood?, min: 0, max: 4, labels: {min: low, max: high}}
    """
    assert only(load(body), "used-before-set").step_id == "hello"


def test_used_before_set_names_one_shortest_path_that_misses_the_answer() -> None:
    body = """\
    steps:
      - {id: intro, type: message, text: Hi}
      - id: route
        type: choice
        prompt: Which way?
        options:
          - {value: a, label: Long way}
          - {value: b, label: Short way, next: skip_ahead}
      - {id: detail, type: text, prompt: Describe it, next: show}
      - {id: skip_ahead, type: message, text: Skipping}
      - {id: show, type: message, text: "You wrote {detail}"}
      - {id: done, type: end}
    """
    problem = only(load(body), "used-before-set")
    assert problem.message == ("'detail' may not be answered yet here: the path intro → route → skip_ahead → show "
                               "reaches this step without it")


def test_the_named_path_may_leave_the_answering_step_by_its_fallback() -> None:
    body = """\
    steps:
      - {id: age, type: text, prompt: Age?, on_invalid: {fallback: show}}
      - {id: show, type: message, text: "Age {age}"}
      - {id: done, type: end}
    """
    assert "the path age → show reaches" in only(load(body), "used-before-set").message


def test_a_first_step_quoting_its_own_answer_is_told_why() -> None:
    body = "steps:\n  - {id: thought, type: text, prompt: 'Again: {thought}'}\n  - {id: done, type: end}\n"
    assert only(load(body), "used-before-set").message == (
        "'thought' may not be answered yet here: the flow starts at this step, before anything is answered")


# --- a branch case proves what it tests answered (rules/guards.py) ----------------------------------------

SOMETIMES_ASKED = """\
    steps:
      - {id: go, type: choice, prompt: Another?, options: [{value: y, label: Yes}, {value: n, label: No, next: check}]}
      - {id: second, type: text, prompt: Which one?, optional: true}
      - id: check
        type: branch
        cases: [{when: %s, goto: show}]
        else: done
      - {id: show, type: message, text: "You named {second}"}
      - {id: done, type: end}
    """


def test_a_skipped_test_may_name_an_answer_not_given_on_every_path_and_proves_it_on_its_case() -> None:
    assert load(SOMETIMES_ASKED % "{answer: second, skipped: false}").problems == []
    assert load(SOMETIMES_ASKED % "{not: {answer: second, skipped: true}}").problems == []
    assert load(SOMETIMES_ASKED % "{all: [{answer: go, equals: y}, {answer: second, skipped: false}]}").problems == []


def test_a_comparison_still_needs_its_answer_on_every_path() -> None:
    body = SOMETIMES_ASKED % "{answer: second, equals: x}"
    problem = only(load(body), "used-before-set")
    assert problem.step_id == "check"


def test_a_case_proves_nothing_on_the_else_path_nor_through_any() -> None:
    on_else = SOMETIMES_ASKED.replace("goto: show}]\n        else: done", "goto: done}]\n        else: show")
    problem = only(load(on_else % "{answer: second, skipped: false}"), "used-before-set")
    assert (problem.step_id, problem.message) == (
        "show", "'second' may not be answered yet here: the path go → check → show reaches this step without it")
    either = "{any: [{answer: second, skipped: false}, {answer: go, equals: n}]}"
    assert only(load(SOMETIMES_ASKED % either), "used-before-set").step_id == "show"


def test_a_skipped_true_case_proves_nothing() -> None:
    assert only(load(SOMETIMES_ASKED % "{answer: second, skipped: true}"), "used-before-set").step_id == "show"
