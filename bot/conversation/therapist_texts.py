"""Words for therapists and for the links between therapists and clients, in English and Russian."""

from __future__ import annotations

from typing import Final

_EN: Final[dict[str, str]] = {
    "therapists_only": "This command is for therapists.",
    "therapist_help": (
        "<b>For therapists</b>\n"
        "/invite — a single-use link for a client\n"
        "/clients — your clients, their last activity and homework\n"
        "/assign — homework: client, exercise, schedule, reminder, note\n"
        "/review — read a client's exercises\n"
        "/export — a client's exercises as PDF, CSV or JSON\n"
        "/progress — a chart of ratings before and after\n"
        "/flows — your own exercises; send a YAML file to add one\n"
        "/release — end the link with a client"
    ),
    "invite_created": (
        "Send this link to your client. It works once and expires on {expires}:\n{link}\n\n"
        "When they open it, they will see your name and what you will be able to read, and choose whether "
        "to link."
    ),
    "invite_invalid": "This invitation link is not valid: it may have been used already or have expired.",
    "invite_own": "This is your own invitation link: send it to your client.",
    "your_therapist": "your therapist",
    "join_question": (
        "<b>{therapist}</b> invites you to link this bot with them.\n\n"
        "If you agree, {therapist} will be able to read the exercises you do here — your answers, ratings "
        "and when you did them — to talk about them in your sessions. They will be told when you finish "
        "homework, without your words. They cannot see anything else in your Telegram.\n\n"
        "You can unlink at any time with /unlink."
    ),
    "join_yes": "I agree — link me",
    "join_no": "No, thanks",
    "join_declined": "Not linked. Nothing was shared.",
    "joined": "You are now linked with {therapist}. Homework they assign appears in /homework.",
    "client_joined": "{client} accepted your invitation and is now linked with you.",
    "not_linked": "You are not linked with a therapist.",
    "unlinked": "You are no longer linked. Your therapist can no longer read your exercises.",
    "client_left": "{client} is no longer linked with you.",
    "no_clients": "You have no linked clients yet. Invite one with /invite.",
    "release_choose": "Which client do you want to release? They will be told that the link has ended.",
    "not_your_client": "That person is not one of your linked clients.",
    "released": "The client is released; you can no longer read their exercises.",
    "therapist_released_you": "Your therapist has ended the link. They can no longer read your exercises.",
    "now_therapist": "You are now registered as a therapist. /invite creates a link for a client; /help lists "
                     "what you can do.",
    "assign_client": "<b>Assign homework</b>\nWho is it for?",
    "assign_flow": "Which exercise for {client}?",
    "assign_schedule": "How often?",
    "once": "Once",
    "daily": "Daily",
    "weekly": "Weekly",
    "assign_times": "How many times in all?",
    "assign_due": "Due when? Choose, or type a date (YYYY-MM-DD or DD.MM.YYYY).",
    "assign_first": "Starting when? Choose, or type a date (YYYY-MM-DD or DD.MM.YYYY).",
    "in_days_0": "Today",
    "in_days_1": "Tomorrow",
    "in_days_3": "In 3 days",
    "in_days_7": "In a week",
    "assign_time": "Remind at what time (the client's time)? Choose, or type HH:MM.",
    "assign_note": "Type a short note for your client, or press the button.",
    "no_note": "No note",
    "assign_confirm": (
        "<b>Check the homework</b>\nClient: {client}\nExercise: {flow}\nSchedule: {schedule}, {times} time(s), "
        "from {due}\nReminder: {time} ({zone})\nNote: {note}"
    ),
    "assign_ok": "Assign",
    "assign_cancel": "Cancel",
    "assign_cancelled": "Nothing was assigned.",
    "assigned": "Assigned. {client} has been told.",
    "wizard_expired": "That step is no longer current. Start again with /assign.",
    "use_buttons": "Please use the buttons above.",
    "bad_due": "I could not read that date. Please type it as YYYY-MM-DD or DD.MM.YYYY (today or later).",
    "bad_time": "I could not read that time. Please type it as HH:MM, for example 18:30.",
    "bad_note": "Please type the note as text.",
    "new_homework": (
        "<b>New homework from your therapist:</b> {flow}\nFirst due: {due} · {times} time(s) · reminder at {time}"
        "\nStart it with /homework."
    ),
    "note_line": "\n\n<i>Note:</i> {note}",
    "no_homework": "You have no homework right now. /practice has every exercise.",
    "homework_title": "<b>Your homework</b>",
    "due": "due {due}",
    "in_progress_mark": " (started)",
    "start_item": "Start: {flow}",
    "item_gone": "This homework is already done or no longer assigned.",
    "finish_first": "Please finish or /cancel the exercise you are doing first.",
    "snoozed": "I will remind you again in an hour.",
    "reminder": "<b>Reminder:</b> your homework {flow} is due {due}.",
    "start": "Start",
    "snooze": "Remind me in an hour",
    "completed_notice": "{client} completed {flow} (homework due {due}).",
    "flows_title": "<b>Your flows</b>",
    "flows_none": "None yet.",
    "flows_how": (
        "\nTo add or update one, send its YAML file here. Write it as docs/flows.md describes; it is checked "
        "exactly as <code>cbt-bot flows validate</code> checks it. Only you and your clients see your flows."
    ),
    "upload_not_therapist": "I can't use files here. Please type your answer.",
    "upload_unreadable": "Please send a flow as a .yaml file of at most 256 KB.",
    "upload_invalid": "This flow has {count} error(s), so it was not saved:",
    "upload_shipped_id": "The id <code>{flow_id}</code> belongs to a built-in exercise: please choose another id.",
    "upload_added": "Added <b>{title}</b> (version {version}). Your clients see it in /practice.",
    "upload_updated": (
        "Updated <b>{title}</b> (version {version}). Exercises already started finish on the version they began."
    ),
    "upload_warnings": "Warnings:",
}

