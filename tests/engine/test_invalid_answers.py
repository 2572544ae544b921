from __future__ import annotations

from tests.engine.helpers import Run, engine_for, recorded, says

FLOW = """
steps:
  - id: skippable
    type: scale
    prompt: "A number?"
    min: 1
    max: 5
    optional: true
    on_invalid:
      message: "Just a number from 1 to 5, please."
      max_attempts: 2
      fallback: skip
  - id: jumping
    type: choice
    prompt: "A or B?"
    options:
      - {value: a, label: "A"}
      - {value: b, label: "B"}
    on_invalid:
      max_attempts: 2
      fallback: rescue
  - id: helped
    type: text
    prompt: "Something short?"
    max_length: 5
    help: "Five letters at most."
  - id: done
    type: end
  - id: rescue
    type: text
    prompt: "Let's try it another way."
    next: helped
"""


def test_an_invalid_answer_re_prompts_with_the_steps_message() -> None:
    run = Run(engine_for(FLOW))
    effects = run.text("lots")
    assert says(effects) == ["Just a number from 1 to 5, please."]
    assert says(effects, "reprompt") == says(effects)
    assert run.ask.step_id == "skippable"
    assert run.ask.seq == 1
    assert run.session.attempts == 1


def test_fallback_skip_stores_nothing_and_moves_on() -> None:
    run = Run(engine_for(FLOW))
    run.text("lots")
    effects = run.text("more")
    assert recorded(effects) == {"skippable": None}
    assert run.ask.step_id == "jumping"
    assert run.session.attempts == 0
    assert run.session.history == ["skippable"]


def test_fallback_to_a_step_goes_there() -> None:
    run = Run(engine_for(FLOW))
    run.option("3")
    run.text("c")
    assert says(run.effects, "reprompt") == ["Please choose one of the options below."]
    run.text("d")
    assert run.state == "rescue"
    assert "jumping" not in run.answers
    run.text("ok")
    assert run.state == "helped"


def test_no_fallback_shows_help_and_starts_counting_again() -> None:
    run = Run(engine_for(FLOW))
    run.option("3")
    run.option("a")
    run.text("toolong")
    run.text("toolong")
    effects = run.text("toolong")
    assert says(effects, "reprompt") == ["That is too long for this step. Please keep it within 5 characters."]
    assert says(effects, "help") == ["Five letters at most."]
    assert run.session.attempts == 0
    assert run.ask.step_id == "helped"
    run.text("ok")
    assert run.session.status == "completed"
