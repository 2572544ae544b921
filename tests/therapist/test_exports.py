"""JSON and CSV exports: they parse, and they carry the client's own words."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime, timedelta

from bot.therapist.export_csv import COLUMNS, export_csv
from bot.therapist.export_json import export_json
from bot.therapist.review import ExerciseReview
from tests.therapist.scenarios import START, box_breathing, thought_record, thought_record_ru_abandoned

GENERATED = datetime(2026, 11, 21, 9, 30, tzinfo=UTC)


def reviews() -> list[ExerciseReview]:
    return [
        thought_record().review(),
        box_breathing(START + timedelta(days=1)).review(),
        thought_record_ru_abandoned(START + timedelta(days=2)).review("en", status="abandoned"),
    ]


def test_json_parses_and_holds_the_answers() -> None:
    data = json.loads(export_json("Client A.", reviews(), generated_at=GENERATED).decode("utf-8"))
    assert data["client"] == "Client A."
    assert data["generated_at"] == "2026-11-21T09:30:00+00:00"
    record, breathing, abandoned = data["exercises"]
    assert record["title"] == "Thought record"
    assert record["status"] == "completed"
    assert record["started_at"] == "2026-11-10T20:00:00+00:00"
    assert record["ratings"] == [
        {"measure": "mood", "label": "Mood", "before": 80.0, "after": 40.0, "change": -40.0, "scale": [0, 100]}]
    steps = {s["step_id"]: s for s in record["steps"]}
    situation = steps["situation"]
    assert situation["answer"] == "Tuesday 8 pm at home, reading a message from my boss marked <b>urgent</b>"
    assert situation["label"] == "Situation"
    assert situation["question"].startswith("Think of one specific moment")
    assert situation["answered_at"] == "2026-11-10T20:01:47+00:00"
    assert situation["seconds_on_step"] == 95
    assert steps["distortions"]["value"] == {"selected": ["jumping_to_conclusions", "labeling"],
                                             "other": "fortune telling"}
    assert steps["automatic_thought"]["value"] == [
        "I'm going to be fired", "I always mess things up & everyone sees it"]
    assert {s["step_id"]: s["answer"] for s in breathing["steps"]}["breathe"] == "finished (160 s)"
    assert abandoned["stopped_at"] == "Evidence against"
    assert abandoned["finished_at"] is None
    assert {s["step_id"]: s["answer"] for s in abandoned["steps"]}["evidence_for"] == (
        "Он не поблагодарил меня, написал «срочно»")


def test_json_keeps_cyrillic_readable() -> None:
    raw = export_json("Анна", reviews(), generated_at=GENERATED)
    assert "Он не поблагодарил меня".encode() in raw


def test_csv_parses_after_the_bom_one_row_per_answer() -> None:
    raw = export_csv("Client A.", reviews())
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    assert tuple(rows[0]) == COLUMNS
    assert len(rows) == 13 + 4 + 9
    by_step = {(r["exercise_id"], r["step_id"]): r for r in rows}
    situation = by_step[("1", "situation")]
    assert situation["answer"] == "Tuesday 8 pm at home, reading a message from my boss marked <b>urgent</b>"
    assert situation["flow"] == "thought_record"
    assert situation["started_at"] == "2026-11-10T20:00:00+00:00"
    assert situation["seconds_on_step"] == "95"
    assert situation["label"] == "Situation"
    assert by_step[("1", "automatic_thought")]["answer"] == (
        "• I'm going to be fired\n• I always mess things up & everyone sees it")  # a line break inside a cell
    assert by_step[("1", "evidence_for")]["answer"] == "He wrote \"urgent\" and didn't say thanks"
    assert by_step[("2", "evidence_for")]["answer"] == "Он не поблагодарил меня, написал «срочно»"
    assert by_step[("3", "distress_after")]["answer"] == "3"


def test_csv_cells_that_look_like_formulas_stay_text() -> None:
    review = thought_record(situation="=HYPERLINK(\"http://example.com\",\"x\")").review()
    rows = list(csv.DictReader(io.StringIO(export_csv("A", [review]).decode("utf-8-sig"), newline="")))
    assert {r["step_id"]: r["answer"] for r in rows}["situation"] == "'=HYPERLINK(\"http://example.com\",\"x\")"


def test_empty_exports() -> None:
    assert json.loads(export_json("A", [], generated_at=GENERATED))["exercises"] == []
    rows = list(csv.reader(io.StringIO(export_csv("A", []).decode("utf-8-sig"))))
    assert rows == [list(COLUMNS)]