_RU: Final[dict[str, str]] = {
    "therapists_only": "Эта команда — для терапевтов.",
    "therapist_help": (
        "<b>Для терапевтов</b>\n"
        "/invite — одноразовая ссылка для клиента\n"
        "/clients — ваши клиенты, их активность и домашние задания\n"
        "/assign — домашнее задание: клиент, упражнение, расписание, напоминание, заметка\n"
        "/review — прочитать упражнения клиента\n"
        "/export — упражнения клиента в PDF, CSV или JSON\n"
        "/progress — график оценок до и после\n"
        "/flows — ваши упражнения; пришлите YAML-файл, чтобы добавить\n"
        "/release — завершить связь с клиентом"
    ),
    "invite_created": (
        "Отправьте эту ссылку клиенту. Она сработает один раз и действует до {expires}:\n{link}\n\n"
        "Открыв её, клиент увидит ваше имя и что вы сможете читать, и решит, связываться ли."
    ),
    "invite_invalid": "Эта ссылка-приглашение недействительна: возможно, ею уже воспользовались или срок истёк.",
    "invite_own": "Это ваша собственная ссылка-приглашение: отправьте её клиенту.",
    "your_therapist": "ваш терапевт",
    "join_question": (
        "<b>{therapist}</b> приглашает вас установить связь в этом боте.\n\n"
        "Если вы согласитесь, {therapist} сможет читать упражнения, которые вы здесь делаете, — ответы, "
        "оценки и время, — чтобы обсуждать их на сессиях. О выполненных домашних заданиях терапевту будут "
        "приходить уведомления, без ваших слов. Ничего другого в вашем Telegram терапевту не видно.\n\n"
        "Отменить связь можно в любой момент командой /unlink."
    ),
    "join_yes": "Да, связать",
    "join_no": "Нет, спасибо",
    "join_declined": "Связь не создана. Ничего не передано.",
    "joined": "Теперь вы связаны с: {therapist}. Домашние задания появятся в /homework.",
    "client_joined": "{client}: приглашение принято, связь с вами установлена.",
    "not_linked": "Вы не связаны с терапевтом.",
    "unlinked": "Связь отменена. Терапевт больше не может читать ваши упражнения.",
    "client_left": "{client}: связь с вами завершена.",
    "no_clients": "У вас пока нет связанных клиентов. Пригласите клиента командой /invite.",
    "release_choose": "Какого клиента отпустить? Клиенту сообщат, что связь завершена.",
    "not_your_client": "Этот человек не из ваших связанных клиентов.",
    "released": "Связь с клиентом завершена; упражнения клиента вам больше не видны.",
    "therapist_released_you": "Связь завершена по решению терапевта. Ваши упражнения терапевту больше не видны.",
    "now_therapist": "Вы зарегистрированы как терапевт. /invite создаёт ссылку для клиента; /help — что умеет бот.",
    "assign_client": "<b>Домашнее задание</b>\nДля кого?",
    "assign_flow": "Какое упражнение для: {client}?",
    "assign_schedule": "Как часто?",
    "once": "Один раз",
    "daily": "Каждый день",
    "weekly": "Каждую неделю",
    "assign_times": "Сколько раз всего?",
    "assign_due": "К какому дню? Выберите или введите дату (ГГГГ-ММ-ДД или ДД.ММ.ГГГГ).",
    "assign_first": "С какого дня? Выберите или введите дату (ГГГГ-ММ-ДД или ДД.ММ.ГГГГ).",
    "in_days_0": "Сегодня",
    "in_days_1": "Завтра",
    "in_days_3": "Через 3 дня",
    "in_days_7": "Через неделю",
    "assign_time": "Во сколько напомнить (по времени клиента)? Выберите или введите ЧЧ:ММ.",
    "assign_note": "Напишите короткую заметку для клиента или нажмите кнопку.",
    "no_note": "Без заметки",
    "assign_confirm": (
        "<b>Проверьте задание</b>\nКлиент: {client}\nУпражнение: {flow}\nРасписание: {schedule}, раз: {times}, "
        "с {due}\nНапоминание: {time} ({zone})\nЗаметка: {note}"
    ),
    "assign_ok": "Назначить",
    "assign_cancel": "Отмена",
    "assign_cancelled": "Ничего не назначено.",
    "assigned": "Назначено. Уведомление отправлено: {client}.",
    "wizard_expired": "Этот шаг уже неактуален. Начните заново: /assign.",
    "use_buttons": "Пожалуйста, воспользуйтесь кнопками выше.",
    "bad_due": "Не удалось прочитать дату. Введите её как ГГГГ-ММ-ДД или ДД.ММ.ГГГГ (не раньше сегодняшней).",
    "bad_time": "Не удалось прочитать время. Введите его как ЧЧ:ММ, например 18:30.",
    "bad_note": "Пожалуйста, напишите заметку текстом.",
    "new_homework": (
        "<b>Новое домашнее задание от терапевта:</b> {flow}\nПервый срок: {due} · раз: {times} · "
        "напоминание в {time}\nНачать: /homework."
    ),
    "note_line": "\n\n<i>Заметка:</i> {note}",
    "no_homework": "Сейчас домашних заданий нет. Все упражнения: /practice.",
    "homework_title": "<b>Ваши домашние задания</b>",
    "due": "срок {due}",
    "in_progress_mark": " (начато)",
    "start_item": "Начать: {flow}",
    "item_gone": "Это задание уже выполнено или больше не назначено.",
    "finish_first": "Сначала закончите текущее упражнение или остановите его командой /cancel.",
    "snoozed": "Напомню ещё раз через час.",
    "reminder": "<b>Напоминание о домашнем задании:</b> {flow}. Срок: {due}.",
    "start": "Начать",
    "snooze": "Напомнить через час",
    "completed_notice": "{client}: выполнено домашнее задание — {flow} (срок {due}).",
    "flows_title": "<b>Ваши упражнения</b>",
    "flows_none": "Пока нет.",
    "flows_how": (
        "\nЧтобы добавить или обновить упражнение, пришлите сюда его YAML-файл. Формат описан в docs/flows.md; "
        "файл проверяется так же, как <code>cbt-bot flows validate</code>. Ваши упражнения видите только вы и "
        "ваши клиенты."
    ),
    "upload_not_therapist": "Файлы здесь не используются. Пожалуйста, напишите ответ текстом.",
    "upload_unreadable": "Пришлите упражнение файлом .yaml размером не больше 256 КБ.",
    "upload_invalid": "В упражнении ошибок: {count}, поэтому оно не сохранено:",
    "upload_shipped_id": "Идентификатор <code>{flow_id}</code> занят встроенным упражнением: выберите другой.",
    "upload_added": "Добавлено: <b>{title}</b> (версия {version}). Клиенты увидят его в /practice.",
    "upload_updated": (
        "Обновлено: <b>{title}</b> (версия {version}). Уже начатые упражнения завершатся на своей версии."
    ),
    "upload_warnings": "Предупреждения:",
}

_TEXTS: Final = {"en": _EN, "ru": _RU}


def tt(name: str, language: str, **fields: object) -> str:
    text = _TEXTS.get(language, _EN).get(name) or _EN[name]
    return text.format(**fields) if fields else text
