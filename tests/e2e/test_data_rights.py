"""A client's rights over their data, end to end: /privacy, /mydata, /deleteme, withdrawing consent."""

from __future__ import annotations

import io
import json

from pypdf import PdfReader
from sqlalchemy import String, Text, select

from bot.engine.events import TextEntered
from bot.storage import open_store
from bot.storage.schema import metadata
from tests.e2e.harness import MirroredClient, RunningBot, consent, invite_link, join, wait_quiet
from tests.e2e.test_therapist_journey import operator, shipped
from tests.support.telegram_api import SimulatedUser, TelegramStandIn
from tests.support.walker import explore

THERAPIST, CLIENT, OTHER = 8_600_000_001, 8_600_000_002, 8_600_000_003
SENTINEL = "Quokka-7741 felt everyone stared"


async def client_with_history(tg: TelegramStandIn, bot: RunningBot) -> tuple[SimulatedUser, SimulatedUser]:
    assert await operator(bot, "therapists", "add", str(THERAPIST)) == 0
    therapist, client = tg.user(THERAPIST, "T"), tg.user(CLIENT, "C")
    await join(client, await invite_link(therapist))
    await therapist.next_message()
    mirrored = MirroredClient(client, shipped("quick_reframe"), "en")
    await mirrored.open_from_catalogue()
    for event in explore(mirrored.engine, "en").ends["done"]:
        await mirrored.act(TextEntered(SENTINEL, event.at) if isinstance(event, TextEntered) else event)
    await client.send("/sos")  # a safety event, too
    await client.next_message()
    await client.next_message()
    await therapist.next_message()
    return therapist, client


async def test_my_data_comes_as_json_and_pdf(tg: TelegramStandIn, running_bot: RunningBot) -> None:
    _therapist, client = await client_with_history(tg, running_bot)
    await client.send("/mydata")
    as_json, as_pdf = await client.next_message(), await client.next_message()
    assert as_json.document is not None and as_pdf.document is not None
    data = json.loads(as_json.document.content)
    assert SENTINEL in json.dumps(data, ensure_ascii=False)
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(as_pdf.document.content)).pages)
    assert "Quokka-7741" in text


async def test_privacy_explains_and_consent_can_be_withdrawn(tg: TelegramStandIn, running_bot: RunningBot) -> None:
    client = tg.user(CLIENT, "C")
    await consent(client)
    await client.send("/privacy")
    policy = await client.next_message()
    for words in ("What is stored", "Who sees it", "How long", "/deleteme", "/mydata"):
        assert words in policy.text
    await client.press(policy, "Withdraw consent")
    assert "nothing you write will be stored" in (await client.next_message()).text
    await client.send("/practice")
    assert "Before we start" in (await client.next_message()).text  # no exercise without consent
    await client.next_message()


async def test_delete_me_erases_every_row_that_names_the_client(tg: TelegramStandIn, running_bot: RunningBot) -> None:
    therapist, client = await client_with_history(tg, running_bot)
    other = tg.user(OTHER, "O")  # someone else's data must stay
    await consent(other)
    store = await open_store(f"sqlite:///{running_bot.database}")
    try:
        async with store.transaction() as tx:
            person = await tx.people.find_by_telegram_id(CLIENT)
            assert person is not None
            client_id = person.id
    finally:
        await store.close()

    await client.send("/deleteme")
    question = await client.next_message()
    await client.press(question, "No, keep my data")
    assert "Nothing was deleted" in (await client.next_message()).text
    await client.send("/deleteme")
    question = await client.next_message()
    await client.press(question, "Yes, delete everything")
    assert "has been deleted" in (await client.next_message()).text
    told = await therapist.next_message()
    assert "has left the bot" in told.text and "why" not in told.text.lower()
    await wait_quiet(client)

    found = await rows_naming(running_bot, client_id, CLIENT)
    assert found == [], found
    assert await rows_naming(running_bot, -1, OTHER), "the other person is still there"


async def rows_naming(bot: RunningBot, person_id: int, telegram_id: int) -> list[str]:
    """Every row, of every table, that holds the person's id in a column pointing at people, their Telegram
    id anywhere, or the sentinel answer in any text."""
    store = await open_store(f"sqlite:///{bot.database}")
    hits: list[str] = []
    try:
        async with store.engine.connect() as connection:
            for table in metadata.sorted_tables:
                for row in (await connection.execute(select(table))).mappings():
                    for column in table.columns:
                        value = row[column.name]
                        points_at_people = any(fk.column.table.name == "people" for fk in column.foreign_keys)
                        if (points_at_people and value == person_id) or value == telegram_id or (
                                isinstance(column.type, String | Text) and isinstance(value, str)
                                and ("Quokka-7741" in value or str(telegram_id) in value)):
                            hits.append(f"{table.name}.{column.name}")
    finally:
        await store.close()
    return hits


async def test_my_data_is_in_the_language_of_someone_who_never_chose_one(
    tg: TelegramStandIn, running_bot: RunningBot
) -> None:
    client = tg.user(8_000_000_777, "Ольга", language_code="ru")
    await consent(client)
    await client.send("/practice")
    catalogue = await client.next_message()
    await client.press(catalogue, next(t for t in catalogue.button_texts if t.startswith("Квадратное дыхание")))
    assert (await client.next_message()).text.startswith("Будем дышать")
    assert (await client.next_message()).button_texts == ["Квадрат: вдох, задержка, выдох, задержка",
                                                          "Мягкий: без задержек"]
    await client.send("/mydata")
    as_json, as_pdf = await client.next_message(), await client.next_message()
    assert as_json.document is not None and as_pdf.document is not None
    data = json.loads(as_json.document.content)
    assert data["person"]["language"] is None and data["person"]["telegram_language"] == "ru"
    assert [e["review"]["title"] for e in data["exercises"]] == ["Квадратное дыхание"]
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(as_pdf.document.content)).pages)
    assert "Язык вашего приложения Telegram" in text
