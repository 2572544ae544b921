"""Reviews built from what the bot really stores: real flows, the real engine, the real transcript."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.storage.records import TranscriptEntry
from bot.therapist.review import build_review, exercise_list_line, newest_first
from tests.engine.helpers import flow_from
from tests.therapist.scenarios import (
    START,
    Client,
    box_breathing,
    shipped,
    thought_record,
    thought_record_ru_abandoned,
)

QUESTIONS = [
    "welcome", "situation", "mood_name", "mood_before", "automatic_thought", "another_thought", "hot_thought",
    "distortions", "evidence_for", "evidence_against", "balanced_thought", "balanced_belief", "mood_after",
]


def test_a_completed_thought_record_lists_every_question_with_the_clients_words() -> None:
    review = thought_record().review()
    assert review.title == "Thought record"
    assert review.status == "completed"
    assert review.stopped_at is None
    assert [s.step_id for s in review.steps] == QUESTIONS  # computed values (mood_change) are not questions
    answers = {s.step_id: s.answer for s in review.steps}
    assert answers["situation"] == "Tuesday 8 pm at home, reading a message from my boss marked <b>urgent</b>"
    assert answers["mood_name"] == "anxious"
    assert answers["evidence_for"] == "He wrote \"urgent\" and didn't say thanks"
    assert answers["balanced_thought"] == "He is busy, and the project shows he trusts me"


def test_answers_are_rendered_by_the_engine() -> None:
    steps = {s.step_id: s for s in thought_record().review().steps}
    assert steps["welcome"].answer == "Let's begin"  # a choice reads as its label
    assert steps["distortions"].answer == "Jumping to conclusions, Labeling, fortune telling"  # + the "other"
    assert steps["mood_before"].answer == "80"  # a scale as its number
    assert steps["mood_before"].value == 80
    # an append loop: every thought, as items
    assert steps["automatic_thought"].answer == (
        "• I'm going to be fired\n• I always mess things up & everyone sees it")
    assert steps["another_thought"].answer == "That's all"  # the final answer of a repeated question


def test_labels_and_questions() -> None:
    steps = {s.step_id: s for s in thought_record().review().steps}
    assert steps["evidence_against"].label == "Evidence against"
    # the question as the client saw it, filled with their own words, as plain text
    assert steps["evidence_for"].question == (
        "I'm going to be fired\nWhat facts support this thought? Facts only, not guesses.")
    assert steps["mood_before"].question.startswith("anxious\nHow strong was this feeling")


def test_times_and_time_on_each_step() -> None:
    steps = {s.step_id: s for s in thought_record().review().steps}
    assert steps["welcome"].seconds_on_step == 12
    assert steps["situation"].seconds_on_step == 95
    assert steps["situation"].answered_at == START + timedelta(seconds=12 + 95)
    assert steps["evidence_against"].seconds_on_step == 150
    # two visits of the append loop (60 s and 45 s) add up; so do the two answers to "another thought?"
    assert steps["automatic_thought"].seconds_on_step == 105
    assert steps["another_thought"].seconds_on_step == 9
    # toggling options and writing "other" all count towards the one question
    assert steps["distortions"].seconds_on_step == 15 + 3 + 4 + 20 + 3


def test_the_rating_change_per_measure() -> None:
    review = thought_record().review()
    (mood,) = review.ratings
    assert (mood.measure, mood.label, mood.before, mood.after, mood.change) == ("mood", "Mood", 80, 40, -40)
    assert (mood.low, mood.high) == (0, 100)
    (distress,) = box_breathing().review().ratings
    assert (distress.measure, distress.before, distress.after) == ("distress", 7, 3)


def test_started_and_finished() -> None:
    client = thought_record()
    review = client.review()
    assert review.started_at == START
    assert review.finished_at == datetime.fromtimestamp(client.at, UTC)
    assert review.last_activity_at == review.finished_at


def test_times_in_the_therapists_zone() -> None:
    review = thought_record().review(tz=ZoneInfo("Europe/Moscow"))
    assert review.started_at.hour == 23
    assert review.steps[0].answered_at.utcoffset() == timedelta(hours=3)


def test_a_timer_reads_as_what_happened() -> None:
    steps = {s.step_id: s for s in box_breathing().review().steps}
    # the safety note's "Got it" button is not an answer
    assert list(steps) == ["distress_before", "breathe", "another_round", "distress_after"]
    breathe = steps["breathe"]
    assert breathe.kind == "timer"
    assert breathe.answer == "finished (160 s)"
    assert breathe.question.startswith("Timer: Breathe in 4 s · Hold 4 s")
    assert breathe.seconds_on_step == 180  # started after the rating, recorded at the tick that found it done


def test_an_abandoned_session_says_where_it_stopped() -> None:
    review = thought_record_ru_abandoned().review("ru", status="abandoned")
    assert review.status == "abandoned"
    assert review.finished_at is None
    assert review.stopped_at == "Факты «против»"
    assert review.title == "Дневник мыслей"
    steps = {s.step_id: s for s in review.steps}
    assert steps["evidence_for"].answer == "Он не поблагодарил меня, написал «срочно»"
    assert steps["evidence_for"].seconds_on_step == 200
    assert steps["distortions"].answer == "—"  # none chosen
    (mood,) = review.ratings
    assert (mood.label, mood.before, mood.after, mood.change) == ("Сила чувства", 90, None, None)


def test_the_therapists_language_for_labels_the_clients_for_questions() -> None:
    steps = {s.step_id: s for s in thought_record().review("ru").steps}
    assert steps["situation"].label == "Ситуация"
    assert steps["welcome"].answer == "Начать"  # option labels in the therapist's language
    assert steps["situation"].question.startswith("Think of one specific moment")  # as the client was asked
    assert steps["situation"].answer.startswith("Tuesday 8 pm")  # the client's words as written


def test_a_language_the_flow_lacks_falls_back() -> None:
    review = thought_record().review("de")
    assert review.title == "Thought record"
    assert review.steps[1].label == "Situation"
    assert exercise_list_line(review, "de").endswith("completed · Mood: 80 → 40")


def test_a_cancelled_session() -> None:
    client = Client(shipped("thought_record"))
    client.option("start").text("At the bus stop").command("cancel")
    review = client.review()
    assert review.status == "cancelled"
    assert review.stopped_at == "Mood"
    assert [s.step_id for s in review.steps] == ["welcome", "situation"]


def test_a_session_in_progress() -> None:
    client = Client(shipped("box_breathing"))
    client.action("continue").text("6").command("pause")
    review = client.review()
    assert review.status == "in_progress"
    assert review.stopped_at == "Breathing"
    assert review.ratings[0].before == 6
    assert review.ratings[0].after is None


def test_a_flows_own_early_exit() -> None:
    client = Client(shipped("thought_record"))
    client.option("not_now")
    review = client.review()
    assert review.status == "ended_early"
    assert review.outcome == "not_now"
    assert review.stopped_at == "Start"
    assert review.steps[0].answer == "Not now"


def test_an_answer_changed_from_the_summary_shows_the_final_words() -> None:
    client = Client(shipped("thought_record"))
    (client.option("start").text("At work").text("sad").option("60").text("Nobody likes me").option("no")
     .text("Nobody likes me").action("done").text("No one said hi").text("Sam waved").text("Some do")
     .option("50").option("30"))
    assert client.session.state == "review"
    client.action("edit", "situation", after=20).text("At work, in the kitchen at lunch", after=40)
    client.action("confirm", after=10)
    steps = {s.step_id: s for s in client.review().steps}
    assert steps["situation"].answer == "At work, in the kitchen at lunch"
    assert steps["situation"].seconds_on_step == 30 + 40
    assert [s.step_id for s in client.review().steps][:2] == ["welcome", "situation"]


def test_going_back_keeps_the_order_first_answered() -> None:
    client = Client(shipped("thought_record"))
    client.option("start").text("At home").text("angry").command("back").text("furious").option("70")
    review = client.review()
    steps = {s.step_id: s for s in review.steps}
    assert list(steps)[:4] == ["welcome", "situation", "mood_name", "mood_before"]
    assert steps["mood_name"].answer == "furious"


def test_an_unreadable_state_falls_back_to_the_transcript() -> None:
    client = thought_record()
    row = client.row(state='{"format": 99}')
    review = build_review(row, client.entries, client.flow, "en")
    assert {s.step_id: s.answer for s in review.steps}["automatic_thought"].startswith("• I'm going to be fired")
    assert review.ratings[0].change == -40


def test_entries_out_of_order_and_unknown_steps_are_tolerated() -> None:
    client = thought_record()
    stray = TranscriptEntry(1, 1, 999, START, "answer", "gone", "x", {"key": "gone", "value": "x"})
    review = build_review(client.row(), [stray, *reversed(client.entries)], client.flow, "en")
    assert [s.step_id for s in review.steps] == QUESTIONS


def test_a_session_with_no_transcript() -> None:
    client = Client(shipped("thought_record"))
    review = build_review(client.row(), [], client.flow, "en")
    assert review.steps == ()
    assert review.ratings == ()
    assert review.stopped_at == "Start"


def test_the_list_line_and_newest_first() -> None:
    older = thought_record(session_id=1)
    newer = box_breathing(START + timedelta(days=2), session_id=3)
    abandoned = thought_record_ru_abandoned(START + timedelta(days=1), session_id=2)
    reviews = [older.review(), newer.review(), abandoned.review("en", status="abandoned")]
    ordered = newest_first(reviews)
    assert [r.session_id for r in ordered] == [3, 2, 1]
    assert [exercise_list_line(r, "en") for r in ordered] == [
        "12 Nov 2026 · Box breathing · completed · Distress: 7 → 3",
        "11 Nov 2026 · Thought record · abandoned · Mood: 90 → —",
        "10 Nov 2026 · Thought record · completed · Mood: 80 → 40",
    ]
    assert exercise_list_line(ordered[1], "ru") == "11 ноя 2026 · Thought record · прервано · Mood: 90 → —"


def test_reviews_are_frozen_values() -> None:
    review = thought_record().review()
    with pytest.raises(dataclasses.FrozenInstanceError):
        review.title = "x"  # type: ignore[misc]


# Can the client act on the worry? Yes leads to a plan, no to letting it go.
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
    labels: {min: "calm", max: "panic"}
    rating: {measure: anxiety, when: before}
  - id: act
    type: choice
    label: "Can I act on it"
    prompt: "Can you act on it?"
    options:
      - {value: "yes", label: "Yes", next: plan}
      - {value: "no", label: "No", next: let_go}
  - id: plan
    type: text
    label: "Plan"
    prompt: "What could you do?"
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
    labels: {min: "calm", max: "panic"}
    rating: {measure: anxiety, when: after}
  - id: review
    type: summary
    prompt: "Your worry."
  - id: done
    type: end
"""


