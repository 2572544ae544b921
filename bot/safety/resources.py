"""Crisis resources for a person's country and language, from an operator-editable YAML file with
international defaults. Loading never fails the crisis path: a broken override falls back to the
shipped file, and the shipped file to the static text."""

from __future__ import annotations

import html
import importlib.resources
import logging
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from bot.flowspec.texts import localize
from bot.safety.phrasebook import CATEGORIES, Category

log = logging.getLogger(__name__)

SHIPPED = Path(__file__).with_name("resources.yaml")


@dataclass(frozen=True, slots=True)
class Resource:
    name: str | dict[str, str]
    contact: str | dict[str, str]  # one per language where it carries words, as "112 (Europe)" does
    categories: frozenset[Category] = frozenset(CATEGORIES)  # the kinds of danger it helps with (`for:`)


@dataclass(frozen=True)
class ResourceBook:
    default: tuple[Resource, ...]
    countries: Mapping[str, tuple[Resource, ...]]
    language_countries: Mapping[str, str]
    emergency_numbers: Mapping[str, str] = field(default_factory=dict)

    def for_person(self, timezone: str | None, language: str, category: Category = "self") -> tuple[Resource, ...]:
        found = self.countries.get(self._country(timezone, language) or "", ()) + self.default
        return tuple(r for r in found if category in r.categories)

    def emergency_number(self, timezone: str | None, language: str) -> str | None:
        """The one number to call in immediate danger, or None when the person's country is not known."""
        return self.emergency_numbers.get(self._country(timezone, language) or "")

    def _country(self, timezone: str | None, language: str) -> str | None:
        country = country_of_zone(timezone) if timezone else None
        return country if country in self.countries else self.language_countries.get(language)

    def render(self, timezone: str | None, language: str, category: Category = "self") -> str:
        return "\n".join(f"• {html.escape(localize(r.name, language))}: "
                         f"<b>{html.escape(localize(r.contact, language))}</b>"
                         for r in self.for_person(timezone, language, category))


def load_book(path: Path) -> ResourceBook:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict) or not isinstance(data.get("default"), list):
        raise ValueError(f"{path}: expected a mapping with a `default` list")
    return ResourceBook(
        default=_resources(data["default"]),
        countries={str(code).upper(): _resources(items) for code, items in (data.get("countries") or {}).items()},
        language_countries={str(k): str(v).upper() for k, v in (data.get("language_countries") or {}).items()},
        emergency_numbers=_numbers(data.get("emergency_numbers")),
    )


def _numbers(value: Any) -> dict[str, str]:
    if value is None:
        return {}
    if not isinstance(value, dict) or any(isinstance(v, dict | list) or v is None for v in value.values()):
        raise ValueError("`emergency_numbers` maps a country code to one number")
    return {str(code).upper(): str(number) for code, number in value.items()}


def _resources(items: Any) -> tuple[Resource, ...]:
    if not isinstance(items, list):
        raise ValueError("each country holds a list of resources")
    found = []
    for item in items:
        if not isinstance(item, dict) or "name" not in item or "contact" not in item:
            raise ValueError(f"a resource needs a name and a contact: {item!r}"[:120])
        found.append(Resource(_text(item["name"]), _text(item["contact"]), _categories(item.get("for"))))
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


@cache
def _zone_countries() -> dict[str, str]:
    for source in (_tzdata_zone_tab(), Path("/usr/share/zoneinfo/zone.tab")):
        try:
            text = source.read_text(encoding="utf-8") if source else None
        except OSError:
            continue
        if text:
            return {parts[2]: parts[0] for line in text.splitlines()
                    if not line.startswith("#") and len(parts := line.split("\t")) >= 3}
    return {}


def _tzdata_zone_tab() -> Path | None:
    try:
        return Path(str(importlib.resources.files("tzdata").joinpath("zoneinfo/zone.tab")))
    except ModuleNotFoundError:
        return None


def country_of_zone(timezone: str) -> str | None:
    return _zone_countries().get(timezone)
