"""The static SOS answer: always available, needs no database and no network."""

from __future__ import annotations

_SOS = {
    "en": (
        "<b>You are not alone.</b> This bot is automated practice, not a crisis service, and no one is "
        "watching these messages in real time.\n\n"
        "If you might act on thoughts of harming yourself, or you are in danger, call your local emergency "
        "number now (112 in Europe, 911 in North America, 999 in the UK).\n"
        "Find a free, confidential helpline in your country: https://findahelpline.com\n\n"
        "If you can, tell someone you trust how you are feeling right now."
    ),
    "ru": (
        "<b>Вы не одни.</b> Этот бот — автоматическая практика, а не кризисная служба, и никто не читает "
        "эти сообщения в реальном времени.\n\n"
        "Если вы можете причинить себе вред или вам угрожает опасность, позвоните в экстренную службу "
        "прямо сейчас (112).\n"
        "Бесплатный анонимный телефон доверия в России: 8-800-2000-122. Другие страны: "
        "https://findahelpline.com\n\n"
        "Если можете, расскажите кому-то, кому доверяете, как вы себя сейчас чувствуете."
    ),
}


def static_sos_text(language: str) -> str:
    return _SOS.get(language, _SOS["en"])
