"""`options_from`: a choice offers the items of a list the client built earlier with `append: true`."""

from __future__ import annotations

import pytest

from tests.flowspec.samples import codes, line_of, load, only

LIST = """\
steps:
  - {id: thought, type: text, prompt: A thought?, append: true}
  - id: another
    type: choice
    prompt: Another?
    options: [{value: "yes", label: Add another, next: thought}, {value: "no", label: That's all}]
  - id: hot
    type: choice
    prompt: "{thought}\\nWhich one is hottest?"
    options_from: thought
    other: {label: Write it differently, prompt: In your own words?}
  - {id: weigh, type: text, prompt: "Evidence for {hot}?"}
  - {id: done, type: end}
"""


def test_a_choice_from_an_append_list_is_valid_and_leads_on() -> None:
    result = load(LIST)
    assert result.problems == []
    assert result.flow is not None


def test_the_list_must_exist() -> None:
    body = LIST.replace("options_from: thought", "options_from: thougth")
    problem = only(load(body), "unknown-answer")
    assert problem.line == line_of(body, "options_from")
    assert problem.step_id == "hot"
    assert "(did you mean 'thought'?)" in problem.message


@pytest.mark.parametrize(("source", "what"), [
    ("{id: thought, type: text, prompt: A thought?}", "a text step without `append: true`"),
    ("{id: thought, type: scale, prompt: How much?, min: 0, max: 4, labels: {min: a, max: b}}", "a scale step"),
])
def test_the_list_must_be_an_append_text_answer(source: str, what: str) -> None:
    body = LIST.replace("{id: thought, type: text, prompt: A thought?, append: true}", source)
    problem = only(load(body), "bad-value")
    assert problem.line == line_of(body, "options_from")
    assert problem.message == (f"'options_from' must name a `text` step with `append: true`, whose answer is a "
                               f"list; 'thought' is {what}")


def test_the_list_must_be_given_on_every_path_before_the_choice() -> None:
    body = LIST.replace(
        "  - {id: thought, type: text, prompt: A thought?, append: true}\n",
        "  - {id: start, type: choice, prompt: Go?, options: [{value: a, label: A}, {value: b, label: B, next: hot}]}\n"
        "  - {id: thought, type: text, prompt: A thought?, append: true}\n")
    result = load(body)
    assert "used-before-set" in codes(result)
    assert any(p.line == line_of(body, "options_from") for p in result.problems if p.code == "used-before-set")


def test_an_optional_list_needs_another_way_to_answer() -> None:
    body = LIST.replace("append: true}", "append: true, optional: true}").replace(
        "    other: {label: Write it differently, prompt: In your own words?}\n", "")
    problem = only(load(body), "bad-value")
    assert problem.message == ("'thought' may be skipped, leaving nothing to choose; add `other` or a fixed option "
                               "to this choice")


def test_a_choice_needs_options_or_a_list() -> None:
    body = LIST.replace("    options_from: thought\n", "")
    problem = only(load(body), "bad-value")
    assert problem.step_id == "hot"
    assert "a choice needs `options` (or `options_from`, a list answered earlier)" in problem.message
