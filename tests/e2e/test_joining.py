"""Joining through a therapist's invitation: the same welcome and consent as /start, then the link as a step
of its own; and Russian clients and therapists who never send /language hear Russian from the bot, in
replies, notices and reminders alike."""

from __future__ import annotations

from pathlib import Path

from bot.storage import Person, open_store
from tests.e2e.harness import RunningBot, invite_link, skip_place
from tests.e2e.test_therapist_journey import operator, press_through
from tests.support.telegram_api import MessageView, SimulatedUser, TelegramStandIn

THERAPIST, CLIENT, NEWCOMER = 8_400_000_001, 8_400_000_002, 8_400_000_003


async def stored(bot: RunningBot, telegram_id: int) -> tuple[Person | None, bool]:
    """The person as stored, and whether they are linked with a therapist now."""
    store = await open_store(f"sqlite:///{bot.database}")
    try:
        async with store.transaction() as tx:
            person = await tx.people.find_by_telegram_id(telegram_id)
            linked = person is not None and await tx.links.active_for_client(person.id) is not None
            return person, linked
    finally:
        await store.close()


async def test_an_invited_client_agrees_to_storage_and_to_the_link_apart(
    tg: TelegramStandIn, running_bot: RunningBot
) -> None:
    assert await operator(running_bot, "therapists", "add", str(THERAPIST), "--name", "Dr Lee") == 0
    therapist, client, newcomer = tg.user(THERAPIST, "T"), tg.user(CLIENT, "C"), tg.user(NEWCOMER, "N")
    await newcomer.send("/start")
    welcome_of_start = await newcomer.next_message()
    code = await invite_link(therapist)

    await client.start(code)
    welcome = await client.next_message()
    assert (welcome.text, welcome.button_texts) == (welcome_of_start.text, welcome_of_start.button_texts)
    person, linked = await stored(running_bot, CLIENT)
    assert person is not None and not person.has_consent and not linked
    await client.press(welcome, "Not now")
    assert "nothing you write will be stored" in (await client.next_message()).text
    person, linked = await stored(running_bot, CLIENT)
    assert person is not None and not person.has_consent and not linked

    await client.start(code)  # declining used nothing up: the same link still works
    welcome = await client.next_message()
    await client.press(welcome, "I agree")
    question = await client.next_message()
    assert "Dr Lee" in question.text and "/unlink" in question.text  # who, what they will see, how to leave
    person, linked = await stored(running_bot, CLIENT)
    assert person is not None and person.has_consent and not linked, "agreeing to storage is not linking"
    await therapist.expect_no_message(within=0.5)  # nobody is told of a link that does not exist

    await client.press(question, "I agree — link me")
    assert "linked with Dr Lee" in (await client.next_message()).text
    await skip_place(client, await client.next_message())  # the place is asked once the link is decided
    assert "accepted your invitation" in (await therapist.next_message()).text
    assert (await stored(running_bot, CLIENT))[1]


async def test_a_client_who_agreed_before_is_asked_only_about_the_link(
    tg: TelegramStandIn, running_bot: RunningBot
) -> None:
    assert await operator(running_bot, "therapists", "add", str(THERAPIST), "--name", "Dr Lee") == 0
    therapist, client = tg.user(THERAPIST, "T"), tg.user(CLIENT, "C")
    await client.send("/start")
    await client.press(await client.next_message(), "I agree")
    await client.next_message()
    await skip_place(client, await client.next_message())
    await client.start(await invite_link(therapist))
    question = await client.next_message()
    assert "Dr Lee" in question.text
    await client.press(question, "No, thanks")
    assert "Not linked" in (await client.next_message()).text
    await client.expect_no_message(within=0.5)  # the place was asked at the first consent, not again
    assert not (await stored(running_bot, CLIENT))[1]


