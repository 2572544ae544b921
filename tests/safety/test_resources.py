"""The shipped crisis resources: a Russian line is Russian throughout (only the services' own names stay as
the services spell them), and a contact may be given per language."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bot.safety.resources import SHIPPED, load_book

# What a service calls itself is what a person hears when it answers and what they would search for.
PROPER_NAMES = {"Samaritans", "TelefonSeelsorge", "Lifeline", "Australia"}
ZONES = (None, "UTC", "America/New_York", "America/Toronto", "Europe/London", "Europe/Dublin", "Europe/Berlin",
         "Europe/Paris", "Europe/Amsterdam", "Australia/Sydney", "Europe/Kyiv", "Europe/Moscow")


def latin_words(text: str) -> set[str]:
    without_urls = re.sub(r"https?://\S+?(?=</b>|\s|$)", "", text)
    return set(re.findall(r"[A-Za-z]+", re.sub(r"<[^>]+>", "", without_urls)))


@pytest.mark.parametrize("zone", ZONES)
def test_every_russian_line_is_russian(zone: str | None) -> None:
    rendered = load_book(SHIPPED).render(zone, "ru")
    assert rendered.count("•") >= 2
    assert latin_words(rendered) <= PROPER_NAMES, rendered
    for line in rendered.splitlines():
        assert re.search("[а-яё]", line, re.I), line


def test_the_english_lines_are_unchanged_by_the_russian_ones() -> None:
    rendered = load_book(SHIPPED).render("UTC", "en")
    assert "112 (Europe and many countries) · 911 (North America) · 999 (UK)" in rendered
    assert not re.search("[а-яё]", rendered, re.I)


def test_a_contact_per_language(tmp_path: Path) -> None:
    path = tmp_path / "resources.yaml"
    path.write_text('default:\n  - name: {en: "Help", ru: "Помощь"}\n    contact: {en: "call 1", ru: "звонок 1"}\n',
                    encoding="utf-8")
    book = load_book(path)
    assert book.render(None, "ru") == "• Помощь: <b>звонок 1</b>"
    assert book.render(None, "en") == "• Help: <b>call 1</b>"


def test_a_contact_that_is_neither_text_nor_texts_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "resources.yaml"
    path.write_text('default:\n  - name: "Help"\n    contact: [1, 2]\n', encoding="utf-8")
    with pytest.raises(ValueError, match="a text per language"):
        load_book(path)


@pytest.mark.parametrize(("zone", "language", "number"), [
    ("America/New_York", "en", "911"), ("Europe/London", "ru", "999"), ("Australia/Sydney", "en", "000"),
    ("Europe/Moscow", "en", "112"), (None, "ru", "112"), (None, "en", None), ("UTC", "en", None),
])
def test_the_emergency_number_is_the_persons_countrys(zone: str | None, language: str, number: str | None) -> None:
    assert load_book(SHIPPED).emergency_number(zone, language) == number


def test_every_country_has_its_emergency_number() -> None:
    book = load_book(SHIPPED)
    assert set(book.emergency_numbers) == set(book.countries)


def test_emergency_numbers_that_are_not_one_number_per_country_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "resources.yaml"
    path.write_text('default:\n  - {name: "Help", contact: "1"}\nemergency_numbers: {US: [911, 112]}\n',
                    encoding="utf-8")
    with pytest.raises(ValueError, match="emergency_numbers"):
        load_book(path)
