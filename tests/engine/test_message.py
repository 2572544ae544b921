from __future__ import annotations

from tests.engine.helpers import Run, buttons, engine_for, says

FLOW = """
steps:
  - id: name
    type: text
    prompt: "Your name?"
  - id: hello
    type: message
    text: "Hello, <b>{name}</b>."
  - id: ready
    type: message
    text: "Ready, {name}?"
    button: "I'm <i>ready</i>"
  - id: done
    type: end
"""


def test_a_message_without_a_button_is_said_and_the_flow_goes_on() -> None:
    run = Run(engine_for(FLOW))
    effects = run.text("Ann")
    assert says(effects, "message") == ["Hello, <b>Ann</b>."]
    assert run.ask.step_id == "ready"


def test_client_text_in_a_message_is_escaped_and_author_markup_kept() -> None:
    run = Run(engine_for(FLOW))
    effects = run.text("<script>&")
    assert says(effects, "message") == ["Hello, <b>&lt;script&gt;&amp;</b>."]


def test_a_message_with_a_button_waits_for_continue() -> None:
    run = Run(engine_for(FLOW))
    run.text("Ann")
    ask = run.ask
    assert (ask.kind, ask.text, ask.accepts_text) == ("button", "Ready, Ann?", False)
    assert buttons(ask) == [("action", "continue")]
    assert ask.buttons[0].label == "I'm ready"  # button labels are plain text
    assert ask.seq == run.session.seq == 2
    effects = run.action("continue")
    assert run.session.status == "completed"
    assert effects[-1].outcome == "completed"  # type: ignore[union-attr]


def test_typing_at_a_button_re_prompts() -> None:
    run = Run(engine_for(FLOW))
    run.text("Ann")
    effects = run.text("ok")
    assert says(effects, "reprompt") == ["Press the button below when you are ready to go on."]
    assert run.ask.seq == 2
    assert run.state == "ready"


def test_a_button_message_is_not_a_question_for_back() -> None:
    run = Run(engine_for(FLOW))
    run.text("Ann")
    assert run.session.history == ["name"]
    run.command("back")
    assert run.state == "name"
    assert run.ask.previous == "Ann"
