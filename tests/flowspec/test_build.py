"""Structure: pydantic's complaints become plain sentences on the right line, one per mistake."""

from __future__ import annotations

from tests.flowspec.samples import HEAD_LINES, codes, line_of, load, only, problems


def test_an_unknown_key_points_at_the_key_and_suggests_the_right_one() -> None:
    body = """\
    steps:
      - id: ask
        type: choice
        prompt: Pick one
        optoins:
          - {value: a, label: A}
      - id: done
        type: end
    """
    result = load(body)
    problem = only(result, "unknown-key")
    assert (problem.line, problem.col, problem.step_id) == (line_of(body, "optoins"), 5, "ask")
    assert problem.message == "unknown key 'optoins' for a choice step (did you mean 'options'?)"


def test_an_unknown_key_without_a_close_match_lists_the_valid_ones() -> None:
    result = load("""\
    steps:
      - {id: done, type: end, colour: red}
    """)
    message = only(result, "unknown-key").message
    assert message == "unknown key 'colour' for an end step (expected one of: id, label, help, type, outcome, text)"


def test_an_unknown_top_level_key_is_reported() -> None:
    body = "titel: x\nsteps:\n  - {id: done, type: end}\n"
    problem = only(load(body), "unknown-key")
    assert (problem.line, problem.col, problem.step_id) == (HEAD_LINES + 1, 1, None)
    assert "did you mean 'title'?" in problem.message


def test_a_missing_key_points_at_the_mapping() -> None:
    body = """\
    steps:
      - id: mood
        type: scale
        prompt: How do you feel?
        min: 0
      - id: done
        type: end
    """
    problem = only(load(body), "missing-key")
    assert (problem.line, problem.col, problem.step_id) == (line_of(body, "id: mood"), 5, "mood")
    assert problem.message == "missing required key 'max'"


def test_a_missing_flow_field_is_reported() -> None:
    result = load("steps:\n  - {id: done, type: end}\n", head="id: demo\nversion: 1\n")
    missing = {p.message for p in problems(result, "missing-key")}
    assert "missing required key 'title'" in missing
    assert "missing required key 'languages'" in missing


def test_missing_steps_are_reported() -> None:
    assert only(load(""), "missing-key").message == "missing required key 'steps'"


def test_steps_must_be_a_non_empty_list() -> None:
    assert "not an empty list" in only(load("steps: []\n"), "bad-value").message
    assert "not a mapping" in only(load("steps: {a: 1}\n"), "bad-value").message


def test_an_unknown_step_type_points_at_the_type() -> None:
    body = """\
    steps:
      - id: hello
        type: mesage
        text: Hi
      - id: done
        type: end
    """
    problem = only(load(body), "unknown-step-type")
    assert (problem.line, problem.col, problem.step_id) == (line_of(body, "mesage"), 11, "hello")
    assert problem.message == "unknown step type 'mesage' (did you mean 'message'?)"


def test_a_step_without_a_type_is_a_missing_key() -> None:
    problem = only(load("steps:\n  - {id: hello, text: Hi}\n  - {id: done, type: end}\n"), "missing-key")
    assert problem.step_id == "hello"
    assert problem.message.startswith("missing required key 'type' (one of: message, text,")


def test_a_step_that_is_not_a_mapping() -> None:
    problem = only(load("steps:\n  - hello\n  - {id: done, type: end}\n"), "bad-value")
    assert problem.message == "a step must be a mapping with `id:` and `type:`, not 'hello'"
    assert problem.step_id is None


def test_a_wrong_kind_of_value_is_one_plain_sentence() -> None:
    body = """\
    steps:
      - id: hello
        type: message
        text: [a, b]
      - {id: done, type: end}
    """
    problem = only(load(body), "bad-value")
    assert (problem.line, problem.col) == (line_of(body, "text:"), 11)
    assert problem.message == "'text' must be text or a mapping, not a list"


def test_a_bad_value_inside_a_language_mapping_points_at_it() -> None:
    body = """\
    steps:
      - id: hello
        type: message
        text: {EN: Hi}
      - {id: done, type: end}
    """
    problem = only(load(body), "bad-value")
    assert (problem.line, problem.col) == (line_of(body, "EN"), 16)
    assert "the key 'EN' must be a language code" in problem.message


def test_a_pattern_mistake_shows_the_value() -> None:
    problem = only(load("steps:\n  - {id: Hello World, type: end}\n"), "bad-value")
    assert problem.message == ("'id' must be lower_snake_case (a-z, 0-9 and _, starting with a letter), "
                               "not 'Hello World'")
    assert problem.step_id == "Hello World"


