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
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

# Russian names of the countries and cities a Russian speaker is most likely to type; English names come
# from tzdata's iso3166.tab and the zone names themselves.
COUNTRY_NAMES_RU: dict[str, tuple[str, ...]] = {
    "RU": ("россия", "рф", "российская федерация"), "UA": ("украина",), "BY": ("беларусь", "белоруссия"),
    "KZ": ("казахстан",), "UZ": ("узбекистан",), "KG": ("киргизия", "кыргызстан"), "TJ": ("таджикистан",),
    "AM": ("армения",), "GE": ("грузия",), "AZ": ("азербайджан",), "MD": ("молдова", "молдавия"),
    "LV": ("латвия",), "LT": ("литва",), "EE": ("эстония",), "IL": ("израиль",), "DE": ("германия",),
    "US": ("сша", "америка", "соединенные штаты"), "GB": ("великобритания", "англия", "британия"),
    "CA": ("канада",), "AU": ("австралия",), "NZ": ("новая зеландия",), "IE": ("ирландия",),
    "FR": ("франция",), "NL": ("нидерланды", "голландия"), "IN": ("индия",), "TR": ("турция",),
    "RS": ("сербия",), "ME": ("черногория",), "TH": ("таиланд", "тайланд"), "ES": ("испания",),
    "IT": ("италия",), "PL": ("польша",), "FI": ("финляндия",), "CZ": ("чехия",), "PT": ("португалия",),
    "CY": ("кипр",), "AE": ("оаэ", "эмираты"), "AT": ("австрия",), "CH": ("швейцария",), "SE": ("швеция",),
    "NO": ("норвегия",), "BG": ("болгария",), "GR": ("греция",), "CN": ("китай",), "JP": ("япония",),
}
CITY_ZONES: dict[str, str] = {
    "москва": "Europe/Moscow", "санкт-петербург": "Europe/Moscow", "петербург": "Europe/Moscow",
    "питер": "Europe/Moscow", "спб": "Europe/Moscow", "казань": "Europe/Moscow", "нижний новгород": "Europe/Moscow",
    "ростов-на-дону": "Europe/Moscow", "краснодар": "Europe/Moscow", "сочи": "Europe/Moscow",
    "воронеж": "Europe/Moscow", "калининград": "Europe/Kaliningrad", "самара": "Europe/Samara",
    "волгоград": "Europe/Volgograd", "екатеринбург": "Asia/Yekaterinburg", "челябинск": "Asia/Yekaterinburg",
    "уфа": "Asia/Yekaterinburg", "пермь": "Asia/Yekaterinburg", "тюмень": "Asia/Yekaterinburg",
    "омск": "Asia/Omsk", "новосибирск": "Asia/Novosibirsk", "красноярск": "Asia/Krasnoyarsk",
    "иркутск": "Asia/Irkutsk", "якутск": "Asia/Yakutsk", "владивосток": "Asia/Vladivostok",
    "хабаровск": "Asia/Vladivostok", "магадан": "Asia/Magadan", "киев": "Europe/Kyiv", "харьков": "Europe/Kyiv",
    "одесса": "Europe/Kyiv", "днепр": "Europe/Kyiv", "львов": "Europe/Kyiv", "минск": "Europe/Minsk",
    "алматы": "Asia/Almaty", "астана": "Asia/Almaty", "ташкент": "Asia/Tashkent", "бишкек": "Asia/Bishkek",
    "ереван": "Asia/Yerevan", "тбилиси": "Asia/Tbilisi", "баку": "Asia/Baku", "кишинев": "Europe/Chisinau",
    "рига": "Europe/Riga", "вильнюс": "Europe/Vilnius", "таллин": "Europe/Tallinn", "берлин": "Europe/Berlin",
    "мюнхен": "Europe/Berlin", "лондон": "Europe/London", "париж": "Europe/Paris", "нью-йорк": "America/New_York",
    "тель-авив": "Asia/Jerusalem", "иерусалим": "Asia/Jerusalem", "хайфа": "Asia/Jerusalem",
    "стамбул": "Europe/Istanbul", "белград": "Europe/Belgrade", "варшава": "Europe/Warsaw", "прага": "Europe/Prague",
    "хельсинки": "Europe/Helsinki", "лиссабон": "Europe/Lisbon", "амстердам": "Europe/Amsterdam",
    "дубай": "Asia/Dubai", "бангкок": "Asia/Bangkok", "пхукет": "Asia/Bangkok",
    # English names of big cities that are not zone names
    "boston": "America/New_York", "washington": "America/New_York", "miami": "America/New_York",
    "atlanta": "America/New_York", "philadelphia": "America/New_York", "houston": "America/Chicago",
    "dallas": "America/Chicago", "austin": "America/Chicago", "san francisco": "America/Los_Angeles",
    "seattle": "America/Los_Angeles", "san diego": "America/Los_Angeles", "portland": "America/Los_Angeles",
    "las vegas": "America/Los_Angeles", "montreal": "America/Toronto", "ottawa": "America/Toronto",
    "calgary": "America/Edmonton", "manchester": "Europe/London", "birmingham": "Europe/London",
    "edinburgh": "Europe/London", "glasgow": "Europe/London", "cardiff": "Europe/London", "belfast": "Europe/London",
    "munich": "Europe/Berlin", "hamburg": "Europe/Berlin", "cologne": "Europe/Berlin", "frankfurt": "Europe/Berlin",
    "saint petersburg": "Europe/Moscow", "st petersburg": "Europe/Moscow", "kiev": "Europe/Kyiv",
    "canberra": "Australia/Sydney", "auckland": "Pacific/Auckland", "wellington": "Pacific/Auckland",
    "mumbai": "Asia/Kolkata", "delhi": "Asia/Kolkata", "new delhi": "Asia/Kolkata", "bangalore": "Asia/Kolkata",
    "bengaluru": "Asia/Kolkata", "chennai": "Asia/Kolkata", "astana": "Asia/Almaty", "tel aviv": "Asia/Jerusalem",
}
# Zones offered as buttons for countries with several: the ones most people live in, west to east.
MAIN_ZONES: dict[str, tuple[str, ...]] = {
    "US": ("America/New_York", "America/Chicago", "America/Denver", "America/Phoenix", "America/Los_Angeles",
           "America/Anchorage", "Pacific/Honolulu"),
    "CA": ("America/Halifax", "America/Toronto", "America/Winnipeg", "America/Regina", "America/Edmonton",
           "America/Vancouver", "America/St_Johns"),
    "AU": ("Australia/Perth", "Australia/Darwin", "Australia/Adelaide", "Australia/Brisbane", "Australia/Sydney",
           "Australia/Hobart"),
    "RU": ("Europe/Kaliningrad", "Europe/Moscow", "Europe/Samara", "Asia/Yekaterinburg", "Asia/Omsk",
           "Asia/Novosibirsk", "Asia/Krasnoyarsk", "Asia/Irkutsk", "Asia/Yakutsk", "Asia/Vladivostok"),
}
ZONE_NAMES_RU: dict[str, str] = {
    zone: re.sub(r"(^|[ -])([а-я])", lambda m: m.group(1) + m.group(2).upper(), city)
    for city, zone in reversed(CITY_ZONES.items()) if re.match("[а-я]", city)}
