"""Warnings: the flow loads, but something deserves a second look."""

from __future__ import annotations

import pytest

from tests.flowspec.samples import HEAD, codes, line_of, load, only

END = "  - {id: done, type: end}\n"


def scale(extra: str, labels: bool = True) -> str:
    ends = ", labels: {min: low, max: high}" if labels else ""
    return f"steps:\n  - {{id: mood, type: scale, prompt: Mood?{ends}, {extra}}}\n" + END


@pytest.mark.parametrize("extra", ["min: 0, max: 11", "min: 0, max: 200, step: 20", "min: 1, max: 102, step: 101"])
def test_a_wide_scale_is_a_warning(extra: str) -> None:
    result = load(scale(extra))
    problem = only(result, "wide-scale")
    assert (problem.severity, problem.step_id) == ("warning", "mood")
    assert result.flow is not None


def test_a_0_to_10_scale_is_fine() -> None:
    assert load(scale("min: 0, max: 10")).problems == []


def test_a_scale_without_end_labels_is_a_warning() -> None:
    problem = only(load(scale("min: 0, max: 10", labels=False)), "scale-labels")
    assert (problem.severity, problem.line) == ("warning", HEAD.count("\n") + 2)


def test_a_rating_before_needs_a_rating_after() -> None:
    body = scale("min: 0, max: 10, rating: {measure: mood, when: before}")
    problem = only(load(body), "no-rerating")
    assert problem.severity == "warning"
    assert problem.line == line_of(body, "rating")
    after = body.replace(END, "  - {id: mood2, type: scale, prompt: Now?, min: 0, max: 10, labels: {min: a, max: b}, "
                              "rating: {measure: mood, when: after}}\n" + END)
    assert codes(load(after)) == []


def test_a_relaxation_flow_should_rate_before_and_after() -> None:
    head = HEAD.replace("category: other", "category: relaxation")
    problem = only(load("steps:\n  - {id: done, type: end}\n", head), "no-rating")
    assert (problem.severity, problem.line, problem.step_id) == ("warning", 5, None)


@pytest.mark.parametrize(("seconds", "flagged"), [("0", True), ("1", False), ("120", False), ("121", True),
                                                   ("slow", True)])
def test_timer_phases_should_last_1_to_120_seconds(seconds: str, flagged: bool) -> None:
    timer = f"{{id: t, type: timer, phases: [{{label: In, seconds: {seconds}}}]}}"
    body = f"params: {{slow: 300}}\nsteps:\n  - {timer}\n" + END
    assert codes(load(body)) == (["timer-phase"] if flagged else [])


def test_a_timer_over_30_minutes_is_a_warning() -> None:
    body = "params: {n: 31}\nsteps:\n  - {id: t, type: timer, phases: [{label: In, seconds: 60}], repeat: n}\n" + END
    problem = only(load(body), "timer-long")
    assert (problem.severity, problem.step_id) == ("warning", "t")
    assert problem.message.startswith("the timer runs 31 min")


def test_more_than_ten_options_is_a_warning() -> None:
    options = ", ".join(f"{{value: o{n}, label: O{n}}}" for n in range(11))
    body = f"steps:\n  - {{id: pick, type: choice, prompt: Pick, options: [{options}]}}\n" + END
    assert only(load(body), "many-options").severity == "warning"
    assert codes(load(body.replace(", {value: o10, label: O10}", ""))) == []


def test_a_text_over_3000_characters_is_a_warning() -> None:
    body = f"steps:\n  - {{id: hi, type: message, text: '{'x' * 3001}'}}\n" + END
    assert only(load(body), "long-text").severity == "warning"
