from __future__ import annotations

import pytest

from tests.flowspec.samples import column_of, line_of, load, only

STEPS = """\
steps:
  - {id: intro, type: message, text: Hi}
  - {id: feeling, type: text, prompt: How do you feel?}
  - {id: mood, type: call, block: rate}
"""
BLOCKS = """\
blocks:
  rate:
    steps:
      - {id: level, type: scale, prompt: Rate, min: 0, max: 4, labels: {min: low, max: high}}
"""


def with_step(step: str) -> str:
    return STEPS + f"  - {step}\n  - {{id: done, type: end}}\n" + BLOCKS


@pytest.mark.parametrize("step", [
    '{id: show, type: message, text: "You said {feelin}"}',
    "{id: check, type: branch, cases: [{when: {answer: feelin, equals: x}, goto: done}], else: done}",
    "{id: copy, type: set, value: {answer: feelin}}",
    "{id: total, type: set, value: {add: [feelin, 1]}}",
    "{id: review, type: summary, prompt: Review, items: [feelin]}",
])
def test_an_answer_name_must_exist(step: str) -> None:
    body = with_step(step)
    problem = only(load(body), "unknown-answer")
    assert problem.line == line_of(body, "feelin}") if "{feelin}" in step else line_of(body, "feelin")
    assert problem.message == "no step of the flow stores an answer called 'feelin' (did you mean 'feeling'?)"


def test_a_template_variable_is_placed_at_its_brace() -> None:
    body = with_step('{id: show, type: message, text: "You said {feelin}"}')
    problem = only(load(body), "unknown-answer")
    assert problem.col == column_of(body, "{feelin}")


def test_a_step_that_stores_no_answer_is_named_as_such() -> None:
    problem = only(load(with_step('{id: show, type: message, text: "{intro}"}')), "unknown-answer")
    assert problem.message == "'intro' is a message step, which stores no answer"


def test_answers_from_a_block_are_reached_through_the_call_step() -> None:
    assert load(with_step('{id: show, type: message, text: "Level {mood.level}"}')).problems == []
    problem = only(load(with_step('{id: show, type: message, text: "{mood.levle}"}')), "unknown-answer")
    assert problem.message == "block 'rate' (called by 'mood') stores no answer 'levle'"


def test_a_block_sees_only_its_own_answers() -> None:
    body = STEPS + "  - {id: done, type: end}\n" + BLOCKS + "      - {id: echo, type: message, text: '{feeling}'}\n"
    problem = only(load(body), "unknown-answer")
    assert problem.step_id == "echo"
    assert problem.message.startswith("no step of block 'rate' stores an answer called 'feeling'")


def test_summary_items_must_be_answers() -> None:
    problem = only(load(with_step("{id: review, type: summary, prompt: Review, items: [feeling, intro]}")),
                   "bad-value")
    assert problem.message == "'intro' is a message step, which stores no answer to summarise"
    assert problem.step_id == "review"


def test_set_and_timer_steps_store_answers() -> None:
    body = """\
    params: {s: 4}
    steps:
      - {id: breathe, type: timer, phases: [{label: In, seconds: s}]}
      - {id: total, type: set, value: 3}
      - {id: show, type: message, text: "{breathe} {total}"}
      - {id: done, type: end}
    """
    assert load(body).problems == []
