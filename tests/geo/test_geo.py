"""Reading a place typed in plain words, and the country of a time zone (which picks the crisis lines)."""

from __future__ import annotations

from zoneinfo import ZoneInfo

import pytest

from bot.geo import Place, country_name, country_of_zone, find_place, single_zone, zone_label, zones_of


@pytest.mark.parametrize(("words", "place"), [
    ("Berlin", Place("DE", "Europe/Berlin")),
    ("  berlin ", Place("DE", "Europe/Berlin")),
    ("Берлин", Place("DE", "Europe/Berlin")),
    ("москва", Place("RU", "Europe/Moscow")),
    ("Киев", Place("UA", "Europe/Kyiv")),
    ("Kyiv", Place("UA", "Europe/Kyiv")),
    ("new york", Place("US", "America/New_York")),
    ("London", Place("GB", "Europe/London")),
    ("Europe/Berlin", Place("DE", "Europe/Berlin")),
    ("Asia/Almaty", Place("KZ", "Asia/Almaty")),
    ("Germany", Place("DE", "Europe/Berlin")),  # one zone: the country tells it
    ("Германия", Place("DE", "Europe/Berlin")),
    ("UK", Place("GB", "Europe/London")),
    ("Россия", Place("RU", None)),  # eleven zones: asked next
    ("США", Place("US", None)),
])
def test_a_city_a_country_or_a_zone_is_read(words: str, place: Place) -> None:
    assert find_place(words) == place


def test_a_legacy_zone_name_is_accepted_and_tells_its_country() -> None:
    place = find_place("Europe/Kiev")
    assert place is not None and place.country == "UA"
    assert place.zone is not None and ZoneInfo(place.zone).key  # a zone the standard library can use
    assert country_of_zone("Europe/Kiev") == country_of_zone("Europe/Kyiv") == "UA"
    assert country_of_zone("Asia/Calcutta") == "IN"


@pytest.mark.parametrize("words", ["", "   ", "xyzzy", "hello there", "Europe/Atlantis"])
def test_words_that_name_no_place_give_none(words: str) -> None:
    assert find_place(words) is None


def test_zones_of_a_country_with_several_start_with_the_main_ones() -> None:
    russian = zones_of("RU")
    assert russian[:2] == ["Europe/Kaliningrad", "Europe/Moscow"]
    assert len(set(russian)) == len(russian) > 5
    assert single_zone("RU") is None
    assert single_zone("DE") == "Europe/Berlin"
    assert all(country_of_zone(zone) == "US" for zone in zones_of("US"))


def test_utc_and_unknown_zones_have_no_country() -> None:
    assert country_of_zone("UTC") is None
    assert country_of_zone("Not/AZone") is None


def test_names_follow_the_language() -> None:
    assert country_name("DE", "ru") == "Германия"
    assert country_name("DE", "en") == "Germany"
    assert zone_label("Europe/Moscow", "ru") == "Москва"
    assert "Moscow" in zone_label("Europe/Moscow", "en")
