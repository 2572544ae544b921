from __future__ import annotations

from tests.engine.helpers import Run, buttons, engine_for, recorded, says

FLOW = """
steps:
  - id: situation
    type: text
    label: "<b>Situation</b>"
    prompt: "What happened?"
  - id: mood
    type: call
    block: rate
  - id: thought
    type: text
    label: "Thoughts"
    prompt: "A thought?"
    append: true
  - id: traps
    type: multi_choice
    prompt: "Traps?"
    options:
      - {value: a, label: "Trap A"}
      - {value: b, label: "Trap B"}
  - id: review
    type: summary
    prompt: "Your record:"
    items: [situation, mood.level, thought, traps]
    confirm_label: "All good"
  - id: everything
    type: summary
    prompt: "Everything:"
  - id: done
    type: end
blocks:
  rate:
    steps:
      - id: level
        type: scale
        label: "Mood"
        prompt: "Mood?"
        min: 0
        max: 10
"""


def at_summary() -> Run:
    run = Run(engine_for(FLOW))
    run.text("at <work>")
    run.option("6")
    run.text("I failed")
    run.option("b")
    run.action("done")
    return run


def test_a_summary_lists_the_items_with_an_edit_button_each() -> None:
    run = at_summary()
    ask = run.ask
    assert ask.kind == "summary"
    assert not ask.accepts_text
    assert ask.text == (
        "Your record:\n\n<b>Situation</b>: at &lt;work&gt;\nMood: 6\nThoughts:\n• I failed\ntraps: Trap B"
    )
    assert buttons(ask) == [("edit", "situation"), ("edit", "mood.level"), ("edit", "thought"),
                            ("edit", "traps"), ("action", "confirm")]
    assert [b.label for b in ask.buttons] == ["Change: Situation", "Change: Mood", "Change: Thoughts",
                                              "Change: traps", "All good"]


def test_editing_an_answer_comes_back_to_the_summary() -> None:
    run = at_summary()
    history = list(run.session.history)
    run.action("edit", "situation")
    assert run.state == "situation"
    assert run.session.return_to == "review"
    assert run.ask.previous == "at &lt;work&gt;"
    effects = run.text("at home")
    assert recorded(effects) == {"situation": "at home"}
    assert run.state == "review"
    assert run.session.return_to is None
    assert run.session.history == history
    assert "<b>Situation</b>: at home" in run.ask.text


def test_editing_an_answer_inside_a_block() -> None:
    run = at_summary()
    run.action("edit", "mood.level")
    assert run.state == "mood/level"
    assert run.ask.previous == "6"
    run.option("2")
    assert run.state == "review"
    assert "Mood: 2" in run.ask.text


def test_editing_an_appended_answer_rewrites_its_last_item() -> None:
    run = at_summary()
    run.action("edit", "thought")
    assert run.ask.previous == "I failed"
    run.text("I made a mistake")
    assert run.answers["thought"] == ["I made a mistake"]
    assert run.state == "review"


def test_back_from_an_edit_returns_to_the_summary_unchanged() -> None:
    run = at_summary()
    run.action("edit", "traps")
    assert [b.value for b in run.ask.buttons if b.selected] == ["b"]
    run.option("a")
    run.command("back")
    assert run.state == "review"
    assert run.session.return_to is None
    assert run.answers["traps"] == {"selected": ["b"], "other": None}


def test_confirm_goes_on_and_the_default_summary_shows_every_answer_in_flow_order() -> None:
    run = at_summary()
    run.action("confirm")
    assert run.session.history[-1] == "review"
    ask = run.ask
    assert ask.text.splitlines()[2:] == [
        "<b>Situation</b>: at &lt;work&gt;", "Mood: 6", "Thoughts:", "• I failed", "traps: Trap B",
    ]
    assert buttons(ask)[-1] == ("action", "confirm")
    assert ask.buttons[-1].label == "Looks right"
    run.action("confirm")
    assert run.session.status == "completed"


def test_an_edit_of_something_not_in_the_summary_is_stale() -> None:
    run = at_summary()
    for arg in ("nope", None, "review"):
        effects = run.action("edit", arg)
        assert says(effects, "stale")
        assert run.state == "review"


def test_typing_at_a_summary_re_prompts() -> None:
    run = at_summary()
    effects = run.text("fine")
    assert says(effects, "reprompt") == ["Use the buttons below to change an answer, or confirm to go on."]


SOMETIMES = """
steps:
  - id: more
    type: choice
    prompt: "More?"
    options: [{value: y, label: "Yes"}, {value: n, label: "No", next: review}]
  - {id: extra, type: text, label: "Extra", prompt: "Which?", optional: true}
  - id: review
    type: summary
    prompt: "Your record:"
    items: [more, extra]
  - {id: done, type: end}
"""


def test_a_listed_item_the_way_never_asked_is_left_out_and_a_skipped_one_shows_as_a_dash() -> None:
    passed_by = Run(engine_for(SOMETIMES))
    passed_by.option("n")
    assert passed_by.ask.text == "Your record:\n\nmore: No"
    assert buttons(passed_by.ask) == [("edit", "more"), ("action", "confirm")]
    skipped = Run(engine_for(SOMETIMES))
    skipped.option("y")
    skipped.action("skip")
    assert skipped.ask.text == "Your record:\n\nmore: Yes\nExtra: —"
