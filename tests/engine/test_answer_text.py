"""How answers read in transcripts (`answer_text`: plain, not escaped)."""

from __future__ import annotations

from tests.engine.helpers import Run, engine_for

FLOW = """
steps:
  - id: traps
    type: multi_choice
    prompt: "Traps?"
    min_selected: 0
    options:
      - {value: a, label: "<b>All</b> or nothing"}
      - {value: b, label: "Labeling"}
    other: {label: "Other", prompt: "Which?"}
  - id: thoughts
    type: text
    prompt: "Thought?"
    append: true
  - id: done
    type: end
"""


def test_answers_read_as_plain_text() -> None:
    run = Run(engine_for(FLOW))
    run.option("b")
    run.option("a")
    run.action("other")
    run.text("a < b & c")
    run.action("done")
    run.text("one")
    text = run.engine.answer_text
    assert text(run.session, "traps") == "All or nothing, Labeling, a < b & c"
    assert text(run.session, "thoughts") == "• one"
    assert text(run.session, "never_asked") == "—"
    run.session.answers["number"] = 2.0
    assert text(run.session, "number") == "2"
    run.session.answers["traps"] = {"selected": [], "other": None}
    assert text(run.session, "traps") == "—"
