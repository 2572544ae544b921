"""The PDF worksheet: it parses, and its text carries the header, the titles and the client's words."""

from __future__ import annotations

import io
import logging
import re
from datetime import UTC, date, datetime, timedelta

import pytest
from pypdf import PdfReader

from bot.therapist.export_pdf import export_pdf, font_files
from tests.therapist.scenarios import START, box_breathing, thought_record, thought_record_ru_abandoned

GENERATED = datetime(2026, 11, 21, 9, 30, tzinfo=UTC)


def pdf_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


def squeeze(text: str) -> str:
    return re.sub(r"\s+", " ", text)


@pytest.fixture(scope="module")
def english() -> tuple[bytes, str]:
    reviews = [
        thought_record().review(),
        box_breathing(START + timedelta(days=1)).review(),
        thought_record_ru_abandoned(START + timedelta(days=2)).review("en", status="abandoned"),
    ]
    data = export_pdf("Client A.", reviews, date(2026, 11, 1), date(2026, 11, 21), "en", generated_at=GENERATED)
    return data, pdf_text(data)


def test_the_pdf_parses(english: tuple[bytes, str]) -> None:
    data, _ = english
    assert data.startswith(b"%PDF-")
    assert len(PdfReader(io.BytesIO(data)).pages) >= 3


def test_the_header_names_the_client_the_period_and_the_date(english: tuple[bytes, str]) -> None:
    _, text = english
    assert "Exercises between sessions" in text
    assert "Client Client A." in text
    assert "Period 1 Nov 2026 – 21 Nov 2026" in text
    assert "Generated 21 Nov 2026, 09:30" in text
    assert "Page 1 of" in text


def test_each_exercise_with_its_ratings_and_the_clients_words(english: tuple[bytes, str]) -> None:
    _, text = english
    assert text.count("Thought record") >= 2
    assert "Box breathing" in text
    assert "10 Nov 2026, 20:00 – 20:12 · completed" in text
    assert "Mood (0–100) 80 40 −40" in text
    assert "Distress (0–10) 7 3 −4" in text
    for words in (
        "Tuesday 8 pm at home, reading a message from my boss marked <b>urgent</b>",
        "He wrote \"urgent\" and didn't say thanks",
        "My last review was good; he asked me to lead the new project",
        "I always mess things up & everyone sees it",
        "Jumping to conclusions, Labeling, fortune telling",
        "finished (160 s)",
    ):
        assert squeeze(words) in text, words
    assert "Evidence against" in text


def test_cyrillic_renders(english: tuple[bytes, str]) -> None:
    _, text = english
    assert "Он не поблагодарил меня, написал «срочно»" in text
    assert "Вторник, вечер, дома. Начальник написал «срочно»" in text
    assert "abandoned" in text
    assert "Stopped at: Evidence against" in text


def test_a_russian_worksheet() -> None:
    reviews = [thought_record_ru_abandoned().review("ru", status="abandoned"), box_breathing().review("ru")]
    text = pdf_text(export_pdf("Анна К.", reviews, date(2026, 11, 1), None, "ru", generated_at=GENERATED))
    assert "Упражнения между сессиями" in text
    assert "Клиент Анна К." in text
    assert "Период 1 ноя 2026 – …" in text
    assert "Дневник мыслей" in text
    assert "Квадратное дыхание" in text
    assert "Остановились на шаге: Факты «против»" in text
    assert "Сила чувства (0–100) 90 — —" in text
    assert "Он не поблагодарил меня, написал «срочно»" in text
    assert "Стр. 1 из 3" in text


def test_characters_the_font_lacks_do_not_break_it() -> None:
    review = thought_record(situation="Tab\there, a bell\x07, 中文 and an emoji 😀").review()
    text = pdf_text(export_pdf("A", [review], None, None, "en"))
    assert "Tab here, a bell, ?? and an emoji" in text


def test_no_exercises() -> None:
    text = pdf_text(export_pdf("A", [], date(2026, 11, 1), date(2026, 11, 21), "en"))
    assert "No exercises in this period." in text


def test_the_fonts_come_from_matplotlib() -> None:
    files = font_files()
    assert set(files) == {"", "B", "I"}
    assert all("matplotlib" in path and path.endswith(".ttf") for path in files.values())


def test_nothing_the_client_wrote_reaches_the_log(caplog: pytest.LogCaptureFixture) -> None:
    # the hot thought is also shown inside later questions, which are set in the oblique font
    # (Arabic letters: in DejaVu Sans but not in its oblique; Chinese: in neither)
    client = thought_record(situation="中文 😀 ☃ \U0001f9e0", hot_thought="They'll fire me ء 中")
    caplog.set_level(logging.DEBUG)
    export_pdf("A", [client.review()], None, None, "en")
    assert [r for r in caplog.records if r.name.startswith("fpdf") and r.levelno >= logging.WARNING] == []
