"""Questionnaire items and scores: what is stored, what the client sees, and the crisis rule's signal."""

from __future__ import annotations

from typing import TypeVar

from bot.engine.effects import AnswerRecorded, Ask, CrisisAnswer, Effect, Ended
from bot.engine.scoring import score_flow, score_values
from bot.flow_dirs import SHIPPED_FLOWS
from bot.flowspec import load_flow_file
from tests.engine.helpers import Run, engine_for, flow_from, only

T = TypeVar("T")


def one(effects: list[Effect], kind: type[T]) -> T:
    (found,) = only(effects, kind)
    return found

BODY = """\
answer_sets:
  often:
    - {score: 0, label: Never}
    - {score: 1, label: Sometimes}
    - {score: 3, label: Always}
scores:
  - id: total
    label: Worry
    bands:
      - {min: 0, max: 2, label: low}
      - {min: 3, max: 6, label: high}
  - id: first_only
    label: First
    items: [first]
steps:
  - {id: first, type: item, prompt: "First?", answers: often, label: First}
  - {id: second, type: item, prompt: "Second?", answers: often, crisis: {gte: 1}}
  - {id: done, type: end, text: Thanks.}
"""


def test_an_item_shows_its_answer_set_and_stores_the_score() -> None:
    run = Run(engine_for(BODY))
    ask = one(run.effects, Ask)
    assert [b.label for b in ask.buttons] == ["Never", "Sometimes", "Always"]
    recorded = one(run.option("3"), AnswerRecorded)
    assert (recorded.key, recorded.value) == ("first", 3)
    assert run.engine.answer_text(run.session, "first") == "Always (3)"


def test_a_typed_label_or_option_number_answers_an_item_and_anything_else_is_asked_again() -> None:
    run = Run(engine_for(BODY))
    run.text("sometimes")
    assert run.session.answers == {"first": 1}
    run.text("maybe")
    assert run.session.state == "second"
    run.text("3")  # the third option, which scores 3
    assert run.session.answers["second"] == 3


def test_scores_and_bands_are_worked_out_from_the_answers_and_shown_at_the_end() -> None:
    run = Run(engine_for(BODY))
    run.option("1")
    effects = run.option("3")
    ended = one(effects, Ended)
    assert ended.scores == {"total": 4, "first_only": 1}
    assert ended.text is not None
    assert ended.text.startswith("<b>Worry: 4 of 6 (high)</b>\n<b>First: 1 of 3</b>\n\nThanks.")
    results = score_flow(run.engine.flow, run.session.answers)
    assert [(r.id, r.value, r.low, r.high, r.band_label("en"), r.cutoffs) for r in results] == [
        ("total", 4, 0, 6, "high", (3,)), ("first_only", 1, 0, 3, None, ())]


def test_a_score_is_none_until_every_item_is_answered() -> None:
    flow = flow_from(BODY)
    assert score_values(flow, {"first": 3}) == {"first_only": 3}
    assert score_flow(flow, {"first": 3, "second": None})[0].value is None


def test_an_answer_meeting_the_crisis_rule_is_signalled_before_it_is_recorded_and_the_flow_goes_on() -> None:
    run = Run(engine_for(BODY))
    assert not [e for e in run.option("3") if isinstance(e, CrisisAnswer)]  # the first item has no rule
    effects = run.option("1")
    kinds = [type(e) for e in effects]
    assert kinds.index(CrisisAnswer) < kinds.index(AnswerRecorded)
    assert one(effects, CrisisAnswer) == CrisisAnswer("second", "second")
    assert run.session.status == "completed"


def test_going_back_to_an_item_shows_the_earlier_answer() -> None:
    run = Run(engine_for(BODY))
    run.option("3")
    ask = one(run.command("back"), Ask)
    assert ask.previous == "Always (3)"


def test_phq9_scores_and_bands_match_the_published_cut_offs() -> None:
    result = load_flow_file(SHIPPED_FLOWS / "phq9.yaml")
    assert result.flow is not None
    flow = result.flow
    items = [s.id for s in flow.steps if s.type == "item"]
    assert len(items) == 9
    for total, band in ((0, "minimal"), (4, "minimal"), (5, "mild"), (9, "mild"), (10, "moderate"),
                        (15, "moderately severe"), (19, "moderately severe"), (20, "severe"), (27, "severe")):
        answers: dict[str, object] = {}
        left = total
        for item in items:
            answers[item] = min(3, left)
            left -= answers[item]  # type: ignore[operator]
        (score,) = score_flow(flow, answers)
        assert (score.value, score.band_label("en")) == (total, band)
    assert score.cutoffs == (5, 10, 15, 20) and score.reliable_change == 5
    assert flow.steps[[s.id for s in flow.steps].index(items[-1])].crisis is not None  # type: ignore[union-attr]
