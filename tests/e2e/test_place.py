"""Where the person is, end to end: asked once after consent (skippable), answered by a button or in plain
words, changed with /country; the SOS path then shows that country's lines."""

from __future__ import annotations

from bot.storage import Person, open_store
from tests.e2e.harness import MirroredClient, RunningBot, plain, skip_place
from tests.e2e.test_therapist_journey import shipped
from tests.support.telegram_api import MessageView, SimulatedUser, TelegramStandIn
from tests.support.walker import explore

CLIENT = 8_500_000_001


async def person(bot: RunningBot) -> Person:
    store = await open_store(f"sqlite:///{bot.database}")
    try:
        async with store.transaction() as tx:
            found = await tx.people.find_by_telegram_id(CLIENT)
            assert found is not None
            return found
    finally:
        await store.close()


async def agree(user: SimulatedUser) -> MessageView:
    """Consent by /start; returns the place question that follows it."""
    await user.send("/start")
    welcome = await user.next_message()
    await user.press(welcome, welcome.button_texts[0])
    assert "/practice" in (await user.next_message()).text
    question = await user.next_message()
    assert question.button_texts[-1] in ("Skip", "Пропустить")
    return question


async def sos_resources(user: SimulatedUser) -> str:
    await user.send("/sos")
    resources = plain((await user.next_message()).text)
    await user.next_message()  # the confirming question
    return resources


async def test_a_typed_city_sets_country_and_zone_and_the_sos_shows_that_countrys_line(
    tg: TelegramStandIn, running_bot: RunningBot
) -> None:
    client = tg.user(CLIENT, "C", language_code="en")
    question = await agree(client)
    assert "where are you" in question.text and "United States" in question.button_texts
    await client.send("Berlin")
    done = (await client.next_message()).text
    assert "Germany" in done and "Europe/Berlin" in done
    stored = await person(running_bot)
    assert (stored.country, stored.timezone) == ("DE", "Europe/Berlin")
    assert "0800 111 0 111" in await sos_resources(client)  # TelefonSeelsorge


async def test_a_country_with_several_zones_asks_which_by_buttons(
    tg: TelegramStandIn, running_bot: RunningBot
) -> None:
    client = tg.user(CLIENT, "C", language_code="ru")
    question = await agree(client)
    assert "где вы" in question.text
    await client.press(question, "Россия")
    zones = await client.next_message()
    assert "несколько часовых поясов" in zones.text and "Новосибирск" in zones.button_texts
    await client.press(zones, "Новосибирск")
    assert "Asia/Novosibirsk" in (await client.next_message()).text
    stored = await person(running_bot)
    assert (stored.country, stored.timezone) == ("RU", "Asia/Novosibirsk")
    resources = await sos_resources(client)
    assert "8-800-2000-122" in resources and "детей, подростков и их родителей" in resources


async def test_a_legacy_zone_name_is_understood(tg: TelegramStandIn, running_bot: RunningBot) -> None:
    client = tg.user(CLIENT, "C", language_code="en")
    await agree(client)
    await client.send("Europe/Kiev")
    assert "Ukraine" in (await client.next_message()).text
    assert (await person(running_bot)).country == "UA"


async def test_unknown_words_keep_the_question_open_and_skip_closes_it(
    tg: TelegramStandIn, running_bot: RunningBot
) -> None:
    client = tg.user(CLIENT, "C", language_code="en")
    question = await agree(client)
    await client.send("somewhere nice")
    assert "couldn't find that place" in (await client.next_message()).text
    await skip_place(client, question)
    await client.send("Berlin")  # the question is closed: plain text is no longer read as a place
    assert "/practice" in (await client.next_message()).text
    stored = await person(running_bot)
    assert (stored.country, stored.timezone) == (None, "UTC")
    assert "findahelpline.com" in await sos_resources(client)


async def test_country_shows_what_is_set_and_changes_it(tg: TelegramStandIn, running_bot: RunningBot) -> None:
    client = tg.user(CLIENT, "C", language_code="en")
    await skip_place(client, await agree(client))
    await client.send("/country")
    assert "don't know your country yet" in (await client.next_message()).text
    again = await client.next_message()
    await client.press(again, "Canada")
    zones = await client.next_message()
    await client.press(zones, zones.button_texts[0])
    assert "Canada" in (await client.next_message()).text
    await client.send("/country Germany")
    assert "Germany" in (await client.next_message()).text
    await client.send("/country")
    assert "Your country: Germany" in (await client.next_message()).text
    await client.next_message()  # asked again, in case they want to change it
    await client.press(zones, zones.button_texts[0])  # an old button still does what it says: Canada
    assert "Canada" in (await client.next_message()).text
    assert (await person(running_bot)).country == "CA"


async def test_a_forged_place_button_gets_a_helpful_reply(tg: TelegramStandIn, running_bot: RunningBot) -> None:
    client = tg.user(CLIENT, "C", language_code="en")
    question = await agree(client)
    await client.press_data(question, "m:place:z.RU.99")
    reply = (await client.next_message()).text
    assert reply and "Traceback" not in reply
    assert (await person(running_bot)).country is None


async def test_an_exercise_started_instead_takes_the_typed_answers(
    tg: TelegramStandIn, running_bot: RunningBot
) -> None:
    client = tg.user(CLIENT, "C", language_code="en")
    await agree(client)  # the place question is left unanswered
    mirrored = MirroredClient(client, shipped("thought_record"), "en")
    await mirrored.open_from_catalogue()
    path = explore(mirrored.engine, "en").ends["done_eased"]
    for event in path[:3]:  # the typed answers go to the exercise, not to the open question
        await mirrored.act(event)
    assert (await person(running_bot)).country is None