def test_a_long_value_is_cut_to_40_characters() -> None:
    problem = only(load(f"steps:\n  - {{id: done, type: end, outcome: '{'X' * 100}'}}\n"), "bad-value")
    assert "'" + "X" * 39 + "…'" in problem.message


def test_a_range_mistake_names_the_limit() -> None:
    result = load("steps:\n  - {id: t, type: text, prompt: Hi, max_length: 5000}\n  - {id: done, type: end}\n")
    assert only(result, "bad-value").message == "'max_length' must be at most 3500, not 5000"


def test_a_union_field_gets_one_sentence() -> None:
    body = """\
    steps:
      - id: breathe
        type: timer
        phases: [{label: In, seconds: 2.5}]
      - {id: done, type: end}
    """
    problem = only(load(body), "bad-value")
    assert problem.message == "'seconds' must be a whole number of seconds or the name of a parameter"


def test_a_condition_error_points_inside_the_condition() -> None:
    body = """\
    steps:
      - {id: mood, type: scale, prompt: Mood?, min: 0, max: 4, labels: {min: low, max: high}}
      - id: check
        type: branch
        cases:
          - when:
              all:
                - {answer: mood, gte: 3}
                - {answer: mood, eq: 2}
            goto: done
        else: done
      - {id: done, type: end}
    """
    problem = only(load(body), "unknown-key")
    assert (problem.line, problem.step_id) == (line_of(body, "eq: 2"), "check")
    assert problem.message.startswith("unknown key 'eq' in a condition (expected one of: answer, equals,")


def test_a_model_rule_reads_as_its_own_sentence() -> None:
    body = """\
    steps:
      - {id: mood, type: scale, prompt: Mood?, min: 0, max: 4, labels: {min: low, max: high}}
      - id: check
        type: branch
        cases: [{when: {answer: mood, gte: 1, lte: 3}, goto: done}]
        else: done
      - {id: done, type: end}
    """
    message = only(load(body), "bad-value").message
    assert message.startswith("a condition needs exactly one operator")


def test_one_broken_step_does_not_hide_the_errors_of_others() -> None:
    body = """\
    steps:
      - {id: first, type: message}
      - {id: second, type: scale, prompt: Rate, min: 0}
      - {id: third, type: end, outcome: Not Now}
    """
    result = load(body)
    assert [(p.code, p.step_id) for p in result.problems] == [
        ("missing-key", "first"), ("missing-key", "second"), ("bad-value", "third")]


def test_a_broken_step_keeps_its_id_and_causes_no_follow_on_errors() -> None:
    body = """\
    steps:
      - {id: intro, type: message, text: Hi, next: ask}
      - id: ask
        type: choice
        options: [{value: a, label: A, next: done}]
      - {id: after, type: message, text: Bye}
      - {id: done, type: end}
    """
    assert codes(load(body)) == ["missing-key"]


def test_a_step_whose_only_fault_is_an_unknown_key_is_still_checked() -> None:
    body = """\
    steps:
      - {id: mood, type: scale, prompt: Mood?, min: 5, max: 1, optoins: 3, labels: {min: a, max: b}}
      - {id: done, type: end}
    """
    assert [(p.code, p.step_id) for p in load(body).problems] == [("bad-scale", "mood"), ("unknown-key", "mood")]


def test_a_broken_block_is_reported_and_calls_to_it_stay_quiet() -> None:
    body = """\
    steps:
      - {id: rate, type: call, block: mood}
      - {id: show, type: message, text: "You said {rate.level}"}
      - {id: done, type: end}
    blocks:
      mood:
        title: Mood
    """
    problem = only(load(body), "missing-key")
    assert problem.message == "missing required key 'steps'"
    assert codes(load(body)) == ["missing-key"]


def test_a_bad_block_name_points_at_the_name() -> None:
    body = """\
    steps:
      - {id: rate, type: call, block: Mood Check}
      - {id: done, type: end}
    blocks:
      Mood Check:
        steps:
          - {id: level, type: scale, prompt: Mood?, min: 0, max: 4, labels: {min: low, max: high}}
    """
    result = load(body)
    block_name = [p for p in result.problems if p.line == line_of(body, "  Mood Check:")]
    assert [(p.code, p.col) for p in block_name] == [("bad-value", 3)]
