"""A choice whose options are the items of an earlier `append` list (the thought record's hot thought)."""

from __future__ import annotations

import pytest

from bot.engine.steps.list_items import LABEL_WIDTH, short_label
from tests.engine.helpers import Run, buttons, engine_for, recorded, restored, says

FLOW = """
steps:
  - id: thought
    type: text
    prompt: "A thought?"
    append: true
  - id: another
    type: choice
    prompt: "Another?"
    options:
      - {value: "yes", label: "Add another", next: thought}
      - {value: "no", label: "That's all"}
  - id: hot
    type: choice
    label: "Hot thought"
    prompt: "Your thoughts:\\n{thought}\\nWhich is hottest?"
    options_from: thought
    other:
      label: "Write it differently"
      prompt: "Write it in your own words."
  - id: weigh
    type: text
    prompt: "<blockquote>{hot}</blockquote> Evidence?"
  - id: done
    type: end
"""

LONG = "I am going to be fired and nobody will ever want to hire me again after this mess"


def at_hot(*thoughts: str) -> Run:
    run = Run(engine_for(FLOW))
    for i, thought in enumerate(thoughts):
        run.text(thought)
        run.option("yes" if i + 1 < len(thoughts) else "no")
    assert run.ask.step_id == "hot"
    return run


def test_the_lists_items_are_the_options_then_the_own_words_button() -> None:
    ask = at_hot("They will fire me", "Everyone saw it").ask
    assert ask.kind == "choice"
    assert [b.label for b in ask.buttons] == ["They will fire me", "Everyone saw it", "Write it differently"]
    assert [kind for kind, _value in buttons(ask)] == ["option", "option", "action"]
    assert ask.text == "Your thoughts:\n• They will fire me\n• Everyone saw it\nWhich is hottest?"


def test_pressing_an_item_stores_its_text_which_later_steps_quote() -> None:
    run = at_hot("They will fire me", "Everyone saw <it> & laughed")
    effects = run.option(run.ask.buttons[1].value)
    assert recorded(effects) == {"hot": "Everyone saw <it> & laughed"}
    assert run.ask.text == "<blockquote>Everyone saw &lt;it&gt; &amp; laughed</blockquote> Evidence?"
    assert run.engine.answer_text(run.session, "hot") == "Everyone saw <it> & laughed"


@pytest.mark.parametrize(("typed", "chosen"), [("2", "Everyone saw it"), ("  everyone SAW it ", "Everyone saw it"),
                                               ("They will fire me", "They will fire me")])
def test_typing_an_items_number_or_text_chooses_it(typed: str, chosen: str) -> None:
    run = at_hot("They will fire me", "Everyone saw it")
    assert recorded(run.text(typed)) == {"hot": chosen}


def test_own_words_after_the_button_are_the_answer_and_back_returns_to_the_list() -> None:
    run = at_hot("They will fire me")
    run.action("other")
    assert (run.ask.kind, run.ask.text) == ("other_text", "Write it in your own words.")
    run.command("back")
    assert run.ask.kind == "choice" and run.state == "hot"
    run.action("other")
    effects = run.text("  I'll lose everything  ")
    assert recorded(effects) == {"hot": "I'll lose everything"}
    assert run.state == "weigh"


def test_typed_words_that_match_no_item_are_taken_as_own_words() -> None:
    run = at_hot("They will fire me")
    assert recorded(run.text("I'm useless at this job")) == {"hot": "I'm useless at this job"}


def test_a_number_that_is_no_item_is_asked_again() -> None:
    run = at_hot("They will fire me")
    effects = run.text("7")
    assert says(effects, "reprompt") == ["Please choose one of the options below."]
    assert run.answers.get("hot") is None and run.ask.step_id == "hot"


def test_a_long_item_is_shortened_on_its_button_at_a_word_and_shown_whole_in_the_prompt() -> None:
    ask = at_hot(LONG).ask
    label = ask.buttons[0].label
    assert label == "I am going to be fired and nobody will…"
    assert len(label) <= LABEL_WIDTH
    assert LONG in ask.text


@pytest.mark.parametrize(("text", "label"), [
    ("short", "short"),
    ("line one\nline   two", "line one line two"),
    ("x" * 100, "x" * (LABEL_WIDTH - 1) + "…"),
    ("Я никогда не справлюсь с этой работой, все уже это заметили", "Я никогда не справлюсь с этой работой…"),
])
def test_short_labels(text: str, label: str) -> None:
    assert short_label(text) == label
    assert len(short_label(text)) <= LABEL_WIDTH


def test_the_options_come_back_the_same_from_the_stored_session() -> None:
    run = at_hot("They will fire me", "Everyone saw it")
    shown = run.ask
    again = run.engine.prompt(restored(run.session))[-1]
    assert again == shown
    run.session = restored(run.session)
    assert recorded(run.option(shown.buttons[0].value)) == {"hot": "They will fire me"}


def test_a_button_for_an_item_no_longer_in_its_place_is_stale_and_the_current_list_is_shown() -> None:
    run = at_hot("They will fire me", "Everyone saw it")
    old = run.ask.buttons[1].value
    run.command("back")
    run.command("back")  # the second thought again, rewritten
    run.text("Nobody saw it, actually")
    run.option("no")
    assert run.answers["thought"] == ["They will fire me", "Nobody saw it, actually"]
    effects = run.option(old)  # pressed with the current prompt's number: only the item tells
    assert says(effects, "stale") == ["That button belongs to an earlier question. Here is where we are now:"]
    assert "hot" not in run.answers
    assert [b.label for b in run.ask.buttons] == ["They will fire me", "Nobody saw it, actually",
                                                  "Write it differently"]


@pytest.mark.parametrize("value", ["item:5:00000000", "item:0:ffffffff", "item:x", "item:", "yes"])
def test_a_forged_item_button_is_stale(value: str) -> None:
    run = at_hot("They will fire me")
    effects = run.option(value)
    assert says(effects, "stale")
    assert "hot" not in run.answers


def test_own_words_too_long_or_blank_are_asked_again_and_nothing_is_stored() -> None:
    run = at_hot("They will fire me")
    run.action("other")
    too_long = "That is too long for this step. Please keep it within 500 characters."
    assert says(run.text("x" * 501), "reprompt") == [too_long]
    assert says(run.text("   "), "reprompt") == ["Please describe it in a few words."]
    assert "hot" not in run.answers and run.ask.kind == "other_text"
