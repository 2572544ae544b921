"""The bot's own words outside exercises, in English and Russian (other languages fall back to English)."""

from __future__ import annotations

from typing import Final, Protocol

_EN: Final[dict[str, str]] = {
    "welcome": (
        "<b>Hello. This bot helps you practise CBT skills between therapy sessions</b> — thought records, "
        "breathing and relaxation, and preparing to set a boundary.\n\n"
        "<b>What it is not:</b> it is automated practice, not therapy, and not a crisis service. Nobody "
        "reads your answers in real time. If you are in danger, send /sos at any moment.\n\n"
        "<b>Who sees your answers:</b> your answers are stored so you can come back to them; if you link "
        "the bot with your therapist, they can read the exercises you do. Nothing is shared with anyone "
        "else. /privacy tells you more; /mydata and /deleteme give you your data or erase it.\n\n"
        "Do you agree to your answers being stored for this purpose?"
    ),
    "consent_yes": "I agree",
    "consent_no": "Not now",
    "consent_thanks": "Thank you. Choose an exercise with /practice, or see /help for everything you can do.",
    "consent_declined": (
        "That's fine: nothing you write will be stored. If you change your mind, send /start. "
        "/sos works at any time."
    ),
    "consent_needed": "Before we start, please read this and choose whether to go on:",
    "catalogue": "<b>Choose an exercise</b>",
    "category_reframing": "Thought reframing",
    "category_relaxation": "Relaxation",
    "category_boundaries": "Boundaries",
    "category_other": "Other",
    "minutes": "{minutes} min",
    "in_progress": (
        "You have an exercise in progress: <b>{title}</b>. Carry on with it, or stop it and start "
        "<b>{new_title}</b>?"
    ),
    "carry_on": "Carry on",
    "start_new": "Stop it and start the new one",
    "nothing_to_resume": "There is no exercise in progress. Choose one with /practice.",
    "nothing_in_progress": "There is no exercise in progress right now. /practice shows them all.",
    "history_empty": "You have not completed an exercise yet. /practice shows them all.",
    "history": "<b>Your completed exercises</b> (newest first)",
    "language_choose": "Choose your language:",
    "language_set": "Language set: English.",
    "help": (
        "<b>What this bot does</b>\n"
        "Short exercises to practise CBT skills between sessions. It is automated practice, not therapy "
        "and not a crisis service, and nobody reads your answers in real time.\n\n"
        "/practice — choose an exercise\n"
        "/resume — carry on where you left off\n"
        "/back — the previous question, to change your answer\n"
        "/pause — take a break; /resume later\n"
        "/cancel — stop the current exercise\n"
        "/history — exercises you have completed\n"
        "/language — English or Russian\n"
        "/privacy — what is stored; /mydata — all your data; /deleteme — delete it\n"
        "/sos — if you are in crisis, help now"
    ),
    "unknown_command": "I don't know that command. /help lists what I can do.",
    "not_text": "I can only read text messages here. Please type your answer.",
    "stale_menu": "That button is no longer active.",
    "client_number": "Client #{number}",
    "timer_done": "✓ Time is up.",
    "timer_stopped": "⏹ Stopped.",
    "timer_interrupted": "⏸ Interrupted: the bot was stopped. If it starts again, the count goes on below.",
    "flow_unavailable": "That exercise is no longer available. /practice shows the current ones.",
    "timezone_current": "Your time zone is {zone}. Reminders come at their local time in it. To change it, "
                        "send for example <code>/timezone Europe/Berlin</code>.",
    "timezone_unknown": "I don't know that time zone. Use a name like Europe/Berlin or America/New_York.",
    "timezone_set": "Time zone set: {zone}.",
    "edited": "I saw that you edited a message. To change an answer, use /back.",
    "repeat_question": "Sorry — my last message may not have reached you. Here it is again:",
    "busy": "Sorry, something went wrong on my side and your last message was not saved. Please send it again.",
    "menu_practice": "Choose an exercise",
    "menu_homework": "Homework from your therapist",
    "menu_privacy": "What is stored, and your rights",
    "menu_resume": "Carry on where you left off",
    "menu_back": "Previous question",
    "menu_pause": "Take a break",
    "menu_cancel": "Stop the current exercise",
    "menu_history": "Completed exercises",
    "menu_language": "Language",
    "menu_help": "What I can do",
    "menu_sos": "Crisis help, now",
    "menu_start": "Start",
}

