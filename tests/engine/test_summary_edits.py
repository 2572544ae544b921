"""Changing an answer from a summary: what was computed from it is computed again, a branch it decides
is taken again, and the record ends as if the client had given the final answers straight through."""

from __future__ import annotations

import json
from typing import Any

import pytest

from bot.engine import AnswersDropped
from bot.engine.session import Session
from tests.engine.helpers import HEADER, Run, buttons, ended, engine_for, only, recorded, restored, says

# A worry: can the client act on it? Yes leads to problem solving, no to letting it go; both come back
# to rate the anxiety again. The summary quotes a value computed before it.
WORRY = """
steps:
  - id: worry
    type: text
    label: "Worry"
    prompt: "What is the worry?"
  - id: anxiety_before
    type: scale
    label: "Anxiety before"
    prompt: "How anxious are you?"
    min: 0
    max: 10
  - id: act
    type: choice
    label: "Can I act on it"
    prompt: "Can you act on it?"
    options:
      - {value: "yes", label: "Yes"}
      - {value: "no", label: "No"}
  - id: route
    type: branch
    cases:
      - when: {answer: act, equals: "yes"}
        goto: plan
    else: let_go
  - id: plan
    type: text
    label: "Plan"
    prompt: "What could you do?"
  - id: plan_note
    type: message
    text: "A plan is a good start."
  - id: first_step
    type: text
    label: "First step"
    prompt: "What is the first step?"
    next: anxiety_after
  - id: let_go
    type: text
    label: "Letting go"
    prompt: "What will help you let it go?"
  - id: anxiety_after
    type: scale
    label: "Anxiety after"
    prompt: "How anxious are you now?"
    min: 0
    max: 10
  - id: change
    type: set
    value: {subtract: [anxiety_before, anxiety_after]}
  - id: review
    type: summary
    prompt: "Your anxiety went down by {change} point(s)."
  - id: done
    type: end
    text: "anxiety: {anxiety_before} → {anxiety_after}, down by {change}"
"""

# The same, with the choice's options jumping to each path instead of a branch after it.
WORRY_JUMPS = WORRY.replace(
    """      - {value: "yes", label: "Yes"}
      - {value: "no", label: "No"}
  - id: route
    type: branch
    cases:
      - when: {answer: act, equals: "yes"}
        goto: plan
    else: let_go
""",
    """      - {value: "yes", label: "Yes", next: plan}
      - {value: "no", label: "No", next: let_go}
""",
)


def letting_go(flow: str = WORRY) -> Run:
    run = Run(engine_for(flow))
    run.text("the exam")
    run.option("9")
    run.option("no")
    run.text("I have revised; the rest is out of my hands")
    run.option("6")
    assert run.state == "review"
    return run


def straight_through(flow: str, answers: dict[str, Any]) -> Run:
    """A client who gives `answers` to whatever is asked, and confirms the summary."""
    run = Run(engine_for(flow))
    while run.status == "active":
        ask = run.ask
        if ask.kind == "summary":
            run.action("confirm")
        elif ask.kind == "text":
            run.text(answers[ask.step_id])
        else:
            run.option(str(answers[ask.step_id]))
    return run


def test_a_value_computed_before_the_summary_is_computed_again_after_an_edit() -> None:
    run = letting_go()
    assert run.ask.text.startswith("Your anxiety went down by 3 point(s).")
    run.action("edit", "anxiety_after")
    effects = run.option("4")
    assert recorded(effects) == {"anxiety_after": 4, "change": 5}
    assert run.state == "review"
    assert run.ask.text.startswith("Your anxiety went down by 5 point(s).")
    assert "Anxiety after: 4" in run.ask.text
    run.action("edit", "anxiety_before")
    run.option("10")
    assert run.ask.text.startswith("Your anxiety went down by 6 point(s).")
    run.action("confirm")
    assert ended(run.effects).text == "anxiety: 10 → 4, down by 6"
    assert run.answers["change"] == 6


