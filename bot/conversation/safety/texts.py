"""The words of the check-in and the SOS path, per category of danger (self, others, home, someone_else).
Plain and warm; never implying that a person is watching, never anything about methods. English source texts;
their translations are in bot/i18n/locale."""

from __future__ import annotations

from typing import Final

from bot.i18n import N_, Message, PluralMessage, translate

_MESSAGES: Final[dict[str, Message | PluralMessage]] = {
    # The SOS path's confirming question: "Yes" always means "yes, there is danger".
    "confirm_self": N_("Can I ask: are you thinking about ending your life or hurting yourself?"),
    "confirm_others": N_("Can I ask: are you having thoughts of hurting someone, or afraid that you might?"),
    "confirm_home": N_("Can I ask: is someone at home hurting you, threatening you or making you afraid?"),
    "confirm_someone_else": N_(
        "Can I ask: are you worried that someone you know may hurt themselves or is in danger right now?"
    ),
    # The check-in: a gentle question first, when the words only might mean danger.
    "check_in_self": N_("That sounds really hard. Are you having thoughts of hurting yourself, or are you in danger?"),
    "check_in_others": N_("That sounds really hard. Are you having thoughts of hurting someone else?"),
    "check_in_home": N_("That sounds really hard. Is someone at home hurting you, or are you afraid for your "
                        "safety there?"),
    "check_in_someone_else": N_("That sounds worrying. Is someone you know thinking about hurting themselves, "
                                "or in danger?"),
    "check_in_note": N_("<i>This question comes from an automatic check of your message.</i>"),
    "check_in_again": N_("So that I understand you correctly, please choose an answer below."),
    "check_in_unsure": N_("Not sure"),
    "check_in_no": N_("No"),
    "check_in_no_saved": N_(
        "Thank you for answering. What you wrote is saved as your answer, and the exercise goes on. "
        "/sos shows crisis help at any time."
    ),
    "check_in_no_back": N_(
        "Thank you for answering. Your exercise is where you left it; /sos shows crisis help at any time."
    ),
    "check_in_no_done": N_("Thank you for answering. /sos shows crisis help at any time."),
    "check_in_closed": N_(
        "That question has already been answered, thank you. If you need help at any point, /sos shows it."
    ),
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
    "reach_out_self": N_(
        "Thank you for telling me. That takes courage. Please reach out to one of these now — talking to a "
        "person can help, and they are there for exactly this. If you can, don't stay alone: call or message "
        "someone you trust.\n\nWhile you wait, a short exercise can help you get through the next minutes."
    ),
    "immediate_danger_self": N_(
        "<b>If you are in immediate danger, call {number} now.</b> If you can, put some distance between "
        "yourself and anything you could use to hurt yourself: move to another room, or ask someone to keep "
        "it for you for now."
    ),
    "immediate_danger_others": N_(
        "<b>If someone is in immediate danger, call {number} now.</b> If you can, step away: go to another "
        "room or outside, away from the person and from anything that could be used to hurt someone, until "
        "the urge eases."
    ),
    "reach_out_others": N_(
        "Thank you for telling me. Wanting to keep yourself and others safe matters. A crisis line can talk "
        "it through with you right now: please call one of these. Urges like this rise and then fall, and "
        "slow breathing can help them pass.\n\nWhile you wait, a short exercise can help you get through "
        "the next minutes."
    ),
    "immediate_danger_home": N_(
        "<b>Are you safe right now? If you are in immediate danger, call {number} now.</b> If you can, go "
        "somewhere safer: a neighbour's, a friend's, or a public place."
    ),
    "reach_out_home": N_(
        "Thank you for telling me. What is happening is not your fault. A domestic-abuse line can listen "
        "and help you plan how to stay safe; it is confidential. If someone else may look at your phone, "
        "you can delete this chat: /sos brings the numbers back.\n\nWhile you wait, a short exercise can "
        "help you get through the next minutes."
    ),
    "immediate_danger_someone_else": N_(
        "<b>If they are in immediate danger, call {number} now.</b> If it is safe for you, stay with them, "
        "or make sure someone is with them, until help arrives."
    ),
    "reach_out_someone_else": N_(
        "Thank you for looking out for them. You can ask them directly whether they are thinking about "
        "suicide: asking does not put the idea in their head. Listen, take them seriously, and help them "
        "contact one of these; you can call one yourself too, to ask how to help. Look after yourself as "
        "well."
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
        "⚠️ {client} may be in crisis: at {when} the bot recognised risk language in a message ({danger}) "
        "and showed crisis resources. The client's words are not shared here."
    ),
    "therapist_check_in": N_(
        "⚠️ {client} may be in crisis: at {when} the bot asked a check-in question after a message "
        "({danger}); the client answered “{answer}”, and the bot showed crisis resources. The client's words "
        "are not shared here."
    ),
    # The category in plain words, for the therapist.
    "danger_self": N_("a risk of harming themselves"),
    "danger_others": N_("a risk of harming someone else"),
    "danger_home": N_("danger at home: abuse or threats"),
    "danger_someone_else": N_("worry about someone else at risk"),
    "therapist_answer": N_(
        "⚠️ {client} may be at risk: at {when}, in the questionnaire “{flow}”, the client's answer to a question "
        "about thoughts of death or self-harm met the questionnaire's crisis rule, and the bot showed crisis "
        "resources. The answers are not shared here."
    ),
    "therapist_command": N_(
        "⚠️ {client} asked for crisis help (/sos) at {when}; the bot showed crisis resources. "
        "The client's words are not shared here."
    ),
}


def ct(name: str, language: str, **fields: object) -> str:
    return translate(_MESSAGES[name], language, **fields)