ZONE_NAMES_RU.update({"Europe/Moscow": "Москва", "Asia/Almaty": "Алматы", "Europe/Kyiv": "Киев"})


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
    city_zone = CITY_ZONES.get(key) or _zone_cities().get(key)
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
    if country in MAIN_ZONES:
        return list(MAIN_ZONES[country])
    return [zone for zone, code in _zone_countries().items() if code == country]


def country_of_zone(timezone: str) -> str | None:
    countries = _zone_countries()
    return countries.get(timezone) or countries.get(_zone_links().get(timezone, ""))


def zone_label(zone: str, language: str) -> str:
    """ "New York" or "Москва" for a button."""
    if language == "ru" and zone in ZONE_NAMES_RU:
        return ZONE_NAMES_RU[zone]
    return zone.rsplit("/", 1)[-1].replace("_", " ")


def country_name(code: str, language: str) -> str:
    if language == "ru" and code in COUNTRY_NAMES_RU:
        return COUNTRY_NAMES_RU[code][0].title() if code not in ("US", "AE") else COUNTRY_NAMES_RU[code][0].upper()
    return _iso_names().get(code, code)


def _key(text: str) -> str:
    return text.lower().replace("ё", "е").replace("_", " ").replace(".", "").strip()


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
    names.update({name: code for code, ru in COUNTRY_NAMES_RU.items() for name in ru})
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
