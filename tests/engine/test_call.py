from __future__ import annotations

from tests.engine.helpers import Run, engine_for, recorded

FLOW = """
steps:
  - id: mood_before
    type: call
    block: rate
  - id: middle
    type: text
    prompt: "Before: {mood_before.rating} ({mood_before.note})"
  - id: mood_after
    type: call
    block: rate
  - id: done
    type: end
    text: "{mood_before.rating} -> {mood_after.rating}"
blocks:
  rate:
    steps:
      - id: rating
        type: scale
        prompt: "How strong?"
        min: 0
        max: 10
      - id: note
        type: text
        prompt: "Why {rating}?"
        optional: true
"""


def test_block_answers_are_stored_under_the_call_step() -> None:
    run = Run(engine_for(FLOW))
    assert run.state == "mood_before/rating"
    assert run.ask.step_id == "rating"
    effects = run.option("8")
    assert recorded(effects) == {"mood_before.rating": 8}
    assert run.state == "mood_before/note"
    assert run.ask.text == "Why 8?"  # inside the block, its own ids name its answers
    run.text("work")
    assert run.state == "middle"  # falling off the block continues after the call
    assert run.ask.text == "Before: 8 (work)"


def test_the_same_block_called_twice_keeps_both_answers() -> None:
    run = Run(engine_for(FLOW))
    run.option("8")
    run.text("work")
    run.text("ok")
    assert run.state == "mood_after/rating"
    run.option("3")
    assert run.ask.text == "Why 3?"
    effects = run.action("skip")
    assert run.answers == {
        "mood_before.rating": 8,
        "mood_before.note": "work",
        "middle": "ok",
        "mood_after.rating": 3,
        "mood_after.note": None,
    }
    assert effects[-1].text == "8 -> 3"  # type: ignore[union-attr]
    assert run.session.status == "completed"


def test_back_crosses_into_and_out_of_a_block() -> None:
    run = Run(engine_for(FLOW))
    run.option("8")
    run.text("work")
    run.text("ok")
    run.command("back")
    assert run.state == "middle"
    assert run.ask.previous == "ok"
    run.command("back")
    assert run.state == "mood_before/note"
    assert run.ask.previous == "work"
    run.command("back")
    assert run.state == "mood_before/rating"
    assert run.ask.previous == "8"
    run.option("5")
    assert run.state == "mood_before/note"
    assert run.answers["mood_before.rating"] == 5


NESTED = """
steps:
  - id: outer
    type: call
    block: first
  - id: after
    type: text
    prompt: "{outer.inner.deep}/{outer.mid}"
  - id: done
    type: end
blocks:
  first:
    steps:
      - id: inner
        type: call
        block: second
      - id: mid
        type: text
        prompt: "Got {inner.deep}"
  second:
    steps:
      - id: deep
        type: text
        prompt: "Deep?"
      - id: quit
        type: choice
        prompt: "Quit?"
        options:
          - {value: "yes", label: "Yes", next: stop}
          - {value: "no", label: "No"}
      - id: stop_skip
        type: goto
        target: back_out
      - id: stop
        type: end
        outcome: stopped_inside
      - id: back_out
        type: message
        text: "Leaving the inner block."
"""


def test_blocks_nest_with_one_level_per_call() -> None:
    run = Run(engine_for(NESTED))
    assert run.state == "outer/inner/deep"
    assert recorded(run.text("x")) == {"outer.inner.deep": "x"}
    run.option("no")
    assert run.state == "outer/mid"
    assert run.ask.text == "Got x"
    run.text("y")
    assert run.ask.text == "x/y"


def test_an_end_inside_a_block_ends_the_whole_flow() -> None:
    run = Run(engine_for(NESTED))
    run.text("x")
    run.option("yes")
    assert (run.session.status, run.session.outcome) == ("ended", "stopped_inside")
    assert run.state == "outer/inner/stop"
