"""The SOS answer that needs no database and no network: always available."""

from __future__ import annotations

import logging
from typing import Final

from bot.i18n import N_, SOURCE_LANGUAGE, Message, languages, translate
from bot.safety.phrasebook import Category
from bot.safety.resources import resource_book

log = logging.getLogger(__name__)

# One opening per kind of danger; each says what the bot is not, and what the numbers below are for.
_INTRO: Final[dict[Category, Message]] = {
    "self": N_(
        "<b>It sounds like things may be very hard right now. You are not alone.</b>\n"
        "I am an automated practice bot, not a crisis service, and nobody is reading these messages in "
        "real time. If you might act on thoughts of harming yourself, or you are in danger, please contact "
        "one of these now:"
    ),
    "others": N_(
        "<b>It sounds like things may be very hard right now. You are not alone.</b>\n"
        "I am an automated practice bot, not a crisis service, and nobody is reading these messages in "
        "real time. If you are afraid you might hurt someone, these can help you keep yourself and others "
        "safe. Please contact one of them now:"
    ),
    "home": N_(
        "<b>It sounds like you may not be safe at home. You are not alone, and it is not your fault.</b>\n"
        "I am an automated practice bot, not a crisis service, and nobody is reading these messages in "
        "real time. If you are in danger, please contact one of these now:"
    ),
    "someone_else": N_(
        "<b>It sounds like you are worried about someone.</b>\n"
        "I am an automated practice bot, not a crisis service, and nobody is reading these messages in "
        "real time. If someone may be in danger, these can help them, and help you help them:"
    ),
}
# If even the resources file cannot be read, this still reaches the person.
_LAST_RESORT = N_("• Emergency services: <b>112 · 911 · 999</b>\n• Find a helpline: <b>https://findahelpline.com</b>")


def static_sos_text(
    language: str, timezone: str | None = None, category: Category = "self", country: str | None = None
) -> str:
    try:
        language = language if language in languages() else SOURCE_LANGUAGE
    except Exception:  # nor on a catalog that cannot be read: the English source text still helps
        log.exception("translations unavailable; showing the SOS text in English")
        language = SOURCE_LANGUAGE
    try:
        resources = resource_book().render(timezone, language, category, country)
    except Exception:  # the crisis path must never fail on a configuration mistake
        log.exception("crisis resources unavailable; showing the built-in ones")
        resources = _words(_LAST_RESORT, language)
    return f"{_words(_INTRO.get(category, _INTRO['self']), language)}\n\n{resources}"


def _words(message: Message, language: str) -> str:
    try:
        return translate(message, language)
    except Exception:
        log.exception("translations unavailable; showing the SOS text in English")
        return message.text