def test_a_changed_branch_decision_takes_the_client_along_the_new_path_and_back() -> None:
    run = letting_go()
    run.action("edit", "act")
    effects = run.option("yes")
    assert run.state == "plan"  # the new path, not straight back to the summary
    assert says(effects, "notice") == [
        "This answer leads to other questions. After them, we'll come back to the list of your answers."]
    assert run.session.edit_walk is not None
    assert not only(effects, AnswersDropped)
    run.text("ask for an extension")
    assert says(run.effects) == ["A plan is a good start."]
    effects = run.text("write to the tutor today")
    assert run.state == "review"  # the rating after, already given, is not asked again
    assert only(effects, AnswersDropped) == [AnswersDropped(("let_go",))]
    assert "let_go" not in run.answers
    lines = run.ask.text.splitlines()
    assert lines[2:] == ["Worry: the exam", "Anxiety before: 9", "Can I act on it: Yes",
                         "Plan: ask for an extension", "First step: write to the tutor today",
                         "Anxiety after: 6"]
    assert ("edit", "let_go") not in buttons(run.ask)
    assert run.session.history == ["worry", "anxiety_before", "act", "plan", "first_step", "anxiety_after"]
    run.action("confirm")
    assert run.status == "completed"
    assert run.answers == straight_through(WORRY, run.answers).answers


def test_an_option_that_jumps_is_followed_the_same_way() -> None:
    run = letting_go(WORRY_JUMPS)
    run.action("edit", "act")
    run.option("yes")
    assert run.state == "plan"
    run.text("ask for an extension")
    run.text("write to the tutor today")
    assert run.state == "review"
    run.action("confirm")
    assert set(run.answers) == {"worry", "anxiety_before", "act", "plan", "first_step", "anxiety_after", "change"}


def test_an_unchanged_decision_goes_straight_back_to_the_summary() -> None:
    run = letting_go()
    history, trail = list(run.session.history), list(run.session.trail or [])
    run.action("edit", "act")
    effects = run.option("no")
    assert run.state == "review"
    assert says(effects) == []
    assert run.session.history == history
    assert run.session.trail == trail
    assert run.session.edit_walk is None


def test_an_edit_of_an_edit_asks_the_path_left_behind_afresh() -> None:
    run = letting_go()
    run.action("edit", "act")
    run.option("yes")
    run.text("ask for an extension")
    run.text("write to the tutor today")
    run.action("edit", "act")
    run.ask  # noqa: B018 - the question is shown
    effects = run.option("no")
    assert run.state == "let_go"
    assert len(says(effects, "notice")) == 1
    assert run.ask.previous is None  # dropped when the other path was taken
    assert not only(effects, AnswersDropped)
    effects = run.text("breathe, and let the marks come")
    assert run.state == "review"
    assert only(effects, AnswersDropped) == [AnswersDropped(("plan", "first_step"))]
    run.action("confirm")
    assert run.answers == {"worry": "the exam", "anxiety_before": 9, "act": "no",
                           "let_go": "breathe, and let the marks come", "anxiety_after": 6, "change": 3}


def test_back_on_the_new_path_goes_to_the_changed_question_and_on_back_along_the_way() -> None:
    run = letting_go(WORRY_JUMPS)
    run.action("edit", "act")
    run.option("yes")
    run.command("back")
    assert run.state == "act"
    assert run.ask.previous == "Yes"
    run.command("back")  # the edit is answered: back goes on along the way, not to the summary
    assert run.state == "anxiety_before"
    run.option("8")
    assert run.state == "plan"  # "act" is not asked again, and leads where its answer now leads
    run.text("ask for an extension")
    run.text("write to the tutor today")
    assert run.state == "review"
    run.action("confirm")
    assert run.answers == straight_through(WORRY_JUMPS, run.answers).answers
    assert run.answers["change"] == 2


def test_back_on_the_new_path_then_the_old_answer_again_returns_without_asking() -> None:
    run = letting_go()
    run.action("edit", "act")
    run.option("yes")
    run.command("back")
    effects = run.option("no")
    assert run.state == "review"  # "let_go" was answered before the edit
    assert not only(effects, AnswersDropped)
    assert run.answers["let_go"] == "I have revised; the rest is out of my hands"
    assert "plan" not in run.answers


