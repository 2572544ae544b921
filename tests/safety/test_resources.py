"""The shipped crisis resources: a Russian line is Russian throughout (only the services' own names stay as
the services spell them), and a contact may be given per language."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

from bot.safety.phrasebook import Category
from bot.safety.resources import SHIPPED, country_of_zone, load_book

# What a service calls itself is what a person hears when it answers and what they would search for.
PROPER_NAMES = {"Samaritans", "TelefonSeelsorge", "Lifeline", "Australia", "Kids", "Help", "Phone", "ShelterSafe",
                "Childline", "Women", "Aid", "Hilfetelefon", "Nummer", "gegen", "Kummer", "Veilig", "Thuis", "De",
                "Kindertelefoon", "RESPECT", "Helpline", "Aotearoa", "Refuge", "Tele", "MANAS", "START", "CONNECT", "s",
                "Childhelp"}
ZONES = (None, "UTC", "America/New_York", "America/Toronto", "Europe/London", "Europe/Dublin", "Europe/Berlin",
         "Europe/Paris", "Europe/Amsterdam", "Australia/Sydney", "Europe/Kyiv", "Europe/Moscow", "Pacific/Auckland",
         "Asia/Kolkata", "Asia/Almaty")
CATEGORIES = ("self", "others", "home", "someone_else")


def latin_words(text: str) -> set[str]:
    without_urls = re.sub(r"https?://\S+?(?=</b>|\s|$)", "", html.unescape(text))
    return set(re.findall(r"[A-Za-z]+", re.sub(r"<[^>]+>", "", without_urls)))


@pytest.mark.parametrize("category", CATEGORIES)
@pytest.mark.parametrize("zone", ZONES)
def test_every_russian_line_is_russian(zone: str | None, category: Category) -> None:
    rendered = load_book(SHIPPED).render(zone, "ru", category)
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
    path.write_text('default:\n  - name: {en: "Help", ru: "Помощь"}\n    contact: {en: "call 1", ru: "звонок 1"}\n'
                    '    source: "https://example.org"\n    checked: 2026-01-02\n',
                    encoding="utf-8")
    book = load_book(path)
    assert book.render(None, "ru") == "• Помощь: <b>звонок 1</b>"
    assert book.render(None, "en") == "• Help: <b>call 1</b>"


def test_a_contact_that_is_neither_text_nor_texts_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "resources.yaml"
    path.write_text('default:\n  - name: "Help"\n    contact: [1, 2]\n    source: "https://x.org"\n'
                    '    checked: 2026-01-02\n', encoding="utf-8")
    with pytest.raises(ValueError, match="a text per language"):
        load_book(path)


@pytest.mark.parametrize(("zone", "language", "number"), [
    ("America/New_York", "en", "911"), ("Europe/London", "ru", "999"), ("Australia/Sydney", "en", "000"),
    ("Europe/Moscow", "en", "112"), ("Pacific/Auckland", "en", "111"), (None, "en", None), ("UTC", "en", None),
    (None, "ru", None),  # a guess from the language is not where the person is
])
def test_the_emergency_number_is_the_persons_countrys(zone: str | None, language: str, number: str | None) -> None:
    assert load_book(SHIPPED).emergency_number(zone, language) == number


def test_a_chosen_country_comes_before_the_time_zone() -> None:
    book = load_book(SHIPPED)
    assert book.emergency_number("Europe/Moscow", "ru", country="gb") == "999"
    assert "116 123" in book.render("Europe/Moscow", "ru", "self", country="GB")


@pytest.mark.parametrize(("legacy", "country"), [("Europe/Kiev", "UA"), ("Asia/Calcutta", "IN"),
                                                 ("US/Eastern", "US"), ("Europe/Kyiv", "UA")])
def test_old_zone_names_still_tell_the_country(legacy: str, country: str) -> None:
    assert country_of_zone(legacy) == country


def test_every_country_has_its_emergency_number() -> None:
    book = load_book(SHIPPED)
    assert all(known.emergency for known in book.countries.values())


def test_every_shipped_entry_names_its_source_and_when_it_was_checked() -> None:
    entries = list(load_book(SHIPPED).entries())
    assert len(entries) > 30
    for where, entry in entries:
        assert entry.source.startswith("https://"), (where, entry.contact)
        assert entry.checked is not None and entry.checked.year >= 2026, (where, entry.contact)


def test_an_entry_without_source_or_date_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "resources.yaml"
    path.write_text('default:\n  - {name: "Help", contact: "1", source: "https://example.org"}\n', encoding="utf-8")
    with pytest.raises(ValueError, match="checked"):
        load_book(path)
    path.write_text('default:\n  - {name: "Help", contact: "1", checked: 2026-01-02}\n', encoding="utf-8")
    with pytest.raises(ValueError, match="source"):
        load_book(path)


@pytest.mark.parametrize("category", CATEGORIES)
@pytest.mark.parametrize("zone", [z for z in ZONES if z not in (None, "UTC")])
def test_every_kind_of_danger_gets_more_than_the_emergency_number(zone: str, category: Category) -> None:
    book = load_book(SHIPPED)
    country = book.place(zone, "en").country
    assert country in book.countries, zone
    assert len(book.for_person(zone, "en", category)) >= 2
    if category in ("self", "home"):  # each listed country has its own line for these
        assert any(category in r.categories for r in book.countries[country].resources), (country, category)


def test_a_guessed_country_shows_no_number_that_cannot_be_dialled_from_abroad() -> None:
    book = load_book(SHIPPED)
    guessed = book.render(None, "ru", "self")  # Russian, no zone: perhaps in Russia, perhaps not
    assert "8-800-2000-122" not in guessed and "051" not in guessed
    assert "+7 495 989-50-50" in guessed  # international format: works from anywhere
    assert "8-800-2000-122" in book.render("Europe/Moscow", "ru", "self")


def test_the_russian_line_for_young_people_says_so_and_adults_have_their_own() -> None:
    rendered = load_book(SHIPPED).render("Europe/Moscow", "ru", "self")
    young = next(line for line in rendered.splitlines() if "8-800-2000-122" in line)
    assert "детей, подростков и их родителей" in young
    assert any("для взрослых" in line for line in rendered.splitlines())


def test_abuse_at_home_gets_an_abuse_line_and_not_only_a_suicide_line() -> None:
    rendered = load_book(SHIPPED).render("Europe/London", "en", "home")
    assert "0808 2000 247" in rendered
    assert "116 123" not in rendered


def test_a_country_without_an_emergency_number_list_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "resources.yaml"
    path.write_text('default: []\ncountries: {US: [{name: "x", contact: "1"}]}\n', encoding="utf-8")
    with pytest.raises(ValueError, match="emergency"):
        load_book(path)