def test_a_path_an_edit_abandoned_is_left_out_of_the_review_and_the_transcript_keeps_it() -> None:
    client = Client(flow_from(WORRY))
    client.text("the exam").option("9").option("no").text("breathe").option("6")
    client.action("edit", "act").option("yes").text("ask for an extension")
    client.action("edit", "anxiety_after").option("3").action("confirm")
    review = client.review()
    assert review.status == "completed"
    assert [(s.key, s.answer) for s in review.steps] == [
        ("worry", "the exam"), ("anxiety_before", "9"), ("act", "Yes"), ("plan", "ask for an extension"),
        ("anxiety_after", "3"),
    ]
    assert [(r.before, r.after) for r in review.ratings] == [(9, 3)]
    answered = [e.value["key"] for e in client.entries if e.kind == "answer"]
    assert answered == ["worry", "anxiety_before", "act", "let_go", "anxiety_after", "act", "plan",
                        "anxiety_after"]  # every answer, the edits too
    assert [e.value for e in client.entries if e.kind == "event"] == [{"dropped": ["let_go"]},
                                                                      {"ended": "completed"}]


def test_an_answer_dropped_and_given_again_is_reviewed() -> None:
    client = Client(flow_from(WORRY))
    client.text("the exam").option("9").option("no").text("breathe").option("6")
    client.action("edit", "act").option("yes").text("ask for an extension")
    client.action("edit", "act").option("no").text("walk it off").action("confirm")
    steps = {s.key: s.answer for s in client.review().steps}
    assert steps == {"worry": "the exam", "anxiety_before": "9", "act": "No", "let_go": "walk it off",
                     "anxiety_after": "6"}