def test_back_before_answering_the_edit_restores_the_way_as_it_was() -> None:
    run = letting_go()
    before = run.session.to_json()
    run.action("edit", "act")
    run.command("back")
    assert run.state == "review"
    after = Session.from_json(run.session.to_json())
    kept = Session.from_json(before)
    assert (after.trail, after.history, after.answers, after.edit_walk, after.return_to) == (
        kept.trail, kept.history, kept.answers, None, None)


def test_a_detour_survives_being_stored_at_every_step() -> None:
    run = letting_go()
    run.action("edit", "act")
    run.session = restored(run.session)
    run.option("yes")
    run.session = restored(run.session)
    assert run.session.edit_walk is not None
    run.text("ask for an extension")
    run.session = restored(run.session)
    run.text("write to the tutor today")
    assert run.state == "review"
    assert "let_go" not in run.answers


def test_a_path_abandoned_with_back_is_left_off_the_finished_record() -> None:
    run = Run(engine_for(WORRY))
    run.text("the exam")
    run.option("9")
    run.option("no")
    run.text("I have revised")
    run.command("back")
    run.command("back")
    assert run.state == "act"
    run.option("yes")
    run.text("ask for an extension")
    run.text("write to the tutor today")
    effects = run.option("5")
    assert run.state == "review"
    assert only(effects, AnswersDropped) == [AnswersDropped(("let_go",))]  # a summary shows the record
    assert "Letting go" not in run.ask.text
    run.action("confirm")
    assert run.answers == straight_through(WORRY, run.answers).answers


def test_a_new_answer_that_leads_to_an_end_ends_the_exercise_there() -> None:
    no = '{value: "no", label: "No", next: let_go}'
    flow = WORRY_JUMPS.replace(no, no + '\n      - {value: "later", label: "Not now", next: stop}')
    flow += """  - id: stop
    type: end
    outcome: not_now
    text: "Another time."
"""
    run = letting_go(flow)
    run.action("edit", "act")
    effects = run.option("later")
    assert run.status == "ended"
    assert ended(effects).outcome == "not_now"
    assert only(effects, AnswersDropped) == [AnswersDropped(("let_go", "anxiety_after", "change"))]
    assert run.answers == straight_through(flow, run.answers).answers


# --- loops ------------------------------------------------------------------------------------------

THOUGHTS = """
steps:
  - id: situation
    type: text
    label: "Situation"
    prompt: "What happened?"
  - id: thought
    type: text
    label: "Thoughts"
    prompt: "A thought?"
    append: true
  - id: another
    type: choice
    label: "Another?"
    prompt: "Another thought?"
    options:
      - {value: "yes", label: "Yes", next: thought}
      - {value: "no", label: "No"}
  - id: count
    type: set
    value: {count: thought}
  - id: review
    type: summary
    prompt: "{count} thought(s)."
  - id: done
    type: end
"""


# The same loop closed by a `goto` instead of an option that jumps back.
THOUGHTS_GOTO = THOUGHTS.replace(
    """      - {value: "yes", label: "Yes", next: thought}
      - {value: "no", label: "No"}
""",
    """      - {value: "yes", label: "Yes"}
      - {value: "no", label: "No", next: count}
  - id: round_again
    type: goto
    target: thought
""",
)


def three_thoughts(flow: str = THOUGHTS) -> Run:
    run = Run(engine_for(flow))
    run.text("at work")
    for thought, more in (("a", "yes"), ("b", "yes"), ("c", "no")):
        run.text(thought)
        run.option(more)
    assert run.state == "review"
    return run


