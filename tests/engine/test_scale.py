from __future__ import annotations

import pytest

from tests.engine.helpers import Run, buttons, engine_for, recorded, says

FLOW = """
steps:
  - id: distress
    type: scale
    prompt: "How distressed?"
    min: 0
    max: 10
    labels: {min: "calm", max: "the worst"}
  - id: percent
    type: scale
    prompt: "How much do you believe it?"
    min: 0
    max: 100
    step: 10
    optional: true
  - id: done
    type: end
"""


def test_a_scale_shows_one_button_per_value_and_its_end_labels() -> None:
    ask = Run(engine_for(FLOW)).ask
    assert ask.kind == "scale"
    assert ask.text == "How distressed?\n\n0: calm\n10: the worst"
    assert buttons(ask) == [("option", str(n)) for n in range(11)]


def test_a_pressed_value_is_stored_as_a_number() -> None:
    run = Run(engine_for(FLOW))
    assert recorded(run.option("7")) == {"distress": 7}
    assert buttons(run.ask)[-1] == ("action", "skip")
    assert run.engine.answer_text(run.session, "distress") == "7"


@pytest.mark.parametrize(("typed", "value"), [("7", 7), (" 7 ", 7), ("7/10", 7), ("0", 0), ("10 / 10", 10)])
def test_a_typed_number_in_range_is_accepted(typed: str, value: int) -> None:
    run = Run(engine_for(FLOW))
    assert recorded(run.text(typed)) == {"distress": value}


@pytest.mark.parametrize("typed", ["11", "-1", "7/100", "70%", "seven", "7.5", "", "7 8", "1" * 5000])
def test_anything_else_re_prompts(typed: str) -> None:
    run = Run(engine_for(FLOW))
    effects = run.text(typed)
    assert says(effects, "reprompt") == ["Please choose a number from 0 to 10."]
    assert run.answers == {}


def test_percent_only_on_a_scale_to_100_and_only_on_its_steps() -> None:
    run = Run(engine_for(FLOW))
    run.option("3")
    effects = run.text("75%")
    assert says(effects, "reprompt") == ["Please choose a number from 0 to 100, in steps of 10."]
    assert recorded(run.text("70%")) == {"percent": 70}


def test_a_value_that_is_not_an_option_is_stale() -> None:
    run = Run(engine_for(FLOW))
    effects = run.option("11")
    assert says(effects, "stale")
    assert run.answers == {}


def test_an_optional_scale_can_be_skipped() -> None:
    run = Run(engine_for(FLOW))
    run.option("3")
    assert recorded(run.action("skip")) == {"percent": None}
    assert run.engine.answer_text(run.session, "percent") == "—"
