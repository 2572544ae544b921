from __future__ import annotations

from tests.engine.helpers import Run, ended, engine_for

FLOW = """
steps:
  - id: before
    type: scale
    prompt: "Distress now?"
    min: 0
    max: 10
    rating: {measure: distress, when: before}
  - id: mood
    type: call
    block: mood_rating
  - id: name
    type: text
    prompt: "Your name?"
  - id: after
    type: scale
    prompt: "Distress now?"
    min: 0
    max: 10
    optional: true
    rating: {measure: distress, when: after}
  - id: mood_again
    type: call
    block: mood_rating_after
  - id: done
    type: end
    text: "Well done, <b>{name}</b>."
blocks:
  mood_rating:
    steps:
      - id: level
        type: scale
        prompt: "Mood?"
        min: 0
        max: 100
        step: 10
        rating: {measure: mood, when: before}
  mood_rating_after:
    steps:
      - id: level
        type: scale
        prompt: "Mood?"
        min: 0
        max: 100
        step: 10
        rating: {measure: mood, when: after}
"""


def test_end_completes_with_its_text_and_the_ratings_before_and_after() -> None:
    run = Run(engine_for(FLOW))
    run.option("8")
    run.option("70")
    run.text("<Ann>")
    run.option("3")
    end = ended(run.option("40"))
    assert end.outcome == "completed"
    assert end.text == "Well done, <b>&lt;Ann&gt;</b>."
    assert end.ratings == {"distress": (8, 3), "mood": (70, 40)}
    assert (run.session.status, run.session.outcome) == ("completed", "completed")


def test_a_skipped_rating_is_none() -> None:
    run = Run(engine_for(FLOW))
    run.option("8")
    run.option("70")
    run.text("Ann")
    run.action("skip")
    assert ended(run.option("40")).ratings["distress"] == (8, None)


def test_cancel_reports_the_ratings_so_far() -> None:
    run = Run(engine_for(FLOW))
    run.option("8")
    end = ended(run.command("cancel"))
    assert end.ratings == {"distress": (8, None)}  # mood was never rated: not there at all


def test_a_named_outcome_ends_rather_than_completes() -> None:
    run = Run(engine_for("""
        steps:
          - id: go
            type: choice
            prompt: "Go?"
            options:
              - {value: "no", label: "No", next: not_now}
              - {value: "yes", label: "Yes"}
          - id: done
            type: end
          - id: not_now
            type: end
            outcome: not_now
        """))
    end = ended(run.option("no"))
    assert (end.outcome, end.text, end.ratings) == ("not_now", None, {})
    assert (run.session.status, run.session.outcome) == ("ended", "not_now")


def test_a_flow_that_starts_at_its_end_is_finished_at_start() -> None:
    run = Run(engine_for("""
        start: bye
        steps:
          - id: hello
            type: message
            text: "Hi"
          - id: bye
            type: end
            text: "Bye"
        """))
    assert ended(run.effects).text == "Bye"
    assert run.session.status == "completed"
