"""The exports' layouts (issue 11): compact cards and the full transcript, the rating and homework columns of
the CSV, and the therapist's notes in every format."""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import UTC, date, datetime, timedelta

from pypdf import PdfReader

from bot.storage.records import TherapistNote
from bot.therapist.cards import build_card
from bot.therapist.export_cards import ANSWER_LIMIT, CardLine, compact_card
from bot.therapist.export_csv import COLUMNS, COMPACT_COLUMNS, export_csv
from bot.therapist.export_extras import ExportExtras, HomeworkDone
from bot.therapist.export_json import export_json
from bot.therapist.export_pdf import export_pdf
from bot.therapist.review import ExerciseReview
from tests.therapist.scenarios import START, Client, box_breathing, thought_record, thought_record_ru_abandoned

GENERATED = datetime(2026, 11, 21, 9, 30, tzinfo=UTC)
CLIENT_NOTE = "Private: we agreed to look at sleep next time"
EXERCISE_NOTE = "Found the balanced thought without help"
SITUATION = "Tuesday 8 pm at home, reading a message from my boss marked <b>urgent</b>"


def clients() -> list[tuple[Client, str]]:
    return [
        (thought_record(), "completed"),
        (box_breathing(START + timedelta(days=1), before=8, after=5), "completed"),
        (thought_record_ru_abandoned(START + timedelta(days=2)), "abandoned"),
    ]


def reviews() -> list[ExerciseReview]:
    return [client.review("en", status=status) for client, status in clients()]  # type: ignore[arg-type]


def card_of(client: Client, language: str = "en") -> tuple[CardLine, ...]:
    review = client.review(language)
    return compact_card(review, build_card(review, client.flow, language, limit=ANSWER_LIMIT))


def extras(layout: str, language: str = "en") -> ExportExtras:
    notes = (TherapistNote(1, 10, 20, None, CLIENT_NOTE, START + timedelta(days=3)),
             TherapistNote(2, 10, 20, 1, EXERCISE_NOTE, START + timedelta(days=3)))
    homework = {1: HomeworkDone(date(2026, 11, 10), "Three records before Friday")}
    cards = {review.session_id: build_card(review, client.flow, language, limit=ANSWER_LIMIT)
             for (client, _), review in zip(clients(), reviews(), strict=True)}
    return ExportExtras(layout, homework, notes, True, cards)  # type: ignore[arg-type]


def rows(raw: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))


def pdf_text(data: bytes) -> tuple[int, str]:
    reader = PdfReader(io.BytesIO(data))
    return len(reader.pages), re.sub(r"\s+", " ", " ".join(page.extract_text() for page in reader.pages))


# --- the card -------------------------------------------------------------------------------------------


def test_the_thought_records_card() -> None:
    assert card_of(thought_record()) == (
        CardLine("Situation", SITUATION),
        CardLine("Mood", "anxious · 80 → 40"),
        CardLine("Hot thought", "I'm going to be fired"),
        CardLine("Thinking traps", "Jumping to conclusions, Labeling, fortune telling"),
        CardLine("Balanced thought", "He is busy, and the project shows he trusts me · belief 70"),
    )


def test_the_exported_card_is_the_flows_declared_card() -> None:
    assert card_of(box_breathing(before=8, after=5)) == (CardLine("Distress", "8 → 5"),
                                                         CardLine("Breathing", "finished (160 s)"))
    russian = card_of(thought_record_ru_abandoned(), "ru")
    assert russian[1] == CardLine("Чувство", "тревога · 90 → —")


def test_without_a_card_the_export_shows_ratings_and_the_first_free_text_answers() -> None:
    review = thought_record().review()
    lines = compact_card(review, None)
    assert [line.label for line in lines[:len(review.ratings)]] == [r.label for r in review.ratings]
    assert CardLine("Situation", SITUATION) in lines


# --- CSV ------------------------------------------------------------------------------------------------


