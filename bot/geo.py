"""Where a person is: countries and time zones from the IANA tz database (tzdata), and a place typed in
plain words ("Berlin", "Москва", "Europe/Kiev", "Canada") read as a country and, where it tells one, a zone."""

from __future__ import annotations

import importlib.resources
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

import yaml

PLACES_FILE = Path(__file__).with_name("places.yaml")


@cache
def _places() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load(PLACES_FILE.read_text(encoding="utf-8"))
    return loaded


def _russian_country_names() -> dict[str, list[str]]:
    names: dict[str, list[str]] = _places()["countries"]["ru"]
    return names


def _city_zones() -> dict[str, str]:
    cities: dict[str, str] = _places()["cities"]
    return cities


def _main_zones() -> dict[str, list[str]]:
    zones: dict[str, list[str]] = _places()["main_zones"]
    return zones


@cache
def _russian_zone_names() -> dict[str, str]:
    """A zone's Russian label: the first Russian city of the file that lies in it, capitalised."""
    names: dict[str, str] = {}
    for city, zone in _city_zones().items():
        if not city.isascii() and zone not in names:
            names[zone] = re.sub(r"(^|[ -])(\w)", lambda m: m.group(1) + m.group(2).upper(), city)
    return names



@dataclass(frozen=True, slots=True)
class Place:
    country: str | None  # ISO 3166 code
    zone: str | None  # IANA name, when the words tell one


def find_place(words: str) -> Place | None:
    """A time zone ("Europe/Berlin", old names too), a city ("Berlin", "Москва") or a country ("Canada",
    "Германия") in the person's own words; None when none of them is recognised."""
    text = " ".join(words.strip().split())
    if not text:
        return None
    zone = _zone_named(text)
    if zone:
        return Place(country_of_zone(zone), zone)
    key = _key(text)
    city_zone = _city_zones().get(key) or _zone_cities().get(key)
    if city_zone:
        return Place(country_of_zone(city_zone), city_zone)
    country = _country_names().get(key)
    if country:
        return Place(country, single_zone(country))
    return None


def single_zone(country: str) -> str | None:
    """The country's zone when its clocks all show one time (Germany, Kazakhstan); None when they differ."""
    zones = zones_of(country)
    if not zones:
        return None
    now = datetime.now(UTC)
    offsets = {now.astimezone(ZoneInfo(zone)).utcoffset() for zone in zones}
    return zones[0] if len(offsets) == 1 else None


def zones_of(country: str) -> list[str]:
    """The zones people of this country are offered: its main ones, else every zone tzdata gives it (the most
    populous first, as zone.tab lists them)."""
    if country in _main_zones():
        return list(_main_zones()[country])
    return [zone for zone, code in _zone_countries().items() if code == country]


def country_of_zone(timezone: str) -> str | None:
    countries = _zone_countries()
    return countries.get(timezone) or countries.get(_zone_links().get(timezone, ""))


def zone_label(zone: str, language: str) -> str:
    """ "New York" or "Москва" for a button."""
    if language == "ru" and zone in _russian_zone_names():
        return _russian_zone_names()[zone]
    return zone.rsplit("/", 1)[-1].replace("_", " ")


def country_name(code: str, language: str) -> str:
    russian = _russian_country_names()
    if language == "ru" and code in russian:
        return russian[code][0].upper() if code in ("US", "AE") else russian[code][0].title()
    return _iso_names().get(code, code)


# People often type the Russian letter yo as ie; zone names use "_" for spaces.
_SPELLING = str.maketrans({"ё": "е", "_": " ", ".": None})


def _key(text: str) -> str:
    return text.lower().translate(_SPELLING).strip()


def _zone_named(text: str) -> str | None:
    if "/" not in text and text.upper() != "UTC":
        return None
    candidate = "/".join(part.strip().replace(" ", "_") for part in text.split("/"))
    lowered = {zone.lower(): zone for zone in _all_zones()}
    found = lowered.get(candidate.lower())
    if found is None:
        return None
    try:
        ZoneInfo(found)
    except (ZoneInfoNotFoundError, ValueError):
        return None
    return found


@cache
def _all_zones() -> frozenset[str]:
    return frozenset(available_timezones())


@cache
def _zone_cities() -> dict[str, str]:
    """"berlin" -> Europe/Berlin, from every zone that names a city and a country."""
    return {_key(zone.rsplit("/", 1)[-1]): zone for zone in _zone_countries()}


@cache
def _country_names() -> dict[str, str]:
    names = {_key(name): code for code, name in _iso_names().items()}
    names.update({_key(code): code for code in _iso_names()})
    names.update({"usa": "US", "america": "US", "uk": "GB", "england": "GB", "britain": "GB",
                  "scotland": "GB", "wales": "GB", "russia": "RU", "holland": "NL"})
    names.update({name: code for code, ru in _russian_country_names().items() for name in ru})
    return names


def _tab_lines(name: str) -> Iterator[list[str]]:
    for source in (_tzdata_file(name), Path("/usr/share/zoneinfo") / name):
        try:
            text = source.read_text(encoding="utf-8") if source else None
        except OSError:
            continue
        if text:
            yield from (line.split("\t") for line in text.splitlines() if line and not line.startswith("#"))
            return


@cache
def _iso_names() -> dict[str, str]:
    return {parts[0]: parts[1] for parts in _tab_lines("iso3166.tab") if len(parts) >= 2}


@cache
def _zone_countries() -> dict[str, str]:
    return {parts[2]: parts[0] for parts in _tab_lines("zone.tab") if len(parts) >= 3}


@cache
def _zone_links() -> dict[str, str]:
    """Old and alternative zone names (Europe/Kiev, Asia/Calcutta, US/Eastern) to the zone they now name."""
    return {parts[2]: parts[1] for line in _tab_lines("tzdata.zi")
            if len(parts := line[0].split()) == 3 and parts[0] == "L"}


def _tzdata_file(name: str) -> Path | None:
    try:
        return Path(str(importlib.resources.files("tzdata").joinpath(f"zoneinfo/{name}")))
    except ModuleNotFoundError:
        return None
