from __future__ import annotations

import pytest

from tests.engine.helpers import Run, engine_for

FLOW = """
steps:
  - id: distress
    type: scale
    prompt: "Distress?"
    min: 0
    max: 10
    optional: true
  - id: traps
    type: multi_choice
    prompt: "Traps?"
    min_selected: 0
    options:
      - {value: mind_reading, label: "Mind reading"}
      - {value: labeling, label: "Labeling"}
  - id: route
    type: branch
    cases:
      - when: {answer: distress, gte: 7}
        goto: high
      - when:
          all:
            - {answer: traps, includes: mind_reading}
            - {not: {answer: distress, skipped: true}}
        goto: mind
      - when:
          any:
            - {answer: distress, in: [0, 1]}
            - {answer: distress, equals: 2}
        goto: calm
      - when: {answer: distress, skipped: true}
        goto: skipped
    else: other
  - id: high
    type: end
    outcome: high
  - id: mind
    type: end
    outcome: mind
  - id: calm
    type: end
    outcome: calm
  - id: skipped
    type: end
    outcome: skipped
  - id: other
    type: end
    outcome: other
"""


@pytest.mark.parametrize(
    ("distress", "traps", "outcome"),
    [
        ("9", [], "high"),
        ("7", ["mind_reading"], "high"),
        ("5", ["mind_reading"], "mind"),
        (None, ["mind_reading"], "skipped"),
        ("1", ["labeling"], "calm"),
        ("2", [], "calm"),
        ("5", ["labeling"], "other"),
    ],
)
def test_the_first_case_that_holds_wins_else_else(
    distress: str | None, traps: list[str], outcome: str
) -> None:
    run = Run(engine_for(FLOW))
    if distress is None:
        run.action("skip")
    else:
        run.option(distress)
    for value in traps:
        run.option(value)
    run.action("done")
    assert run.session.outcome == outcome
    assert run.state == outcome


LOOP = """
steps:
  - id: thought
    type: text
    prompt: "A thought?"
  - id: another
    type: choice
    prompt: "Another?"
    options:
      - {value: "yes", label: "Yes"}
      - {value: "no", label: "No", next: done}
  - id: loop_back
    type: goto
    target: thought
  - id: done
    type: end
"""


def test_goto_jumps_back_to_loop() -> None:
    run = Run(engine_for(LOOP))
    run.text("one")
    run.option("yes")
    assert run.state == "thought"
    assert run.ask.previous == "one"
    run.text("two")
    run.option("no")
    assert run.session.status == "completed"
    assert run.session.history == ["thought", "another", "thought", "another"]


def test_a_loop_that_never_waits_ends_the_session_instead_of_hanging() -> None:
    run = Run(engine_for("""
        steps:
          - id: first
            type: set
            value: 1
          - id: check
            type: branch
            cases:
              - when: {answer: first, equals: 1}
                goto: first
            else: done
          - id: done
            type: end
        """))
    assert run.session.status == "ended"
    assert run.session.outcome == "error"
