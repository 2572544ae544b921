"""Changing answers at the shipped thought record's summary. Its computed change and its branch come after
the summary, so they always saw the final answers; these tests keep it so, and keep its loop of automatic
thoughts whole when an earlier answer is changed."""

from __future__ import annotations

from bot.engine import FlowEngine
from bot.flow_dirs import SHIPPED_FLOWS
from bot.flowspec import load_flow_file
from tests.engine.helpers import Run, ended, says

RECORD = load_flow_file(SHIPPED_FLOWS / "thought_record.yaml").flow
assert RECORD is not None


def at_the_review(mood_after: str = "40") -> Run:
    run = Run(FlowEngine(RECORD))
    run.option("start")
    run.text("Tuesday, a message from my boss")
    run.text("anxious")
    run.option("80")
    run.action("skip")  # no second mood
    run.text("I'm going to be fired")
    run.option("yes")
    run.text("I always mess up")
    run.option("no")
    run.text("I'm going to be fired")
    run.option("90")  # belief in the hot thought
    run.action("done")
    run.text("He wrote urgent")
    run.text("My last review was good")
    run.text("He is busy, and trusts me")
    run.option("70")
    run.option("50")  # belief in the hot thought, again
    run.option(mood_after)
    assert run.state == "review"
    return run


def test_a_changed_rating_decides_the_ending_and_the_change() -> None:
    run = at_the_review("40")
    run.action("edit", "mood_after")
    run.option("90")
    assert run.state == "review"
    effects = run.action("confirm")
    assert "<b>anxious: 80 → 90</b>" in says(effects)
    end = ended(effects)
    assert end.text is not None and end.text.startswith("Looking closely at a painful moment")
    assert end.ratings == {"mood": (80, 90), "belief": (90, 50)}
    straight = at_the_review("90")
    straight.action("confirm")
    assert run.answers == straight.answers
    assert run.answers["mood_change"] == 10


def test_changing_the_situation_keeps_every_automatic_thought_and_asks_nothing_else() -> None:
    run = at_the_review()
    history = list(run.session.history)
    run.action("edit", "situation")
    effects = run.text("Tuesday evening, at home, a message from my boss")
    assert run.state == "review"
    assert says(effects) == []
    assert run.session.history == history
    assert run.answers["automatic_thought"] == ["I'm going to be fired", "I always mess up"]


def test_naming_a_second_mood_at_the_review_asks_only_its_ratings() -> None:
    run = at_the_review()
    run.action("edit", "mood_2_name")
    run.text("ashamed")
    assert (run.state, run.ask.text) == ("mood_2_before", run.ask.text)
    assert "<b>ashamed</b>" in run.ask.text
    run.option("60")
    assert run.state == "mood_3_name"
    run.action("skip")
    assert run.state == "mood_2_after"  # everything between was answered already
    run.option("30")
    assert run.state == "review"
    assert "Second mood: ashamed" in run.ask.text
    effects = run.action("confirm")
    assert says(effects)[:2] == ["<b>anxious: 80 → 40</b>", "<b>ashamed: 60 → 30</b>"]
    assert ended(effects).ratings == {"mood": (80, 40), "mood_2": (60, 30), "belief": (90, 50)}


def test_dropping_the_second_mood_at_the_review_drops_its_ratings() -> None:
    run = Run(FlowEngine(RECORD))
    for kind, value in [("option", "start"), ("text", "At work"), ("text", "angry"), ("option", "70"),
                        ("text", "hurt"), ("option", "50"), ("action", "skip"), ("text", "They ignore me"),
                        ("option", "no"), ("text", "They ignore me"), ("option", "80"), ("action", "done"),
                        ("text", "No reply"), ("text", "They are busy"), ("text", "They may be busy"),
                        ("option", "60"), ("option", "40"), ("option", "30"), ("option", "20")]:
        getattr(run, kind)(value)
    assert run.state == "review"
    run.action("edit", "mood_2_name")
    run.action("skip")
    assert run.state == "review"
    effects = run.action("confirm")
    assert "mood_2_before" not in run.answers and "mood_2_after" not in run.answers
    assert ended(effects).ratings == {"mood": (70, 30), "belief": (80, 40)}
