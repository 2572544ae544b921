"""/mydata's JSON: it parses, has every stored field, ISO times, and every answer as stored and rendered."""

from __future__ import annotations

import dataclasses
import json
from datetime import datetime, timedelta
from typing import Any

import pytest

from bot.privacy import export_personal_json
from bot.storage.records import HomeworkItem, Person, StoredSession, TranscriptEntry
from tests.privacy.people import GENERATED, NOTE, THERAPIST_NAME, THERAPIST_NOTE, personal_data, therapist_data, typed
from tests.therapist.scenarios import START, box_breathing, thought_record, thought_record_ru_abandoned


def fields(record: type) -> set[str]:
    return {f.name for f in dataclasses.fields(record)}


@pytest.fixture(scope="module")
def document() -> dict[str, Any]:
    data = json.loads(export_personal_json(personal_data(), generated_at=GENERATED).decode("utf-8"))
    assert isinstance(data, dict)
    return data


def test_it_parses_and_says_what_it_is(document: dict[str, Any]) -> None:
    assert document["format"] == 1
    assert document["generated_at"] == GENERATED.isoformat()
    assert "Everything the CBT practice bot stores about you" in document["about"]


def test_the_person_with_every_field_and_iso_times(document: dict[str, Any]) -> None:
    person = document["person"]
    assert set(person) == fields(Person) | {"has_consent", "purged_activity_at"}
    assert person["telegram_id"] == 2**40 + 7
    assert person["has_consent"] is True
    assert datetime.fromisoformat(person["consent_given_at"]) == START - timedelta(days=3)
    assert person["consent_given_at"].endswith("+00:00")


def test_every_answer_as_stored_and_as_rendered(document: dict[str, Any]) -> None:
    exercises = document["exercises"]
    assert [e["session"]["flow_id"] for e in exercises] == ["thought_record", "box_breathing", "thought_record"]
    scenarios = [thought_record(), box_breathing(START + timedelta(days=1)),
                 thought_record_ru_abandoned(START + timedelta(days=2))]
    for exercise, scenario in zip(exercises, scenarios, strict=True):
        assert set(exercise["session"]) == fields(StoredSession)
        assert isinstance(exercise["session"]["state"], dict)  # the engine's state, parsed: answers and all
        stored = exercise["transcript"]
        assert len(stored) == len(scenario.entries)
        assert set(stored[0]) == fields(TranscriptEntry)
        assert [(e["raw"], e["value"]) for e in stored] == [(e.raw, e.value) for e in scenario.entries]
        rendered = "\n".join(step["answer"] for step in exercise["review"]["steps"])
        for words in typed(scenario):
            assert words in rendered
        assert all(step["question"] for step in exercise["review"]["steps"])
    assert exercises[2]["review"]["status"] == "abandoned"
    assert exercises[0]["review"]["ratings"][0]["before"] == 80


def test_homework_links_invites_reads_and_dialog(document: dict[str, Any]) -> None:
    homework = document["homework"][0]
    assert (homework["therapist"], homework["assignment"]["note"]) == (THERAPIST_NAME, NOTE)
    assert homework["assignment"]["first_due_on"] == "2026-11-10"
    assert homework["assignment"]["remind_at"] == "09:00:00"
    assert set(homework["items"][0]) == fields(HomeworkItem)
    assert [link["other_name"] for link in document["links"]] == ["Dr. Ullagong", THERAPIST_NAME]
    assert [link["your_role"] for link in document["links"]] == ["client", "client"]
    assert document["invites"][0]["used_by"] == 7
    assert [(r["action"], r["actor_name"]) for r in document["reads_of_your_data"]] == [
        ("review", THERAPIST_NAME), ("export", None)
    ]
    assert document["dialog"]["state"] == {"step": "confirm"}
    assert [(e["source"], e["response"], e["category"], e["choices"], e["at"]) for e in document["safety_events"]] == [
        ("command", "sos", None, ["breathe"], "2026-11-16T20:00:00+00:00"),
        ("detected", "sos", "home", ["check_in_yes", "breathe"], "2026-11-17T20:00:00+00:00"),
        ("detected", "check_in", "self", ["check_in_no"], "2026-11-18T20:00:00+00:00"),
    ]
    assert [v["flow_id"] for v in document["flow_versions"]] == ["box_breathing", "thought_record"]
    assert document["therapy_sessions"] == [
        {"therapist_id": 3, "client_id": 7, "held_at": "2026-11-19T20:00:00+00:00"}]


def test_a_session_whose_flow_is_unknown_keeps_its_transcript() -> None:
    data = dataclasses.replace(personal_data(), flow_versions=())
    document = json.loads(export_personal_json(data, generated_at=GENERATED))
    assert [e["review"] for e in document["exercises"]] == [None, None, None]
    raw = [entry["raw"] for entry in document["exercises"][0]["transcript"]]
    for words in typed(thought_record()):
        assert words in raw


def test_a_therapists_export_names_clients_by_number() -> None:
    document = json.loads(export_personal_json(therapist_data(), generated_at=GENERATED))
    assert [(link["your_role"], link["other_id"], link["other_name"]) for link in document["links"]] == [
        ("therapist", 12, None)
    ]
    assert document["assignments_made"][0]["client_id"] == 12
    assert document["your_reads"][0]["subject_id"] == 12
    assert document["custom_flows"][0]["flow_id"] == "box_breathing"
    assert [(n["client_id"], n["session_id"], n["text"]) for n in document["notes_written"]] == [
        (12, None, THERAPIST_NOTE), (12, 9, "Found the balanced thought quickly")]
    digest = document["digest"]
    assert (digest["frequency"], digest["send_at"], digest["weekday"], digest["missed_notices"]) == (
        "weekly", "08:30:00", 0, True)


def test_a_clients_export_has_no_therapists_notes() -> None:
    document = json.loads(export_personal_json(personal_data(), generated_at=GENERATED))
    assert document["notes_written"] == []
    assert document["digest"] is None
    assert "box_breathing" in document["flow_versions"][0]["source"]
