from __future__ import annotations

import pytest

from tests.engine.helpers import Run, buttons, engine_for, recorded, says

FLOW = """
steps:
  - id: start
    type: choice
    label: "Start"
    prompt: "Shall we begin?"
    options:
      - {value: "go", label: "Let's <b>begin</b>", description: "About 5 minutes."}
      - {value: "later", label: "Not now", next: not_now}
  - id: situation
    type: text
    prompt: "You chose {start}."
  - id: done
    type: end
  - id: not_now
    type: end
    outcome: not_now
    text: "Maybe later."
"""


def test_options_are_buttons_and_descriptions_follow_the_prompt() -> None:
    ask = Run(engine_for(FLOW)).ask
    assert ask.kind == "choice"
    assert buttons(ask) == [("option", "go"), ("option", "later")]
    assert [b.label for b in ask.buttons] == ["Let's begin", "Not now"]
    assert ask.text == "Shall we begin?\n\n• Let's <b>begin</b>: About 5 minutes."


def test_an_option_is_stored_by_value_and_shown_by_label() -> None:
    run = Run(engine_for(FLOW))
    effects = run.option("go")
    assert recorded(effects) == {"start": "go"}
    assert run.ask.text == "You chose Let's begin."
    assert run.engine.answer_text(run.session, "start") == "Let's begin"


def test_an_option_next_jumps() -> None:
    run = Run(engine_for(FLOW))
    effects = run.option("later")
    assert run.session.status == "ended"
    assert run.session.outcome == "not_now"
    assert effects[-1].text == "Maybe later."  # type: ignore[union-attr]


@pytest.mark.parametrize("typed", ["let's begin", "  LET'S   BEGIN ", "1"])
def test_typing_a_label_or_number_chooses(typed: str) -> None:
    run = Run(engine_for(FLOW))
    effects = run.text(typed)
    assert recorded(effects) == {"start": "go"}


def test_other_text_re_prompts() -> None:
    run = Run(engine_for(FLOW))
    effects = run.text("maybe")
    assert says(effects, "reprompt") == ["Please choose one of the options below."]
    assert run.ask.step_id == "start"
    assert run.ask.seq == 1
