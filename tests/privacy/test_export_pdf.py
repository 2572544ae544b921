"""/mydata's PDF: it parses, and carries who the person is, their consent, every answer, homework, links and
who read their data, in English and in Russian."""

from __future__ import annotations

import dataclasses
import io
import re
from datetime import timedelta
from typing import get_args

import pytest
from pypdf import PdfReader

from bot.privacy import export_personal_pdf
from bot.storage.records import AuditAction, AuditData, AuditEntry
from tests.privacy.people import GENERATED, NOTE, THERAPIST_NAME, THERAPIST_NOTE, personal_data, therapist_data, typed
from tests.therapist.scenarios import START, box_breathing, thought_record, thought_record_ru_abandoned


def pdf_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in reader.pages))


@pytest.fixture(scope="module")
def english() -> str:
    data = export_personal_pdf(personal_data("en"), "en", generated_at=GENERATED)
    assert data.startswith(b"%PDF-")
    return pdf_text(data)


@pytest.fixture(scope="module")
def russian() -> str:
    return pdf_text(export_personal_pdf(personal_data("ru"), "ru", generated_at=GENERATED))


def test_who_they_are_and_their_consent(english: str) -> None:
    assert "Your data in the CBT practice bot" in english
    assert "Telegram user id 1099511627783" in english
    assert "Role client" in english
    # in their time zone (Berlin, UTC+1 in November): consent given 7 Nov 2026, 20:00 UTC
    assert "Consent given 7 Nov 2026, 21:00" in english
    assert "Consent now yes" in english
    assert "Time zone Europe/Berlin" in english
    assert "Country (for the helplines shown) DE" in english


def test_every_exercise_with_its_questions_and_answers(english: str) -> None:
    assert "Your exercises (3)" in english
    assert english.count("Thought record") >= 2
    assert "Box breathing" in english
    for scenario in (thought_record(), thought_record_ru_abandoned(START + timedelta(days=2))):
        for words in typed(scenario):
            assert re.sub(r"\s+", " ", words) in english, words
    assert "Mood (0–100) 80 40 −40" in english
    assert "Situation" in english  # a question's label


def test_homework_links_and_who_read_their_data(english: str) -> None:
    assert "Homework given to you" in english
    assert f"From {THERAPIST_NAME}" in english
    assert NOTE in english
    assert "10 Nov 2026: done" in english
    assert "11 Nov 2026: not done" in english
    assert f"Therapist: {THERAPIST_NAME}" in english
    assert "by linking to another therapist" in english
    assert "Who read your data" in english
    assert f"13 Nov 2026, 21:00 · {THERAPIST_NAME} · read an exercise" in english
    assert "a therapist who has since left · exported your exercises" in english
    assert "Invitation to link with a therapist" in english
    assert "Unfinished dialog" in english
    assert "Crisis support shown to you" in english
    assert "16 Nov 2026, 21:00 · you asked for help (/sos)" in english
    assert "choices: breathe · closed 16 Nov 2026, 21:04 (back)" in english
    assert "17 Nov 2026, 21:00 · the bot asked a check-in question after a message, then offered help" in english
    assert "about your safety at home · choices: check_in_yes, breathe" in english
    assert "18 Nov 2026, 21:00 · the bot asked a check-in question after a message" in english
    assert "about your own safety · choices: check_in_no" in english
    assert "Therapy sessions marked as held" in english
    assert "19 Nov 2026, 21:00 · with your therapist" in english


def test_in_russian(russian: str) -> None:
    assert "Ваши данные в боте для практики КПТ" in russian
    assert "О вас" in russian
    assert "Дневник мыслей" in russian
    for words in typed(thought_record_ru_abandoned(START + timedelta(days=2))):
        assert re.sub(r"\s+", " ", words) in russian, words
    for words in typed(thought_record()):  # what they wrote is as they wrote it
        assert re.sub(r"\s+", " ", words) in russian, words
    assert "Кто просматривал ваши данные" in russian
    assert f"{THERAPIST_NAME} · прочитал(а) упражнение" in russian
    assert "Домашние задания" in russian
    assert "бот задал уточняющий вопрос после сообщения, затем предложил помощь" in russian
    assert "о вашей безопасности дома" in russian


def test_an_exercise_whose_flow_is_gone_shows_the_answers_as_stored() -> None:
    data = dataclasses.replace(personal_data(clients=[(box_breathing(), None), (thought_record(), None)]),
                               flow_versions=())
    text = pdf_text(export_personal_pdf(data, "en", generated_at=GENERATED))
    assert "questions can no longer be shown" in text
    for words in typed(thought_record()):
        assert re.sub(r"\s+", " ", words) in text, words


def test_a_person_with_nothing_and_a_therapist() -> None:
    empty = dataclasses.replace(personal_data(clients=[]), homework=(), links=(), invites=(),
                                reads_of_their_data=(), dialog=None)
    text = pdf_text(export_personal_pdf(empty, "en", generated_at=GENERATED))
    assert "No exercises." in text
    assert "Nobody has read your data." in text
    therapist = pdf_text(export_personal_pdf(therapist_data(), "en", generated_at=GENERATED))
    assert "Homework you assigned" in therapist
    assert "Client #12 · thought_record" in therapist  # a flow it has no version of: by its id
    assert "Clients' data you read" in therapist
    assert "Your own exercises (flows)" in therapist
    assert "Box breathing — version 1" in therapist
    assert "Your private notes on clients" in therapist
    assert THERAPIST_NOTE in therapist and "on exercise #9" in therapist
    assert "Your digest of clients' homework weekly on day 1 (1 = Monday) at 08:30" in therapist
    assert "a notice for each missed item: on" in therapist
    russian = pdf_text(export_personal_pdf(therapist_data(), "ru", generated_at=GENERATED))
    assert "еженедельно, день 1 (1 — понедельник), в 08:30" in russian


@pytest.mark.parametrize("language", ["en", "ru"])
def test_every_kind_of_read_is_told_in_words(language: str) -> None:
    reads = tuple(AuditData(AuditEntry(n, START, 99, 1, action, ""), THERAPIST_NAME)
                  for n, action in enumerate(get_args(AuditAction)))
    text = pdf_text(export_personal_pdf(dataclasses.replace(personal_data(), reads_of_their_data=reads), language,
                                        generated_at=GENERATED))
    assert text.count(THERAPIST_NAME) >= len(reads)
    assert not any(re.search(rf"· {action}\b", text) for action in get_args(AuditAction))  # never the bare code
