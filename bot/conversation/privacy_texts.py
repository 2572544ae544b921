"""The privacy policy and the words of /mydata and /deleteme, in English and Russian."""

from __future__ import annotations

from typing import Final

_EN: Final[dict[str, str]] = {
    "policy": (
        "<b>Privacy</b>\n\n"
        "<b>What this bot is.</b> Automated practice of CBT skills — not therapy, not a crisis service, and "
        "not watched in real time.\n\n"
        "<b>What is stored.</b> Your Telegram user id and language, your consent, the exercises you do (each "
        "question, your answers and ratings, and when), homework your therapist assigns, and a record of "
        "when your therapist opened your data. Not your name, phone number or other chats. Your answers are "
        "encrypted in the database when the operator has set a key.\n\n"
        "<b>Why.</b> So you can stop and resume exercises, look back at them, and — only if you link with a "
        "therapist — discuss them in your sessions.\n\n"
        "<b>Who sees it.</b> You; your linked therapist (only while linked); the operator who runs this bot, "
        "who can technically access the database. Telegram carries the messages: bot chats are not "
        "end-to-end encrypted.\n\n"
        "<b>How long.</b> {retention}\n\n"
        "<b>Your rights.</b> /mydata sends you everything stored about you. /deleteme erases all of it. "
        "You can withdraw consent at any time: then nothing more is stored."
    ),
    "retention_days": "Finished exercises are deleted after {days} days.",
    "retention_none": "Until you delete them with /deleteme.",
    "button_mydata": "Send me my data",
    "button_delete": "Delete everything",
    "button_withdraw": "Withdraw consent",
    "mydata_json": "Everything stored about you, in a machine-readable file (JSON).",
    "mydata_pdf": "The same, to read.",
    "erase_question": (
        "<b>Delete everything?</b> This erases your account in this bot: every exercise, answer, rating, "
        "homework and link. It cannot be undone. If you are linked with a therapist, they will be told that "
        "you left — not why."
    ),
    "erase_yes": "Yes, delete everything",
    "erase_no": "No, keep my data",
    "erase_kept": "Nothing was deleted.",
    "erased": "Everything about you has been deleted. If you write again, you start afresh. Take care.",
    "therapist_client_left": "{client} has left the bot; their data has been deleted.",
    "gone": "That button is no longer active.",
}

_RU: Final[dict[str, str]] = {
    "policy": (
        "<b>Конфиденциальность</b>\n\n"
        "<b>Что это за бот.</b> Автоматическая практика навыков КПТ — не терапия, не кризисная служба, и "
        "никто не читает переписку в реальном времени.\n\n"
        "<b>Что хранится.</b> Ваш идентификатор Telegram и язык, ваше согласие, упражнения (вопросы, ваши "
        "ответы и оценки, время), домашние задания от терапевта и записи о том, когда терапевт открывал "
        "ваши данные. Не хранятся имя, телефон и другие чаты. Ответы шифруются в базе данных, если "
        "оператор задал ключ.\n\n"
        "<b>Зачем.</b> Чтобы можно было прерывать и продолжать упражнения, возвращаться к ним и — только если "
        "вы связались с терапевтом — обсуждать их на сессиях.\n\n"
        "<b>Кто видит.</b> Вы; связанный с вами терапевт (пока связь действует); оператор бота, у которого "
        "есть технический доступ к базе. Сообщения передаёт Telegram: чаты с ботами не шифруются сквозным "
        "шифрованием.\n\n"
        "<b>Как долго.</b> {retention}\n\n"
        "<b>Ваши права.</b> /mydata пришлёт всё, что о вас хранится. /deleteme удалит всё. Согласие можно "
        "отозвать в любой момент: тогда больше ничего не сохраняется."
    ),
    "retention_days": "Завершённые упражнения удаляются через {days} дн.",
    "retention_none": "Пока вы не удалите их командой /deleteme.",
    "button_mydata": "Прислать мои данные",
    "button_delete": "Удалить всё",
    "button_withdraw": "Отозвать согласие",
    "mydata_json": "Всё, что о вас хранится, в машиночитаемом файле (JSON).",
    "mydata_pdf": "То же самое, для чтения.",
    "erase_question": (
        "<b>Удалить всё?</b> Будут удалены ваша учётная запись в боте, все упражнения, ответы, оценки, "
        "домашние задания и связи. Это нельзя отменить. Если вы связаны с терапевтом, терапевт узнает, что "
        "вы ушли, — но не почему."
    ),
    "erase_yes": "Да, удалить всё",
    "erase_no": "Нет, оставить",
    "erase_kept": "Ничего не удалено.",
    "erased": "Всё о вас удалено. Если напишете снова, начнёте с чистого листа. Берегите себя.",
    "therapist_client_left": "{client} больше не пользуется ботом: все данные клиента удалены.",
    "gone": "Эта кнопка уже не действует.",
}

_TEXTS: Final = {"en": _EN, "ru": _RU}


def pt(name: str, language: str, **fields: object) -> str:
    text = _TEXTS.get(language, _EN).get(name) or _EN[name]
    return text.format(**fields) if fields else text
