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
    run.text("I'm going to be fired")
    run.option("yes")
    run.text("I always mess up")
    run.option("no")
    run.text("I'm going to be fired")
    run.action("done")
    run.text("He wrote urgent")
    run.text("My last review was good")
    run.text("He is busy, and trusts me")
    run.option("70")
    run.option(mood_after)
    assert run.state == "review"
    return run


def test_a_changed_rating_decides_the_ending_and_the_change() -> None:
    run = at_the_review("40")
    run.action("edit", "mood_after")
    run.option("90")
    assert run.state == "review"
    run.action("confirm")
    end = ended(run.effects)
    assert end.text is not None and end.text.startswith("<b>anxious: 80 → 90</b>\n\nSometimes a feeling")
    assert end.ratings == {"mood": (80, 90)}
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
