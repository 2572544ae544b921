from __future__ import annotations

from tests.engine.helpers import Run, buttons, engine_for, recorded, says

FLOW = """
steps:
  - id: traps
    type: multi_choice
    prompt: "Which traps?"
    min_selected: 1
    max_selected: 2
    options:
      - {value: all_or_nothing, label: "All or nothing"}
      - {value: labeling, label: "Labeling"}
      - {value: mind_reading, label: "Mind reading"}
    other: {label: "Other…", prompt: "Describe it."}
  - id: shown
    type: text
    prompt: "You chose: {traps}"
  - id: done
    type: end
"""


def marks(run: Run) -> list[str]:
    return [b.value for b in run.ask.buttons if b.selected]


def test_options_toggle_in_the_draft_and_the_same_question_is_shown_again() -> None:
    run = Run(engine_for(FLOW))
    assert run.ask.kind == "multi_choice"
    assert buttons(run.ask) == [
        ("option", "all_or_nothing"), ("option", "labeling"), ("option", "mind_reading"),
        ("action", "other"), ("action", "done"),
    ]
    run.option("mind_reading")
    run.option("labeling")
    assert marks(run) == ["labeling", "mind_reading"]
    assert run.session.draft["selected"] == ["labeling", "mind_reading"]
    run.option("mind_reading")
    assert marks(run) == ["labeling"]
    assert run.ask.seq == 1
    assert run.answers == {}


def test_done_stores_values_in_option_order() -> None:
    run = Run(engine_for(FLOW))
    run.option("mind_reading")
    run.option("all_or_nothing")
    effects = run.action("done")
    assert recorded(effects) == {"traps": {"selected": ["all_or_nothing", "mind_reading"], "other": None}}
    assert run.ask.text == "You chose: All or nothing, Mind reading"
    assert run.session.draft == {}


def test_done_outside_min_and_max_re_prompts() -> None:
    run = Run(engine_for(FLOW))
    effects = run.action("done")
    assert says(effects, "reprompt") == ["Please choose at least 1, then press Done."]
    for value in ("all_or_nothing", "labeling", "mind_reading"):
        run.option(value)
    effects = run.action("done")
    assert says(effects, "reprompt") == ["Please choose at most 2, then press Done."]
    assert marks(run) == ["all_or_nothing", "labeling", "mind_reading"]
    assert run.answers == {}


def test_other_asks_for_text_which_counts_as_a_choice() -> None:
    run = Run(engine_for(FLOW))
    run.action("other")
    assert (run.ask.kind, run.ask.text, run.ask.seq) == ("other_text", "Describe it.", 1)
    run.text("  catastrophising <b> ")
    assert run.ask.kind == "multi_choice"
    assert marks(run) == ["other"]
    effects = run.action("done")
    assert recorded(effects) == {"traps": {"selected": [], "other": "catastrophising <b>"}}
    assert run.ask.text == "You chose: catastrophising &lt;b&gt;"


def test_pressing_a_chosen_other_again_takes_it_back() -> None:
    run = Run(engine_for(FLOW))
    run.action("other")
    run.text("something")
    run.action("other")
    assert run.session.draft["other"] is None
    assert marks(run) == []


def test_back_from_the_other_text_returns_to_the_options() -> None:
    run = Run(engine_for(FLOW))
    run.option("labeling")
    run.action("other")
    run.command("back")
    assert run.ask.kind == "multi_choice"
    assert marks(run) == ["labeling"]


def test_typing_a_label_toggles_it() -> None:
    run = Run(engine_for(FLOW))
    run.text("labeling")
    run.text("  MIND reading")
    assert marks(run) == ["labeling", "mind_reading"]
    effects = run.text("nothing like that")
    assert says(effects, "reprompt") == ["Tap the options that fit (tap again to undo), then press Done."]


def test_going_back_starts_from_the_earlier_choice() -> None:
    run = Run(engine_for(FLOW))
    run.option("labeling")
    run.action("done")
    run.command("back")
    assert marks(run) == ["labeling"]
    assert run.ask.previous == "Labeling"