@pytest.mark.parametrize("flow", [THOUGHTS, THOUGHTS_GOTO], ids=["jump", "goto"])
def test_an_edit_before_a_loop_keeps_every_round_of_it(flow: str) -> None:
    run = three_thoughts(flow)
    history = list(run.session.history)
    run.action("edit", "situation")
    run.text("at home")
    assert run.state == "review"
    assert run.session.history == history
    assert run.answers["thought"] == ["a", "b", "c"]
    run.command("back")  # the last round of the loop, as before the edit
    run.command("back")
    assert run.state == "thought"
    assert run.ask.previous == "c"


@pytest.mark.parametrize("flow", [THOUGHTS, THOUGHTS_GOTO], ids=["jump", "goto"])
def test_an_edit_that_goes_round_a_loop_again_asks_the_new_round(flow: str) -> None:
    run = three_thoughts(flow)
    run.action("edit", "another")
    run.option("yes")
    assert run.state == "thought"  # a new round: asked, not passed over
    run.text("d")
    assert run.state == "another"
    run.option("no")
    assert run.state == "review"
    assert run.answers["thought"] == ["a", "b", "c", "d"]
    assert run.ask.text.startswith("4 thought(s).")


# A summary inside a loop: change a part, see the script, and change another part.
SCRIPT = """
steps:
  - id: ask
    type: text
    label: "Ask"
    prompt: "What do you want?"
  - id: extra
    type: choice
    label: "Offer something"
    prompt: "Offer something in return?"
    options:
      - {value: "yes", label: "Yes"}
      - {value: "no", label: "No", next: review}
  - id: offer
    type: text
    label: "Offer"
    prompt: "What can you offer?"
  - id: review
    type: summary
    prompt: "Your script."
    next: script
  - id: script
    type: message
    text: "Say: {ask}."
  - id: again
    type: choice
    prompt: "Change anything?"
    options:
      - {value: "change", label: "Change", next: review}
      - {value: "ready", label: "Ready"}
  - id: done
    type: end
"""


def test_a_summary_in_a_loop_returns_to_the_visit_the_edit_left_from() -> None:
    run = Run(engine_for(SCRIPT))
    run.text("a day off")
    run.option("no")
    run.action("confirm")
    run.option("change")
    assert run.state == "review"
    run.action("edit", "extra")
    run.option("yes")
    assert run.state == "offer"
    effects = run.text("cover on Friday")
    assert run.state == "review"
    assert says(effects) == []  # the script shown before the edit is not shown again on the way
    run.action("confirm")
    assert says(run.effects) == ["Say: a day off."]
    run.option("ready")
    assert run.status == "completed"
    assert run.answers == {"ask": "a day off", "extra": "yes", "offer": "cover on Friday", "again": "ready"}


# --- sessions stored before edits were carried through ----------------------------------------------


def test_a_session_stored_in_the_first_format_restores_and_edits_as_before() -> None:
    run = letting_go()
    data = Session.from_json(run.session.to_json())
    old = {
        "flow_id": data.flow_id, "flow_version": data.flow_version, "language": "en", "state": "review",
        "started_at": data.started_at, "updated_at": data.updated_at, "step_entered_at": data.step_entered_at,
        "status": "active", "outcome": None, "answers": data.answers, "history": data.history, "seq": data.seq,
        "attempts": 0, "draft": {}, "return_to": None, "format": 1,
    }
    run.session = Session.from_json(json.dumps(old))
    assert run.session.trail is None
    run.action("edit", "anxiety_after")
    run.option("4")
    assert run.state == "review"
    run.action("edit", "act")
    run.option("yes")
    assert run.state == "review"  # as it always did for such a session
    run.action("confirm")
    assert run.status == "completed"
    assert "let_go" in run.answers


def test_the_notice_of_other_questions_is_in_the_sessions_language() -> None:
    header = HEADER.replace("languages: [en]", "languages: [en, ru]")
    run = Run(engine_for(WORRY, header), language="ru")
    for answer in ("the exam", "9", "no", "breathe", "6"):
        run.text(answer)
    run.action("edit", "act")
    assert says(run.option("yes"), "notice") == [
        "Этот ответ ведёт к другим вопросам. После них мы вернёмся к списку ваших ответов."]
