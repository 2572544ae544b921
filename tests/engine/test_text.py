from __future__ import annotations

from bot.engine.effects import AnswerRecorded
from tests.engine.helpers import Run, buttons, engine_for, only, recorded, says

FLOW = """
steps:
  - id: situation
    type: text
    prompt: "What happened?"
    min_length: 3
    max_length: 10
  - id: extra
    type: text
    prompt: "Anything else?"
    optional: true
  - id: done
    type: end
"""


def test_a_text_answer_is_stripped_and_recorded() -> None:
    run = Run(engine_for(FLOW))
    assert (run.ask.kind, run.ask.text, run.ask.seq, buttons(run.ask)) == ("text", "What happened?", 1, [])
    effects = run.text("  at work \n")
    assert recorded(effects) == {"situation": "at work"}
    assert run.answers == {"situation": "at work"}
    assert run.session.history == ["situation"]
    assert run.ask.step_id == "extra"
    assert run.ask.seq == 2


def test_raw_keeps_what_was_typed() -> None:
    run = Run(engine_for(FLOW))
    (answer,) = only(run.text("  at work "), AnswerRecorded)
    assert answer.raw == "  at work "


def test_too_short_and_too_long_re_prompt_with_the_same_question() -> None:
    run = Run(engine_for(FLOW))
    effects = run.text("  a ")
    assert says(effects, "reprompt") == ["Please write a little more (at least 3 characters)."]
    assert run.ask.seq == 1
    assert run.session.attempts == 1
    effects = run.text("x" * 11)
    assert says(effects, "reprompt") == [
        "That is too long for this step. Please keep it under 10 characters."
    ]
    assert run.answers == {}
    run.text("x" * 10)
    assert run.answers == {"situation": "x" * 10}


def test_an_optional_text_can_be_skipped() -> None:
    run = Run(engine_for(FLOW))
    run.text("at work")
    assert buttons(run.ask) == [("action", "skip")]
    assert run.ask.buttons[0].label == "Skip"
    effects = run.action("skip")
    assert recorded(effects) == {"extra": None}
    assert run.session.status == "completed"


def test_skip_on_a_required_text_is_a_stale_button() -> None:
    run = Run(engine_for(FLOW))
    effects = run.action("skip")
    assert says(effects, "stale")
    assert run.answers == {}
    assert run.ask.step_id == "situation"


APPEND = """
steps:
  - id: thought
    type: text
    prompt: "A thought?"
    append: true
  - id: another
    type: choice
    prompt: "Another?"
    options:
      - {value: "yes", label: "Yes", next: thought}
      - {value: "no", label: "No"}
  - id: hot
    type: text
    prompt: "Your thoughts:\\n{thought}\\nWhich hurts most?"
  - id: done
    type: end
"""


def test_append_collects_one_item_per_visit_and_shows_them_as_a_list() -> None:
    run = Run(engine_for(APPEND))
    run.text("one")
    run.option("yes")
    assert run.ask.previous is None  # a new item, not a change
    effects = run.text("two <3")
    assert recorded(effects) == {"thought": ["one", "two <3"]}
    run.option("no")
    assert run.ask.text == "Your thoughts:\n• one\n• two &lt;3\nWhich hurts most?"


def test_back_in_an_append_loop_rewrites_that_visit() -> None:
    run = Run(engine_for(APPEND))
    run.text("one")
    run.option("yes")
    run.text("two")
    run.option("no")
    assert run.session.history == ["thought", "another", "thought", "another"]
    run.command("back")
    assert run.state == "another"
    assert run.ask.previous == "No"
    run.command("back")
    assert run.state == "thought"
    assert run.ask.previous == "two"
    run.text("TWO")
    assert run.answers["thought"] == ["one", "TWO"]
    run.command("back")
    run.command("back")
    run.command("back")
    assert run.state == "thought"
    assert run.ask.previous == "one"
    run.text("ONE")
    assert run.answers["thought"] == ["ONE"]  # the later visit is gone with the path that led to it
