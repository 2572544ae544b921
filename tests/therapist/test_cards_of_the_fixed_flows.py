"""The therapist's cards, review and export card for the current thought record (version 3: several moods,
belief in the hot thought), next to a session stored under the version before it."""

from __future__ import annotations

from bot.flow_dirs import SHIPPED_FLOWS
from bot.flowspec import Flow, load_flow_file
from bot.therapist.cards import build_card
from bot.therapist.export_cards import ANSWER_LIMIT, CardLine, compact_card
from tests.therapist.scenarios import Client
from tests.therapist.scenarios import thought_record as earlier_thought_record


def current(flow_id: str) -> Flow:
    flow = load_flow_file(SHIPPED_FLOWS / f"{flow_id}.yaml").flow
    assert flow is not None
    return flow


def thought_record(moods: list[tuple[str, str, str]], language: str = "en") -> Client:
    client = Client(current("thought_record"), language)
    client.option("start").text("Tuesday 8 pm, a message from my boss")
    for name, before, _ in moods:
        client.text(name).option(before)
    if len(moods) < 3:
        client.action("skip")
    (client.text("I'm going to be fired").option("no").text("I'm going to be fired").option("90")
     .option("labeling").action("done")
     .text("He wrote urgent").text("My review was good").text("He is busy, and he trusts me")
     .option("70").option("50"))
    for _, _, after in moods:
        client.option(after)
    client.action("confirm")
    assert client.session.status == "completed", client.session
    return client


def test_the_card_shows_each_mood_and_the_belief_in_the_hot_thought() -> None:
    client = thought_record([("anxious", "80", "40"), ("ashamed", "60", "30")])
    card = build_card(client.review(), client.flow, "en")
    rows = [(row.label, row.answer, row.beside) for row in card.rows]
    assert rows[:4] == [
        ("Situation", "Tuesday 8 pm, a message from my boss", ()),
        ("Mood", "anxious", ("80 → 40",)),
        ("Second mood", "ashamed", ("60 → 30",)),
        ("Hot thought", "I'm going to be fired", ("belief 90 → 50",)),
    ]
    assert card.ratings == ()  # every before → after is on a row


def test_moods_not_named_have_no_row() -> None:
    client = thought_record([("sad", "50", "70")])
    card = build_card(client.review(), client.flow, "en")
    labels = [row.label for row in card.rows]
    assert "Third mood" not in labels and "Second mood" not in labels  # skipped, and never asked
    assert labels[:3] == ["Situation", "Mood", "Hot thought"]
    two = thought_record([("sad", "50", "70"), ("tired", "40", "40")])
    assert "Third mood" not in [row.label for row in build_card(two.review(), two.flow, "en").rows]


def exported(client: Client) -> tuple[CardLine, ...]:
    review = client.review()
    return compact_card(review, build_card(review, client.flow, "en", limit=ANSWER_LIMIT))


def test_the_export_card_shows_each_mood_and_the_belief() -> None:
    client = thought_record([("anxious", "80", "40"), ("ashamed", "60", "30"), ("angry", "30", "20")])
    lines = exported(client)
    assert lines[1:5] == (
        CardLine("Mood", "anxious · 80 → 40"),
        CardLine("Second mood", "ashamed · 60 → 30"),
        CardLine("Third mood", "angry · 30 → 20"),
        CardLine("Hot thought", "I'm going to be fired · belief 90 → 50"),
    )
    one = exported(thought_record([("sad", "50", "40")]))
    assert [line.label for line in one][:3] == ["Situation", "Mood", "Hot thought"]


def test_the_russian_review_names_the_measures() -> None:
    review = thought_record([("тревога", "80", "40"), ("стыд", "60", "30")], "ru").review("ru")
    labels = {r.measure: r.label for r in review.ratings}
    assert labels == {"mood": "Сила чувства", "mood_2": "Сила второго чувства", "belief": "Уверенность в мысли"}


def test_a_session_of_the_earlier_version_still_gets_its_card() -> None:
    earlier = earlier_thought_record()
    assert earlier.flow.version == 2
    card = build_card(earlier.review(), earlier.flow, "en")
    assert [row.label for row in card.rows][:3] == ["Situation", "Mood", "Hot thought"]
    # the current version's card declaration on the earlier session: rows it lacks are left out
    newer = build_card(earlier.review(), earlier.flow, "en", card=current("thought_record").card)
    assert "Second mood" not in [row.label for row in newer.rows]
