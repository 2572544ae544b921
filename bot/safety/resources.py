"""Crisis resources for a person's country and language, from an operator-editable YAML file with
international defaults. Loading never fails the crisis path: a broken override falls back to the
shipped file, and the shipped file to the static text."""

from __future__ import annotations

import html
import logging
import os
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from bot.flowspec.texts import localize
from bot.geo import country_of_zone
from bot.safety.phrasebook import CATEGORIES, Category

log = logging.getLogger(__name__)

SHIPPED = Path(__file__).with_name("resources.yaml")


@dataclass(frozen=True, slots=True)
class Resource:
    name: str | dict[str, str]
    contact: str | dict[str, str]  # one per language where it carries words, as "112 (Europe)" does
    categories: frozenset[Category] = frozenset(CATEGORIES)  # the kinds of danger it helps with (`for:`)
    source: str = ""  # where the number is published
    checked: date | None = None  # the day someone last checked it there
    abroad: bool = True  # usable from any country; a country's entries are not unless they say so


@dataclass(frozen=True, slots=True)
class Country:
    emergency: str | None
    resources: tuple[Resource, ...]


@dataclass(frozen=True, slots=True)
class Place:
    """Where the person is, as far as we know: `certain` when it comes from their own choice or time zone,
    not from a guess on their language (a Russian speaker may live anywhere)."""

    country: str | None
    certain: bool


@dataclass(frozen=True)
class ResourceBook:
    default: tuple[Resource, ...]
    countries: Mapping[str, Country]
    language_countries: Mapping[str, str] = field(default_factory=dict)

    def place(self, timezone: str | None, language: str, country: str | None = None) -> Place:
        if country:
            return Place(country.upper(), True)
        zone_country = country_of_zone(timezone) if timezone else None
        if zone_country:
            return Place(zone_country, True)
        return Place(self.language_countries.get(language), False)

    def for_person(
        self, timezone: str | None, language: str, category: Category = "self", country: str | None = None
    ) -> tuple[Resource, ...]:
        """The country's resources for this kind of danger, then the international ones. On a guessed country
        only what can be reached from abroad: a free-phone number does not work from another country."""
        place = self.place(timezone, language, country)
        known = self.countries.get(place.country or "")
        local = tuple(r for r in known.resources if place.certain or r.abroad) if known else ()
        return tuple(r for r in local + self.default if category in r.categories)

    def emergency_number(self, timezone: str | None, language: str, country: str | None = None) -> str | None:
        """The one number to call in immediate danger, or None when the person's country is not known for sure."""
        place = self.place(timezone, language, country)
        known = self.countries.get(place.country or "")
        return known.emergency if known and place.certain else None

    def render(
        self, timezone: str | None, language: str, category: Category = "self", country: str | None = None
    ) -> str:
        return "\n".join(
            f"• {html.escape(localize(r.name, language))}: <b>{html.escape(localize(r.contact, language))}</b>"
            for r in self.for_person(timezone, language, category, country)
        )

    def entries(self) -> Iterator[tuple[str, Resource]]:
        """Every entry with where it is listed ("default" or a country code): for checks and reviews."""
        for resource in self.default:
            yield "default", resource
        for code, known in self.countries.items():
            for resource in known.resources:
                yield code, resource


def load_book(path: Path) -> ResourceBook:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict) or not isinstance(data.get("default"), list):
        raise ValueError(f"{path}: expected a mapping with a `default` list")
    return ResourceBook(
        default=_resources(data["default"], "default", abroad=True),
        countries={
            str(code).upper(): _country(str(code).upper(), item) for code, item in (data.get("countries") or {}).items()
        },
        language_countries={str(k): str(v).upper() for k, v in (data.get("language_countries") or {}).items()},
    )


def _country(code: str, item: Any) -> Country:
    if not isinstance(item, dict) or not isinstance(item.get("resources"), list):
        raise ValueError(f"{code}: a country has `emergency` (its emergency number) and a `resources` list")
    emergency = item.get("emergency")
    if emergency is not None and (isinstance(emergency, dict | list) or not str(emergency).strip()):
        raise ValueError(f"{code}: `emergency` is one number")
    return Country(str(emergency) if emergency is not None else None, _resources(item["resources"], code, abroad=False))


def _resources(items: Any, where: str, abroad: bool) -> tuple[Resource, ...]:
    if not isinstance(items, list):
        raise ValueError(f"{where}: expected a list of resources")
    found = []
    for item in items:
        if not isinstance(item, dict) or "name" not in item or "contact" not in item:
            raise ValueError(f"{where}: a resource needs a name and a contact: {item!r}"[:160])
        source, checked = item.get("source"), item.get("checked")
        if not isinstance(source, str) or not source.strip() or not isinstance(checked, date):
            raise ValueError(
                f"{where}: every resource names its `source` and the date it was `checked` "
                f"(YYYY-MM-DD): {item.get('contact')!r}"[:160]
            )
        found.append(
            Resource(
                _text(item["name"]),
                _text(item["contact"]),
                _categories(item.get("for")),
                source.strip(),
                checked,
                bool(item.get("abroad", abroad)),
            )
        )
    return tuple(found)


def _categories(value: Any) -> frozenset[Category]:
    """`for: [self, home]`: the kinds of danger a resource is for; every kind when absent."""
    if value is None:
        return frozenset(CATEGORIES)
    if not isinstance(value, list) or not value or any(v not in CATEGORIES for v in value):
        raise ValueError(f"`for` lists one or more of {', '.join(CATEGORIES)}: {value!r}"[:120])
    return frozenset(value)


def _text(value: Any) -> str | dict[str, str]:
    """One text, or one per language."""
    if isinstance(value, dict) and value:
        return {str(language): str(text) for language, text in value.items()}
    if isinstance(value, dict | list) or value is None:
        raise ValueError(f"a name or contact is a text, or a text per language: {value!r}"[:120])
    return str(value)


@cache
def resource_book(override: str | None = None) -> ResourceBook:
    path = override if override is not None else os.environ.get("CBT_CRISIS_RESOURCES")
    if path:
        try:
            return load_book(Path(path))
        except (OSError, ValueError, yaml.YAMLError) as error:
            log.error("crisis resources file %s unusable (%s); using the shipped one", path, error)
    return load_book(SHIPPED)
