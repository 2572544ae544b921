from __future__ import annotations

import pytest

from tests.flowspec.samples import column_of, line_of, load, only


def scale(**fields: int) -> str:
    extra = ", ".join(f"{k}: {v}" for k, v in fields.items())
    return f"""\
    steps:
      - {{id: mood, type: scale, prompt: Mood?, labels: {{min: low, max: high}}, {extra}}}
      - {{id: done, type: end}}
    """


@pytest.mark.parametrize(("fields", "message"), [
    ({"min": 5, "max": 5}, "'max' (5) must be greater than 'min' (5)"),
    ({"min": 5, "max": 1}, "'max' (1) must be greater than 'min' (5)"),
    ({"min": 0, "max": 10, "step": 3}, "'step' (3) must divide the range 0..10 evenly"),
])
def test_a_scale_must_have_a_range_its_step_divides(fields: dict[str, int], message: str) -> None:
    problem = only(load(scale(**fields)), "bad-scale")
    assert (problem.message, problem.step_id) == (message, "mood")


def test_a_well_formed_scale_passes() -> None:
    assert load(scale(min=0, max=10, step=2)).problems == []


def test_min_length_may_not_exceed_max_length() -> None:
    body = "steps:\n  - {id: t, type: text, prompt: Hi, min_length: 50, max_length: 10}\n  - {id: done, type: end}\n"
    problem = only(load(body), "bad-value")
    assert problem.message == "'min_length' (50) is more than 'max_length' (10)"
    assert problem.col == column_of(body, "50")


def multi(extra: str, other: bool = False) -> str:
    other_text = ", other: {label: Other, prompt: Which?}" if other else ""
    options = "[{value: a, label: A}, {value: b, label: B}]"
    return f"""\
    steps:
      - {{id: pick, type: multi_choice, prompt: Pick, options: {options}, {extra}{other_text}}}
      - {{id: done, type: end}}
    """


def test_min_selected_may_not_exceed_the_options() -> None:
    problem = only(load(multi("min_selected: 3")), "bad-value")
    assert problem.message == "'min_selected' (3) is more than the 2 options there are to choose"


def test_the_other_option_counts_towards_min_selected() -> None:
    assert load(multi("min_selected: 3", other=True)).problems == []


def test_max_selected_may_not_be_below_min_selected() -> None:
    problem = only(load(multi("min_selected: 2, max_selected: 1")), "bad-value")
    assert problem.message == "'max_selected' (1) is less than 'min_selected' (2)"


def test_option_values_are_unique_within_a_step() -> None:
    body = """\
    steps:
      - id: pick
        type: choice
        prompt: Pick
        options:
          - {value: same, label: First}
          - {value: same, label: Second}
      - {id: done, type: end}
    """
    problem = only(load(body), "bad-value")
    assert (problem.line, problem.step_id) == (line_of(body, "Second"), "pick")
    assert "'same'" in problem.message


def test_fallback_skip_needs_an_optional_step() -> None:
    body = "steps:\n  - {id: t, type: text, prompt: Hi, on_invalid: {fallback: skip}}\n  - {id: done, type: end}\n"
    problem = only(load(body), "bad-value")
    assert problem.message.startswith("`fallback: skip` needs a step with `optional: true`")
    assert load(body.replace("prompt: Hi,", "prompt: Hi, optional: true,")).problems == []
