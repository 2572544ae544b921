"""The SOS answer that needs no database and no network: always available."""

from __future__ import annotations

import logging

from bot.safety.resources import resource_book

log = logging.getLogger(__name__)

_INTRO = {
    "en": (
        "<b>It sounds like things may be very hard right now. You are not alone.</b>\n"
        "I am an automated practice bot, not a crisis service, and nobody is reading these messages in "
        "real time. If you might act on thoughts of harming yourself, or you are in danger, please contact "
        "one of these now:"
    ),
    "ru": (
        "<b>Похоже, сейчас вам очень тяжело. Вы не одни.</b>\n"
        "Я автоматический бот для практики, а не кризисная служба, и никто не читает эти сообщения в "
        "реальном времени. Если вы можете причинить себе вред или вам угрожает опасность, пожалуйста, "
        "обратитесь прямо сейчас:"
    ),
}
# If even the resources file cannot be read, this still reaches the person.
_LAST_RESORT = {
    "en": "• Emergency services: <b>112 · 911 · 999</b>\n• Find a helpline: <b>https://findahelpline.com</b>",
    "ru": "• Экстренные службы: <b>112</b>\n• Телефон доверия: <b>https://findahelpline.com</b>",
}


def static_sos_text(language: str, timezone: str | None = None) -> str:
    language = language if language in _INTRO else "en"
    try:
        resources = resource_book().render(timezone, language)
    except Exception:  # the crisis path must never fail on a configuration mistake
        log.exception("crisis resources unavailable; showing the built-in ones")
        resources = _LAST_RESORT[language]
    return f"{_INTRO[language]}\n\n{resources}"
