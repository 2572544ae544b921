"""The words of the SOS path. Plain and warm; never implying that a person is watching, never anything about
methods. English source texts; their translations are in bot/i18n/locale."""

from __future__ import annotations

from typing import Final

from bot.i18n import N_, Message, PluralMessage, translate

_MESSAGES: Final[dict[str, Message | PluralMessage]] = {
    "confirm": N_("Can I ask: are you thinking about ending your life or hurting yourself?"),
    "how_this_works": N_(
        "<i>Messages here are checked automatically for signs of risk. When that check, or /sos, brings up "
        "this help, the moment is stored, and a therapist you are linked with is alerted — without your "
        "words. /privacy tells you more.</i>"
    ),
    "therapist_alerted": N_(
        "Your therapist has been alerted that you may need support now; your words were not sent to them. "
        "They may not see it straight away, so if you need help now, please use the numbers above."
    ),
    "confirm_unstored": N_(
        "<i>Messages here are checked automatically for signs of risk. You have not agreed to anything being "
        "stored, so none of this is stored and nobody is alerted.</i>\n\n"
        "If it helps, a short exercise can get you through the next minutes:"
    ),
    "yes": N_("Yes"),
    "unsure": N_("I'm not sure"),
    "no": N_("No — you misunderstood me"),
    "reach_out": N_(
        "Thank you for telling me. That takes courage. Please reach out to one of these now — talking to a "
        "person can help, and they are there for exactly this. If you can, don't stay alone: call or message "
        "someone you trust.\n\nWhile you wait, a short exercise can help you get through the next minutes."
    ),
    "immediate_danger": N_(
        "<b>If you are in immediate danger, call {number} now.</b> If you can, put some distance between "
        "yourself and anything you could use to hurt yourself: move to another room, or ask someone to keep "
        "it for you for now."
    ),
    "local_emergency_number": N_("your local emergency number (112 in Europe and many countries, 911 in North "
                                 "America)"),
    "misunderstood": N_(
        "Sorry if I got that wrong — automatic checks sometimes do. "
        "The numbers above stay here whenever you need them, and /sos brings them back at any time.\n\n"
        "What would you like to do now?"
    ),
    "not_now": N_(
        "Thank you for letting me know. The numbers above stay here whenever you need them, and /sos brings "
        "them back at any time.\n\nWhat would you like to do now?"
    ),
    "breathe": N_("A breathing exercise (1 minute)"),
    "ground": N_("Ground myself (5-4-3-2-1)"),
    "help": N_("I'd like help now"),
    "back_to_exercise": N_("Back to my exercise"),
    "safe": N_("I'm safe for now"),
    "breathe_guide": N_(
        "<b>Box breathing</b>\nBreathe in slowly through your nose while you count to 4.\nHold for 4.\n"
        "Breathe out slowly for 4.\nHold for 4.\nDo this four times. If you feel dizzy, stop and breathe "
        "normally.\n\nWhen you are ready, choose below."
    ),
    "ground_guide": N_(
        "<b>5-4-3-2-1</b>\nLook around and name, to yourself or out loud:\n5 things you can see\n"
        "4 things you can touch\n3 things you can hear\n2 things you can smell\n1 thing you can taste\n\n"
        "Take your time. When you are ready, choose below."
    ),
    "welcome_back": N_("Welcome back. Your exercise is where you left it:"),
    "take_care": N_(
        "Take care of yourself. /sos is here at any time, and /practice when you want an exercise."
    ),
    "choices_again": N_(
        "If you need help now, the numbers above are there for you. What would you like to do?"
    ),
    "gone": N_("That choice is no longer active. /sos shows help at any time."),
    "therapist_detected": N_(
        "⚠️ {client} may be in crisis: at {when} the bot recognised risk language in a message and showed "
        "crisis resources. The client's words are not shared here."
    ),
    "therapist_command": N_(
        "⚠️ {client} asked for crisis help (/sos) at {when}; the bot showed crisis resources. "
        "The client's words are not shared here."
    ),
}


def ct(name: str, language: str, **fields: object) -> str:
    return translate(_MESSAGES[name], language, **fields)
