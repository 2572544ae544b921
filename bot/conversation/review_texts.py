"""Words for the therapist's review, export and progress menus, in English and Russian."""

from __future__ import annotations

from typing import Final

_EN: Final[dict[str, str]] = {
    "therapists_only": "This command is for therapists.",
    "clients_title": "<b>Your clients</b>",
    "client_line": "• {client} — last activity {last} · homework done {done}/{total}",
    "never": "never",
    "no_clients": "You have no linked clients yet. Invite one with /invite.",
    "choose_client_rv": "Whose exercises do you want to read?",
    "choose_client_ex": "Whose exercises do you want to export?",
    "choose_client_pg": "Whose progress do you want to see?",
    "not_yours": "That is not available to you.",
    "no_exercises": "{client} has not done any exercise yet.",
    "exercises_of": "<b>{client}</b> — exercises, newest first:",
    "next_page": "Next page ({page}/{pages})",
    "choose_range": "Which period?",
    "range_7": "7 days",
    "range_30": "30 days",
    "range_90": "90 days",
    "range_0": "Everything",
    "choose_format": "Which format?",
    "export_caption": "{client}: {count} exercise(s).",
    "no_ratings": "{client} has no before/after ratings yet.",
    "progress_caption": "{client}: ratings before and after, over time.",
}

_RU: Final[dict[str, str]] = {
    "therapists_only": "Эта команда — для терапевтов.",
    "clients_title": "<b>Ваши клиенты</b>",
    "client_line": "• {client} — последняя активность {last} · домашних заданий выполнено {done}/{total}",
    "never": "не было",
    "no_clients": "У вас пока нет связанных клиентов. Пригласите клиента командой /invite.",
    "choose_client_rv": "Чьи упражнения вы хотите прочитать?",
    "choose_client_ex": "Чьи упражнения выгрузить?",
    "choose_client_pg": "Чью динамику показать?",
    "not_yours": "Это вам недоступно.",
    "no_exercises": "{client} ещё не выполнял(а) упражнений.",
    "exercises_of": "<b>{client}</b> — упражнения, сначала новые:",
    "next_page": "Следующая страница ({page}/{pages})",
    "choose_range": "За какой период?",
    "range_7": "7 дней",
    "range_30": "30 дней",
    "range_90": "90 дней",
    "range_0": "Всё",
    "choose_format": "В каком формате?",
    "export_caption": "{client}: упражнений — {count}.",
    "no_ratings": "У клиента {client} пока нет оценок «до» и «после».",
    "progress_caption": "{client}: оценки до и после, по времени.",
}

_TEXTS: Final = {"en": _EN, "ru": _RU}


def rt(name: str, language: str, **fields: object) -> str:
    text = _TEXTS.get(language, _EN).get(name) or _EN[name]
    return text.format(**fields) if fields else text
