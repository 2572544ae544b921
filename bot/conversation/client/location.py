"""Where the person is, asked once after they agree and again with /country: one question for the country
and the time zone, skippable. The country decides which helplines the SOS path shows; the zone, when
reminders come. Typed answers may be a city, a country or a zone name; buttons offer the likely countries."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.conversation.callback_data import MenuButton, encode
from bot.conversation.messages import ButtonSpec, Keyboard, Reply, Send
from bot.conversation.texts import ui
from bot.geo import country_name, country_of_zone, find_place, single_zone, zone_label, zones_of

if TYPE_CHECKING:
    from bot.conversation.turn import Turn

DIALOG = "place"
LATER = "place_later"  # agreed through an invitation: the place is asked once the link is decided
MENU = "place"
# The countries offered as buttons, by the person's language; any other is typed.
SUGGESTED = {"ru": ("RU", "UA", "KZ", "BY", "DE", "IL"), "en": ("US", "GB", "CA", "AU", "IE", "IN")}
MAX_ZONE_BUTTONS = 10


def _button(label: str, arg: str) -> ButtonSpec:
    return ButtonSpec(label, encode(MenuButton(MENU, arg)))


def _pairs(buttons: list[ButtonSpec]) -> list[tuple[ButtonSpec, ...]]:
    return [tuple(buttons[i:i + 2]) for i in range(0, len(buttons), 2)]


async def ask(turn: Turn, intro: str = "location_question") -> list[Reply]:
    """The question, with the likely countries as buttons; the next typed message answers it."""
    lang = turn.language
    countries = [_button(country_name(code, lang), f"c.{code}") for code in SUGGESTED.get(lang, SUGGESTED["en"])]
    keyboard: Keyboard = (*_pairs(countries), (_button(ui("location_skip", lang), "skip"),))
    await turn.tx.dialogs.put(turn.person.id, DIALOG, {})
    return [Send(turn.chat_id, ui(intro, lang), keyboard)]


async def ask_after_invitation(turn: Turn) -> None:
    """Two open questions at once confuse: the invitation's is answered first, then this one comes."""
    await turn.tx.dialogs.put(turn.person.id, LATER, {})


async def ask_if_deferred(turn: Turn) -> list[Reply]:
    dialog = await turn.tx.dialogs.get(turn.person.id)
    if dialog is None or dialog.kind != LATER:
        return []
    return await ask(turn)


async def show(turn: Turn, words: str) -> list[Reply]:
    """`/country`: what is set and the question again; `/country Germany` sets it at once."""
    if words.strip():
        return await answer(turn, words)
    person = turn.person
    country = person.country or country_of_zone(person.timezone)
    current = ui("country_current", turn.language, country=country_name(country, turn.language), zone=person.timezone) \
        if country else ui("country_unknown", turn.language, zone=person.timezone)
    return [Send(turn.chat_id, current), *await ask(turn, "location_question_again")]


async def is_waiting(turn: Turn) -> bool:
    dialog = await turn.tx.dialogs.get(turn.person.id)
    return dialog is not None and dialog.kind == DIALOG


async def answer(turn: Turn, words: str) -> list[Reply]:
    """A typed city, country or zone. Unknown words keep the question open and say what would work."""
    place = find_place(words)
    if place is None:
        return [Send(turn.chat_id, ui("location_unknown", turn.language))]
    if place.country:
        turn.person = await turn.tx.people.set_country(turn.person.id, place.country)
    if place.zone:
        return await _done(turn, place.zone)
    assert place.country is not None  # a place without a zone is a country
    return await _ask_zone(turn, place.country)


async def on_button(turn: Turn, arg: str) -> list[Reply]:
    kind, _, rest = arg.partition(".")
    if kind == "skip":
        await _close(turn)
        return [Send(turn.chat_id, ui("location_skipped", turn.language))]
    if kind == "c" and len(rest) == 2 and rest.isupper():
        turn.person = await turn.tx.people.set_country(turn.person.id, rest)
        zone = single_zone(rest)
        return await _done(turn, zone) if zone else await _ask_zone(turn, rest)
    code, _, index = rest.partition(".")
    zones = zones_of(code) if kind == "z" else []
    if index.isdigit() and int(index) < len(zones):
        turn.person = await turn.tx.people.set_country(turn.person.id, code)  # the button names both
        return await _done(turn, zones[int(index)])
    return [Send(turn.chat_id, ui("stale_menu", turn.language))]


async def _ask_zone(turn: Turn, country: str) -> list[Reply]:
    lang = turn.language
    zones = zones_of(country)[:MAX_ZONE_BUTTONS]
    buttons = [_button(zone_label(zone, lang), f"z.{country}.{i}") for i, zone in enumerate(zones)]
    keyboard: Keyboard = (*_pairs(buttons), (_button(ui("location_skip", lang), "skip"),))
    await turn.tx.dialogs.put(turn.person.id, DIALOG, {"country": country})
    return [Send(turn.chat_id, ui("location_zone_question", lang, country=country_name(country, lang)), keyboard)]


async def _done(turn: Turn, zone: str) -> list[Reply]:
    turn.person = await turn.tx.people.set_timezone(turn.person.id, zone)
    await _close(turn)
    country = turn.person.country or country_of_zone(zone)
    name = country_name(country, turn.language) if country else "—"
    return [Send(turn.chat_id, ui("location_set", turn.language, country=name, zone=zone))]


async def _close(turn: Turn) -> None:
    if await is_waiting(turn):
        await turn.tx.dialogs.clear(turn.person.id)