def test_the_full_csv_has_rating_homework_and_note_columns_on_each_answer() -> None:
    found = rows(export_csv("A", reviews(), extras("full")))
    assert tuple(found[0]) == COLUMNS
    assert COLUMNS[-7:] == ("measure", "before", "after", "change", "due_on", "assignment_note", "therapist_notes")
    situation = next(r for r in found if r["exercise_id"] == "1" and r["step_id"] == "situation")
    assert situation["answer"] == SITUATION
    assert (situation["measure"], situation["before"], situation["after"], situation["change"]) == (
        "mood", "80", "40", "-40")
    assert (situation["due_on"], situation["assignment_note"]) == ("2026-11-10", "Three records before Friday")
    assert situation["therapist_notes"] == f"2026-11-13: {EXERCISE_NOTE}"
    breathing = [r for r in found if r["exercise_id"] == "3"]
    assert {(r["measure"], r["before"], r["after"], r["change"]) for r in breathing} == {("distress", "8", "5", "-3")}
    assert {(r["due_on"], r["therapist_notes"]) for r in breathing} == {("", "")}  # not homework, no note
    abandoned = [r for r in found if r["exercise_id"] == "2"]
    assert {(r["before"], r["after"], r["change"]) for r in abandoned} == {("90", "", "")}
    assert CLIENT_NOTE not in json.dumps(found)  # a row is an exercise: notes on the client are elsewhere


def test_the_compact_csv_is_one_row_per_exercise_and_measure() -> None:
    found = rows(export_csv("A", reviews(), extras("compact")))
    assert tuple(found[0]) == COMPACT_COLUMNS
    assert [(r["exercise_id"], r["measure"], r["change"]) for r in found] == [
        ("1", "mood", "-40"), ("3", "distress", "-3"), ("2", "mood", "")]
    record = found[0]
    assert record["card"].splitlines()[0] == f"Situation: {SITUATION}"
    assert "Balanced thought: He is busy" in record["card"]
    assert record["finished_at"].startswith("2026-11-10T20:")
    assert (record["due_on"], record["therapist_notes"]) == ("2026-11-10", f"2026-11-13: {EXERCISE_NOTE}")
    assert found[2]["finished_at"] == ""


def test_csv_without_extras_reads_as_before() -> None:
    found = rows(export_csv("A", reviews()))
    assert tuple(found[0]) == COLUMNS and len(found) == 13 + 9 + 4
    assert {r["due_on"] for r in found} == {""}


# --- JSON -----------------------------------------------------------------------------------------------


def test_json_compact_has_cards_and_full_has_steps_both_with_notes_and_homework() -> None:
    compact = json.loads(export_json("A", reviews(), extras("compact"), generated_at=GENERATED))
    full = json.loads(export_json("A", reviews(), extras("full"), generated_at=GENERATED))
    assert (compact["layout"], full["layout"]) == ("compact", "full")
    for document in (compact, full):
        assert [n["text"] for n in document["notes"]] == [CLIENT_NOTE]
        record = document["exercises"][0]
        assert record["homework"] == {"due_on": "2026-11-10", "note": "Three records before Friday"}
        assert [n["text"] for n in record["notes"]] == [EXERCISE_NOTE]
        assert document["exercises"][1]["homework"] is None
    assert "steps" not in compact["exercises"][0]
    assert compact["exercises"][0]["card"][1] == {"label": "Mood", "text": "anxious · 80 → 40"}
    assert "card" not in full["exercises"][0] and len(full["exercises"][0]["steps"]) == 13


# --- PDF ------------------------------------------------------------------------------------------------


def test_the_compact_pdf_is_cards_and_the_full_one_every_question() -> None:
    compact_pages, compact = pdf_text(export_pdf("Ann K.", reviews(), None, None, "en", extras("compact"),
                                                 generated_at=GENERATED))
    full_pages, full = pdf_text(export_pdf("Ann K.", reviews(), None, None, "en", extras("full"),
                                           generated_at=GENERATED))
    assert compact_pages == 1 < full_pages
    assert "Layout compact: one card per exercise" in compact and "Layout full: every question and answer" in full
    assert "Exercises completed only" in compact
    assert "Mood: anxious · 80 → 40" in compact
    assert "Balanced thought: He is busy, and the project shows he trusts me · belief 70" in compact
    assert "Think of one specific moment" not in compact  # no questions on a card
    assert "Think of one specific moment" in full
    for text in (compact, full):
        assert CLIENT_NOTE in text and EXERCISE_NOTE in text
        assert "Your notes on the client (private, never shown to the client)" in text
        assert "Homework due 10 Nov 2026 · your note to the client: Three records before Friday" in text
        assert text.index(CLIENT_NOTE) < text.index("Thought record")  # the notes on the client come first


def test_a_russian_compact_pdf() -> None:
    _, text = pdf_text(export_pdf("Анна", reviews(), None, None, "ru", extras("compact")))
    assert "Меня уволят" in text and "тревога · 90 → —" in text
