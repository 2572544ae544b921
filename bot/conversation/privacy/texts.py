"""The privacy policy and the words of /mydata and /deleteme.

English source texts; their translations are in bot/i18n/locale, and a language without one reads English.
"""

from __future__ import annotations

from typing import Final

from bot.i18n import N_, NN_, Message, PluralMessage, translate

_MESSAGES: Final[dict[str, Message | PluralMessage]] = {
    "policy": N_(
        "<b>Privacy</b>\n\n"
        "<b>What this bot is.</b> Automated practice of CBT skills — not therapy, not a crisis service, and "
        "not watched in real time.\n\n"
        "<b>What is stored.</b> Your Telegram user id, language and first name, your time zone and country if "
        "you give them, your consent, the exercises you do (each question, your answers and ratings, and when), "
        "homework your therapist assigns, and a record of when your therapist opened your data. Not your "
        "username, phone number or other chats. Your answers and first name are encrypted in the database when "
        "the operator has set a key. A linked therapist sees your first name until they give you a name of "
        "their own in their list. That name, and private notes they may keep here on you and your exercises, "
        "are the therapist's own record, so they are not in /mydata (ask your therapist about them); they are "
        "deleted when your link ends or you use /deleteme.\n\n"
        "<b>Why.</b> So you can stop and resume exercises, look back at them, and — only if you link with a "
        "therapist — discuss them in your sessions.\n\n"
        "<b>Safety checks.</b> Your messages are checked automatically for signs of risk — by the program, "
        "not by a person. When the signs are unclear, the bot first asks a short check-in question; if you "
        "answer no, only that moment and your answer are stored, nobody is alerted, and what you wrote stays "
        "your answer in the exercise. When the signs are clear, when you answer yes or not sure, or when you "
        "send /sos, the bot shows crisis resources, stores that moment (when, what kind of signal was "
        "recognised and the choices you make next — not your words), and alerts your linked therapist, also "
        "without your words.\n\n"
        "<b>Who sees it.</b> You; your linked therapist (only while linked); the operator who runs this bot, "
        "who can technically access the database. Telegram carries the messages: bot chats are not "
        "end-to-end encrypted.\n\n"
        "<b>How long.</b> {retention}\n\n"
        "<b>Your rights.</b> /mydata sends you everything stored about you. /deleteme erases all of it. "
        "You can withdraw consent at any time: then nothing more is stored."
    ),
    "retention_days": NN_(
        "Finished exercises are deleted after {days} day.", "Finished exercises are deleted after {days} days.", "days"
    ),
    "retention_none": N_("Until you delete them with /deleteme."),
    "button_mydata": N_("Send me my data"),
    "button_delete": N_("Delete everything"),
    "button_withdraw": N_("Withdraw consent"),
    "mydata_json": N_("Everything stored about you, in a machine-readable file (JSON)."),
    "mydata_pdf": N_("The same, to read."),
    "erase_question": N_(
        "<b>Delete everything?</b> This erases your account in this bot: every exercise, answer, rating, "
        "homework and link. It cannot be undone. If you are linked with a therapist, they will be told that "
        "you left — not why."
    ),
    "erase_yes": N_("Yes, delete everything"),
    "erase_no": N_("No, keep my data"),
    "erase_kept": N_("Nothing was deleted."),
    "erased": N_("Everything about you has been deleted. If you write again, you start afresh. Take care."),
    "therapist_client_left": N_("{client} has left the bot; their data has been deleted."),
    "gone": N_("That button is no longer active."),
}


def pt(name: str, language: str, **fields: object) -> str:
    return translate(_MESSAGES[name], language, **fields)