async def test_russian_people_who_only_press_buttons_hear_russian(tg: TelegramStandIn, tmp_path: Path) -> None:
    bot = RunningBot(tg, tmp_path / "bot.sqlite3", speed=1.0)  # time moves only when the test says
    await bot.start()
    try:
        await _russian_homework(tg, bot)
    finally:
        await bot.stop()


async def _russian_homework(tg: TelegramStandIn, bot: RunningBot) -> None:
    assert await operator(bot, "therapists", "add", str(THERAPIST), "--name", "Анна Петрова") == 0
    therapist = tg.user(THERAPIST, "Анна", language_code="ru")
    client = tg.user(CLIENT, "Ольга", language_code="ru")
    code = await invite_link(therapist)
    await client.start(code)  # the link's Start button: from here on the client only presses buttons
    welcome = await client.next_message()
    assert "не кризисная служба" in welcome.text
    question = await press(client, welcome, "Даю согласие")
    assert "Анна Петрова" in question.text
    assert "Теперь вы связаны" in (await press(client, question, "Да, связать")).text
    place = await client.next_message()
    assert "где вы" in place.text
    zones = await press(client, place, "Россия")  # eleven time zones: which one is asked next
    assert "Москва" in zones.button_texts
    assert "Europe/Moscow" in (await press(client, zones, "Москва")).text
    joined = (await therapist.next_message()).text
    assert joined.startswith("Ольга") and "приглашение принято" in joined

    await therapist.send("/assign")
    confirm = await press_through(therapist, "Ольга", "Квадратное дыхание", "Изменить…", "В какой день", "Завтра",
                                  "Изменить…", "Время напоминания", "08:00")
    await therapist.press(confirm, "Назначить")
    await therapist.next_message()
    assert "Новое домашнее задание" in (await client.next_message()).text

    bot.clock.advance(48 * 3600)  # tomorrow's 08:00 has come
    reminder = await client.next_message(timeout=10)
    assert "Напоминание о домашнем задании" in reminder.text and "Квадратное дыхание" in reminder.text
    await client.press(reminder, "Начать")
    assert "Будем дышать" in (await client.next_message()).text
    pattern = "Квадрат: вдох, задержка, выдох, задержка"
    await client.press(await until(client, pattern), pattern)
    await client.press(await until(client, "6"), "6")
    await until(client, "Стоп")  # the count-down
    bot.clock.advance(10 * 16 + 1)  # the whole box, ten times
    await client.press(await until(client, "Достаточно"), "Достаточно")
    await client.press(await until(client, "3"), "3")
    assert "Напряжение: 6 → 3" in (await client.next_message()).text
    done = await therapist.next_message(timeout=10)
    assert done.text.startswith("Ольга") and "выполнено домашнее задание" in done.text
    assert "Квадратное дыхание" in done.text


async def press(user: SimulatedUser, message: MessageView, label: str) -> MessageView:
    await user.press(message, label)
    return await user.next_message()


async def until(user: SimulatedUser, button: str) -> MessageView:
    """The next new message with this button (count-down edits and messages before it pass by)."""
    while True:
        message = await user.next_message(timeout=10)
        if button in message.button_texts and not message.edits and message.edit_date is None:
            return message


async def test_a_therapist_without_a_name_is_introduced_with_a_capital_letter(
    tg: TelegramStandIn, running_bot: RunningBot
) -> None:
    assert await operator(running_bot, "therapists", "add", str(THERAPIST)) == 0  # no --name
    therapist = tg.user(THERAPIST, "T")
    for client_id, language, opening in ((CLIENT, "en", "Your therapist"), (NEWCOMER, "ru", "Ваш терапевт")):
        client = tg.user(client_id, "C", language_code=language)
        await client.send("/start")
        welcome = await client.next_message()
        await client.press(welcome, welcome.button_texts[0])  # I agree / Даю согласие
        await client.next_message()
        await skip_place(client, await client.next_message())
        await client.start(await invite_link(therapist))
        question = await client.next_message()
        assert question.text.startswith(opening), question.text
