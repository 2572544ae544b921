"""The compact card of each shipped flow: the answers its `card:` names, its ratings, nothing else."""

from __future__ import annotations

from collections import Counter

import pytest

from bot.engine.effects import Ask, TimerStarted
from bot.flowspec.model import CardField
from bot.therapist.cards import ANSWER_LIMIT, build_card, card_lines, card_text, shorten
from bot.therapist.review import ExerciseReview
from tests.support.walker import current_prompt
from tests.therapist.scenarios import Client, box_breathing, shipped, thought_record, thought_record_ru_abandoned

SHIPPED = ["thought_record", "quick_reframe", "dear_man", "grounding_54321", "box_breathing",
           "progressive_muscle_relaxation"]


def words_for(step_id: str) -> str:
    return f"the client's words for {step_id}"


def completed(name: str, language: str = "en") -> Client:
    """A client who goes through the flow to its end: typing words that name the step, rating high before
    and low after, taking the first option of a choice the first time and the last one after that."""
    client = Client(shipped(name), language)
    visits: Counter[str] = Counter()
    for _ in range(200):
        if client.session.status != "active":
            break
        prompt = current_prompt(client.engine.prompt(client.session))
        if isinstance(prompt, TimerStarted):
            client.tick(100_000)
            continue
        assert isinstance(prompt, Ask), prompt
        visits[prompt.step_id] += 1
        options = [b for b in prompt.buttons if b.kind == "option"]
        actions = [b.value for b in prompt.buttons if b.kind == "action"]
        if prompt.kind in ("text", "other_text"):
            client.text(words_for(prompt.step_id))
        elif prompt.kind == "scale":
            values = [b.value for b in options]
            client.option(values[1] if "after" in prompt.step_id else values[-2])
        elif prompt.kind == "multi_choice":
            if not any(b.selected for b in options):
                client.option(options[0].value)
            else:
                client.action("done")
        elif prompt.kind == "summary":
            client.action("confirm")
        elif options:
            usable = [b for b in options if b.value not in ("not_now", "stop")]
            client.option((usable[0] if visits[prompt.step_id] == 1 else usable[-1]).value)
        elif "continue" in actions:
            client.action("continue")
        else:
            raise AssertionError(f"no way on from {prompt}")
    assert client.session.status == "completed", (name, client.session.state)
    return client


@pytest.mark.parametrize("name", SHIPPED)
def test_every_shipped_flow_has_a_card_showing_each_named_answer_and_every_rating(name: str) -> None:
    client = completed(name)
    flow = client.flow
    assert flow.card, f"{name} declares no card"
    review = client.review()
    card = build_card(review, flow, "en")
    named = [item if isinstance(item, str) else item.step for item in flow.card]
    assert len(card.rows) == len(named)  # every named answer was given, so each has its row
    labels = {s.key: s.label for s in review.steps}
    for item, row in zip(flow.card, card.rows, strict=True):
        if isinstance(item, CardField) and item.label is not None:
            assert row.label == item.label["en"]  # type: ignore[index]
        else:
            assert row.label == labels[item if isinstance(item, str) else item.step]
    text = card_text(card, "en")
    for rating in review.ratings:  # a card always shows every rating, on a row or on its own line
        assert rating.before is not None and rating.after is not None and rating.after < rating.before
        assert f"{rating.before:g} → {rating.after:g}" in text
    answers = {s.key: s.answer for s in review.steps}
    for key, row in zip(named, card.rows, strict=True):  # each row shows its own answer, nothing else
        assert row.answer == shorten(answers[key]) or "→" in row.answer
    assert len(text.splitlines()) <= 1 + len(flow.card) + len(review.ratings)


def test_the_thought_records_card() -> None:
    client = thought_record(mood_before=90, mood_after=30)
    card = build_card(client.review(), client.flow, "en")
    assert [(row.label, row.text) for row in card.rows] == [
        ("Situation", "Tuesday 8 pm at home, reading a message from my boss marked <b>urgent</b>"),
        ("Mood", "anxious · 90 → 30"),
        ("Hot thought", "I'm going to be fired"),
        ("Thinking traps", "Jumping to conclusions, Labeling, fortune telling"),
        ("Balanced thought", "He is busy, and the project shows he trusts me · belief 70"),
    ]
    assert card.ratings == ()  # the mood's change is on its row, not repeated
    assert card.title == "Thought record" and card.finished


def test_the_thought_records_card_is_far_shorter_than_its_transcript() -> None:
    client = thought_record()
    card = build_card(client.review(), client.flow, "en")
    assert len(card_text(card, "en").splitlines()) == 6


def test_the_card_in_russian() -> None:
    client = thought_record_ru_abandoned()
    card = build_card(client.review("ru"), client.flow, "ru")
    rows = {row.label: row.text for row in card.rows}
    assert rows["Ситуация"] == "Вторник, вечер, дома. Начальник написал «срочно»"
    assert rows["Чувство"] == "тревога · 90 → —"  # not re-rated: the exercise stopped
    assert "Взвешенная мысль" not in rows  # never answered: no row
    assert "в процессе" in card_text(card, "ru")  # an unfinished exercise says so


def test_a_flow_without_a_card_shows_its_ratings_and_first_free_text_answers_shortened() -> None:
    client = thought_record(situation="x" * 400)
    flow = client.flow.model_copy(update={"card": None})
    card = build_card(client.review(), flow, "en")
    assert [row.label for row in card.rows] == ["Situation", "Mood", "Automatic thoughts"]
    assert len(card.rows[0].answer) == ANSWER_LIMIT and card.rows[0].answer.endswith("…")
    assert card.rows[2].answer == "I'm going to be fired; I always mess things up & everyone sees it"
    assert [(r.measure, r.before, r.after) for r in card.ratings] == [("mood", 80, 40)]


def test_a_card_given_from_a_newer_version_replaces_the_flows_own() -> None:
    client = box_breathing()
    card = build_card(client.review(), client.flow, "en", card=["breathe"])
    assert [row.label for row in card.rows] == ["Breathing"]
    assert [(r.before, r.after) for r in card.ratings] == [(7, 3)]


def test_card_lines_escape_the_clients_words_and_bold_the_labels() -> None:
    client = thought_record()
    lines = card_lines(build_card(client.review(), client.flow, "en"), "en", number=2)
    html = "\n".join(line.html() for line in lines)
    assert html.startswith("<b>2. Thought record · 10 Nov 2026, 20:00</b>")
    assert "<b>Situation: </b>Tuesday 8 pm at home, reading a message from my boss marked &lt;b&gt;urgent&lt;/b&gt;" \
        in html


def test_shorten_keeps_one_line() -> None:
    assert shorten("• one\n• two\n\n• three") == "one; two; three"
    assert shorten("abcdef", limit=4) == "abc…"


def test_cards_use_the_zone_of_the_review() -> None:
    from zoneinfo import ZoneInfo

    client = thought_record()
    review: ExerciseReview = client.review(tz=ZoneInfo("Asia/Tokyo"))
    assert card_text(build_card(review, client.flow, "en"), "en").startswith("Thought record · 11 Nov 2026, 05:00")
