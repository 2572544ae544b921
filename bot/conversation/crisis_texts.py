"""The words of the SOS path, in English and Russian. Plain and warm; never implying that a person is
watching, never anything about methods."""

from __future__ import annotations

from typing import Final

_EN: Final[dict[str, str]] = {
    "confirm": "Can I ask: are you thinking about ending your life or hurting yourself?",
    "confirm_unstored": "If it helps, a short exercise can get you through the next minutes:",
    "yes": "Yes",
    "unsure": "I'm not sure",
    "no": "No — you misunderstood me",
    "reach_out": (
        "Thank you for telling me. That takes courage. Please reach out to one of these now — talking to a "
        "person can help, and they are there for exactly this. If you can, don't stay alone: call or message "
        "someone you trust.\n\nWhile you wait, a short exercise can help you get through the next minutes."
    ),
    "misunderstood": (
        "Thank you for telling me, and I'm sorry if I got that wrong — automatic checks sometimes do. "
        "The numbers above stay here whenever you need them, and /sos brings them back at any time.\n\n"
        "What would you like to do now?"
    ),
    "breathe": "Breathe with me (1 minute)",
    "ground": "Ground myself (5-4-3-2-1)",
    "help": "I'd like help now",
    "back_to_exercise": "Back to my exercise",
    "safe": "I'm safe for now",
    "breathe_guide": (
        "<b>Box breathing</b>\nBreathe in slowly through your nose while you count to 4.\nHold for 4.\n"
        "Breathe out slowly for 4.\nHold for 4.\nDo this four times. If you feel dizzy, stop and breathe "
        "normally.\n\nWhen you are ready, choose below."
    ),
    "ground_guide": (
        "<b>5-4-3-2-1</b>\nLook around and name, to yourself or out loud:\n5 things you can see\n"
        "4 things you can touch\n3 things you can hear\n2 things you can smell\n1 thing you can taste\n\n"
        "Take your time. When you are ready, choose below."
    ),
    "welcome_back": "Welcome back. Your exercise is where you left it:",
    "take_care": (
        "Take care of yourself. /sos is here at any time, and /practice when you want an exercise."
    ),
    "still_here": (
        "I'm still here. If you need help now, the numbers above are there for you. What would you like to do?"
    ),
    "gone": "That choice is no longer active. /sos shows help at any time.",
    "therapist_detected": (
        "⚠️ {client} may be in crisis: at {when} the bot recognised risk language in a message and showed "
        "crisis resources. The client's words are not shared here."
    ),
    "therapist_command": (
        "⚠️ {client} asked for crisis help (/sos) at {when}; the bot showed crisis resources. "
        "The client's words are not shared here."
    ),
}

_RU: Final[dict[str, str]] = {
    "confirm": "Можно спросить: вы думаете о том, чтобы покончить с собой или причинить себе вред?",
    "confirm_unstored": "Если поможет, короткое упражнение поможет пережить ближайшие минуты:",
    "yes": "Да",
    "unsure": "Не уверен(а)",
    "no": "Нет — вы меня неправильно поняли",
    "reach_out": (
        "Спасибо, что сказали. Для этого нужна смелость. Пожалуйста, обратитесь по одному из этих номеров "
        "сейчас — разговор с человеком может помочь, и там помогают именно в таких ситуациях. Если можете, "
        "не оставайтесь одни: позвоните или напишите тому, кому доверяете.\n\nПока ждёте, короткое "
        "упражнение может помочь пережить ближайшие минуты."
    ),
    "misunderstood": (
        "Спасибо, что сказали, и простите, если я ошибся — автоматические проверки иногда ошибаются. "
        "Номера выше остаются здесь, и /sos покажет их снова в любой момент.\n\nЧто вы хотите сделать сейчас?"
    ),
    "breathe": "Подышать вместе (1 минута)",
    "ground": "Заземлиться (5-4-3-2-1)",
    "help": "Мне нужна помощь сейчас",
    "back_to_exercise": "Вернуться к упражнению",
    "safe": "Сейчас я в безопасности",
    "breathe_guide": (
        "<b>Квадратное дыхание</b>\nМедленно вдохните через нос на счёт 4.\nЗадержите дыхание на 4.\n"
        "Медленно выдохните на 4.\nЗадержите на 4.\nПовторите четыре раза. Если закружится голова, "
        "остановитесь и дышите как обычно.\n\nКогда будете готовы, выберите ниже."
    ),
    "ground_guide": (
        "<b>5-4-3-2-1</b>\nОглянитесь и назовите про себя или вслух:\n5 вещей, которые вы видите\n"
        "4 — которых можете коснуться\n3 — которые слышите\n2 запаха\n1 вкус\n\n"
        "Не торопитесь. Когда будете готовы, выберите ниже."
    ),
    "welcome_back": "С возвращением. Упражнение ждёт там, где вы остановились:",
    "take_care": "Берегите себя. /sos доступен в любой момент, а /practice — когда захотите упражнение.",
    "still_here": (
        "Я здесь. Если нужна помощь сейчас, номера выше — для вас. Что вы хотите сделать?"
    ),
    "gone": "Этот выбор уже неактуален. /sos покажет помощь в любой момент.",
    "therapist_detected": (
        "⚠️ {client}, возможно, в кризисе: в {when} бот распознал в сообщении слова о риске и показал "
        "контакты кризисной помощи. Слова клиента здесь не передаются."
    ),
    "therapist_command": (
        "⚠️ {client} запросил(а) кризисную помощь (/sos) в {when}; бот показал контакты кризисной помощи. "
        "Слова клиента здесь не передаются."
    ),
}

_TEXTS: Final = {"en": _EN, "ru": _RU}


def ct(name: str, language: str, **fields: object) -> str:
    text = _TEXTS.get(language, _EN).get(name) or _EN[name]
    return text.format(**fields) if fields else text
