from __future__ import annotations

from tests.engine.helpers import Run, engine_for, recorded

FLOW = """
steps:
  - id: before
    type: scale
    prompt: "Before?"
    min: 0
    max: 10
    optional: true
  - id: after
    type: scale
    prompt: "After?"
    min: 0
    max: 10
  - id: traps
    type: multi_choice
    prompt: "Traps?"
    options:
      - {value: a, label: "A"}
      - {value: b, label: "B"}
    other: {label: "Other", prompt: "Which?"}
  - id: thought
    type: text
    prompt: "Thought?"
    append: true
  - id: more
    type: choice
    prompt: "More?"
    options:
      - {value: "yes", label: "Yes", next: thought}
      - {value: "no", label: "No"}
  - id: literal
    type: set
    value: "fixed"
  - id: number
    type: set
    value: 2.5
  - id: copy
    type: set
    value: {answer: thought}
  - id: total
    type: set
    value: {add: [before, after, 1]}
  - id: change
    type: set
    value: {subtract: [after, before]}
  - id: trap_count
    type: set
    value: {count: traps}
  - id: thought_count
    type: set
    value: {count: thought}
  - id: show
    type: text
    prompt: "{change} {trap_count} {thought_count} {number}"
  - id: done
    type: end
"""


def answer_everything(run: Run, before: str | None) -> dict[str, object]:
    if before is None:
        run.action("skip")
    else:
        run.option(before)
    run.option("3")
    run.option("a")
    run.action("other")
    run.text("mine")
    run.action("done")
    run.text("one")
    run.option("yes")
    run.text("two")
    return recorded(run.option("no"))


def test_set_computes_literals_copies_sums_differences_and_counts() -> None:
    run = Run(engine_for(FLOW))
    assert answer_everything(run, "8") == {
        "more": "no",
        "literal": "fixed",
        "number": 2.5,
        "copy": ["one", "two"],
        "total": 12,
        "change": -5,
        "trap_count": 2,
        "thought_count": 2,
    }
    assert run.ask.text == "-5 2 2 2.5"


def test_arithmetic_on_a_skipped_answer_gives_nothing() -> None:
    run = Run(engine_for(FLOW))
    values = answer_everything(run, None)
    assert values["total"] is None
    assert values["change"] is None
    assert run.ask.text.startswith("— 2 2")


def test_a_copied_answer_does_not_change_with_the_original() -> None:
    run = Run(engine_for(FLOW))
    answer_everything(run, "8")
    copied = run.answers["copy"]
    assert copied == run.answers["thought"]
    assert copied is not run.answers["thought"]