_RU: Final[dict[str, str]] = {
    "welcome": (
        "<b>Здравствуйте. Этот бот помогает практиковать навыки КПТ между сессиями с терапевтом</b> — "
        "дневник мыслей, дыхание и расслабление, подготовка к разговору о границах.\n\n"
        "<b>Чем бот не является:</b> это автоматическая практика, а не терапия и не кризисная служба. "
        "Никто не читает ваши ответы в реальном времени. Если вам угрожает опасность, отправьте /sos "
        "в любой момент.\n\n"
        "<b>Кто видит ответы:</b> ответы сохраняются, чтобы вы могли к ним вернуться; если вы свяжете бота "
        "со своим терапевтом, терапевту будут видны выполненные упражнения. Больше никому ответы не "
        "передаются. Подробнее — /privacy; /mydata и /deleteme выдают или удаляют ваши данные.\n\n"
        "Вы согласны, чтобы ваши ответы сохранялись для этой цели?"
    ),
    "consent_yes": "Даю согласие",
    "consent_no": "Не сейчас",
    "consent_thanks": "Спасибо. Выберите упражнение командой /practice или посмотрите /help.",
    "consent_declined": (
        "Хорошо: ничего из написанного не будет сохранено. Если передумаете, отправьте /start. "
        "/sos работает всегда."
    ),
    "consent_needed": "Прежде чем начать, прочитайте это и решите, продолжать ли:",
    "catalogue": "<b>Выберите упражнение</b>",
    "category_reframing": "Работа с мыслями",
    "category_relaxation": "Расслабление",
    "category_boundaries": "Границы",
    "category_other": "Другое",
    "minutes": "{minutes} мин",
    "in_progress": (
        "У вас есть незавершённое упражнение: <b>{title}</b>. Продолжить его или остановить и начать "
        "<b>{new_title}</b>?"
    ),
    "carry_on": "Продолжить",
    "start_new": "Остановить и начать новое",
    "nothing_to_resume": "Незавершённых упражнений нет. Выберите новое: /practice.",
    "nothing_in_progress": "Сейчас нет начатого упражнения. Все упражнения: /practice.",
    "history_empty": "Вы ещё не завершили ни одного упражнения. Все упражнения: /practice.",
    "history": "<b>Завершённые упражнения</b> (сначала новые)",
    "language_choose": "Выберите язык:",
    "language_set": "Язык: русский.",
    "help": (
        "<b>Что умеет бот</b>\n"
        "Короткие упражнения для практики навыков КПТ между сессиями. Это автоматическая практика, а не "
        "терапия и не кризисная служба; никто не читает ваши ответы в реальном времени.\n\n"
        "/practice — выбрать упражнение\n"
        "/resume — продолжить с того же места\n"
        "/back — предыдущий вопрос, чтобы изменить ответ\n"
        "/pause — перерыв; потом /resume\n"
        "/cancel — остановить текущее упражнение\n"
        "/history — завершённые упражнения\n"
        "/language — русский или английский\n"
        "/privacy — что хранится; /mydata — все ваши данные; /deleteme — удалить их\n"
        "/sos — если вам очень плохо, помощь сейчас"
    ),
    "unknown_command": "Я не знаю такой команды. Список команд: /help.",
    "not_text": "Здесь я понимаю только текст. Пожалуйста, напишите ответ.",
    "stale_menu": "Эта кнопка уже не действует.",
    "client_number": "Клиент №{number}",
    "timer_done": "✓ Время вышло.",
    "timer_stopped": "⏹ Остановлено.",
    "timer_interrupted": "⏸ Прервано: бот был остановлен. Когда он снова запустится, отсчёт продолжится ниже.",
    "flow_unavailable": "Этого упражнения больше нет. Актуальные: /practice.",
    "timezone_current": "Ваш часовой пояс: {zone}. Напоминания приходят по местному времени в нём. Чтобы "
                        "изменить, отправьте, например, <code>/timezone Europe/Moscow</code>.",
    "timezone_unknown": "Не знаю такого часового пояса. Используйте название вроде Europe/Moscow.",
    "timezone_set": "Часовой пояс: {zone}.",
    "edited": "Вижу, что вы отредактировали сообщение. Чтобы изменить ответ, используйте /back.",
    "repeat_question": "Извините — моё прошлое сообщение могло не дойти. Повторяю:",
    "busy": "Извините, у меня что-то пошло не так, и последнее сообщение не сохранилось. Отправьте его ещё раз.",
    "menu_practice": "Выбрать упражнение",
    "menu_homework": "Домашние задания от терапевта",
    "menu_privacy": "Что хранится и ваши права",
    "menu_resume": "Продолжить с того же места",
    "menu_back": "Предыдущий вопрос",
    "menu_pause": "Перерыв",
    "menu_cancel": "Остановить упражнение",
    "menu_history": "Завершённые упражнения",
    "menu_language": "Язык",
    "menu_help": "Что умеет бот",
    "menu_sos": "Срочная помощь",
    "menu_start": "Начало",
}

LANGUAGES: Final = ("en", "ru")
_TEXTS: Final = {"en": _EN, "ru": _RU}


def ui(name: str, language: str, **fields: object) -> str:
    text = _TEXTS.get(language, _EN).get(name) or _EN[name]
    return text.format(**fields) if fields else text


class Addressee(Protocol):
    @property
    def language(self) -> str | None: ...  # chosen with /language
    @property
    def telegram_language(self) -> str | None: ...  # their Telegram app's language_code, as last seen


def pick_language(chosen: str | None, telegram_code: str | None) -> str:
    """The one rule for every message: the language the person chose with /language, else their Telegram
    app's language if we have it, else English."""
    for candidate in (chosen, (telegram_code or "")[:2].lower()):
        if candidate in LANGUAGES:
            return candidate
    return "en"


def language_of(person: Addressee) -> str:
    """The language of a message to someone who is not writing right now (a reminder, a notice)."""
    return pick_language(person.language, person.telegram_language)
