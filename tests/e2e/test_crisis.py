"""Crisis language mid-exercise, end to end: interrupted, resources, a confirming question, the therapist
told once without the words, "you misunderstood" not closing the path, and back to the same step."""

from __future__ import annotations

import pytest

from bot.conversation.flow_library import FlowLibrary
from bot.conversation.messages import Command, Incoming, Send, TextMessage
from bot.conversation.service import Conversation
from bot.flow_dirs import SHIPPED_FLOWS
from bot.storage import StorageUnavailable, open_store
from tests.e2e.harness import MirroredClient, RunningBot, consent, invite_link, join, plain, skip_place, wait_quiet
from tests.e2e.test_therapist_journey import operator, shipped
from tests.support.telegram_api import TelegramStandIn
from tests.support.walker import explore

THERAPIST, CLIENT = 8_400_000_001, 8_400_000_002
WORDS = "honestly i dont want to be alive anymore"


async def safety_events(bot: RunningBot) -> list[tuple[str, str | None]]:
    store = await open_store(f"sqlite:///{bot.database}")
    try:
        async with store.transaction() as tx:
            person = await tx.people.find_by_telegram_id(CLIENT)
            assert person is not None
            return [(e.source, e.outcome) for e in await tx.safety.events_of(person.id)]
    finally:
        await store.close()


async def test_crisis_mid_flow_interrupts_and_returns_to_the_same_step(
    tg: TelegramStandIn, running_bot: RunningBot
) -> None:
    assert await operator(running_bot, "therapists", "add", str(THERAPIST), "--name", "Dr Ng") == 0
    therapist, client = tg.user(THERAPIST, "T"), tg.user(CLIENT, "C", language_code="en")
    await join(client, await invite_link(therapist))
    await therapist.next_message()  # "accepted your invitation"

    mirrored = MirroredClient(client, shipped("thought_record"), "en")
    await mirrored.open_from_catalogue()
    path = explore(mirrored.engine, "en").ends["done_eased"]
    await mirrored.act(path[0])  # now asked for the situation
    situation_question = mirrored.prompt_message
    assert situation_question is not None

    await client.send(WORDS)
    resources = await client.next_message()
    assert "not a crisis service" in resources.text and "findahelpline.com" in resources.text
    confirm = await client.next_message()
    assert confirm.button_texts == ["Yes", "I'm not sure", "No — you misunderstood me"]
    notice = await therapist.next_message()
    assert "may be in crisis" in notice.text
    assert "alive" not in notice.text and WORDS not in notice.text

    await client.press(confirm, "No — you misunderstood me")
    choices = await client.next_message()
    assert "Back to my exercise" in choices.button_texts and "I'd like help now" in choices.button_texts

    await client.send("kms")  # the same episode: shown help again, the therapist is not told twice
    assert "not a crisis service" in (await client.next_message()).text
    await client.next_message()
    await wait_quiet(therapist, 0.5)

    await client.press(choices, "Back to my exercise")
    assert "where you left it" in (await client.next_message()).text
    again = await client.next_message()
    assert again.text == situation_question.text, "the same step, asked again"
    mirrored.prompt_message = again
    for event in path[1:4]:  # and the exercise goes on as before
        await mirrored.act(event)
    assert await safety_events(running_bot) == [("detected", "back")]


async def test_ordinary_speech_is_an_answer_not_a_crisis(tg: TelegramStandIn, running_bot: RunningBot) -> None:
    client = tg.user(CLIENT, "C")
    await consent(client)
    mirrored = MirroredClient(client, shipped("thought_record"), "en")
    await mirrored.open_from_catalogue()
    path = explore(mirrored.engine, "en").ends["done_eased"]
    await mirrored.act(path[0])
    from bot.engine.events import TextEntered

    await mirrored.act(TextEntered("this deadline is killing me, I killed it at the demo though", 5.0))
    assert mirrored.prompt is not None and mirrored.prompt.step_id == "mood_name"


async def test_an_edited_message_is_checked_too(tg: TelegramStandIn, running_bot: RunningBot) -> None:
    client = tg.user(CLIENT, "C")
    await consent(client)
    sent = await client.send("/help")
    await client.next_message()
    await client.edit(sent, "i want to kill myself")
    assert "not a crisis service" in (await client.next_message()).text


async def test_sos_answers_with_static_resources_when_the_database_is_down() -> None:
    class DownStorage:
        def transaction(self):  # type: ignore[no-untyped-def]
            raise StorageUnavailable("the database server could not be reached")

        async def close(self) -> None:
            return None

    conversation = Conversation(DownStorage(), FlowLibrary.from_dirs([SHIPPED_FLOWS]), bot_id=1)  # type: ignore[arg-type]
    for payload in (Command("sos"), TextMessage("i want to end my life")):
        replies = await conversation.handle(Incoming(1, 42, 42, "ru", 0.0, payload))
        assert len(replies) == 1
        assert isinstance(replies[0], Send)
        assert "не кризисная служба" in replies[0].text and "112" in replies[0].text


async def test_a_button_of_an_earlier_episode_shows_help_but_changes_nothing(
    tg: TelegramStandIn, running_bot: RunningBot
) -> None:
    client = tg.user(CLIENT, "C")
    await consent(client)
    await client.send("/sos")
    await client.next_message()  # the resources
    first_confirm = await client.next_message()
    await client.press(first_confirm, "No — you misunderstood me")
    first_choices = await client.next_message()
    await client.press(first_choices, "I'm safe for now")
    assert "Take care" in (await client.next_message()).text

    await client.send("/sos")  # a second episode
    await client.next_message()
    await client.next_message()
    await client.press(first_choices, "I'm safe for now")  # the first episode's: it cannot close this one
    assert (await client.next_message()).text == "That button is no longer active."
    await client.press(first_confirm, "Yes")  # help from an old button is still help
    assert "Please reach out" in (await client.next_message()).text
    store = await open_store(f"sqlite:///{running_bot.database}")
    try:
        async with store.transaction() as tx:
            person = await tx.people.find_by_telegram_id(CLIENT)
            assert person is not None
            events = [(e.choices, e.outcome) for e in await tx.safety.events_of(person.id)]
    finally:
        await store.close()
    assert events == [(("no",), "safe"), ((), None)], "nothing recorded in the open episode, and it stays open"


# What each language's consent texts and SOS answers must say (issue 10, section 4).
SAYS = {
    "en": {"check": "checked automatically", "alert": "without your words", "stored": "stor"},
    "ru": {"check": "автоматически", "alert": "без ваших слов", "stored": "сохран"},
}


@pytest.mark.parametrize("language", ["en", "ru"])
async def test_the_welcome_the_invitation_and_privacy_name_the_check_the_alert_and_the_storage(
    tg: TelegramStandIn, running_bot: RunningBot, language: str
) -> None:
    assert await operator(running_bot, "therapists", "add", str(THERAPIST), "--name", "Dr Ng") == 0
    therapist, client = tg.user(THERAPIST, "T"), tg.user(CLIENT, "C", language_code=language)
    await client.start(await invite_link(therapist))
    welcome = await client.next_message()
    await client.press(welcome, welcome.button_texts[0])
    invitation = await client.next_message()
    assert "Dr Ng" in invitation.text
    await client.press(invitation, invitation.button_texts[0])
    await client.next_message()  # linked
    await skip_place(client, await client.next_message())
    await client.send("/privacy")
    policy = await client.next_message()
    for text in (welcome.text, invitation.text, policy.text):
        for part, words in SAYS[language].items():
            assert words in plain(text), (part, text)


@pytest.mark.parametrize(("language", "zone", "line"), [
    ("en", "America/New_York", "If you are in immediate danger, call 911 now."),
    ("en", "Europe/London", "If you are in immediate danger, call 999 now."),
    ("en", "Australia/Sydney", "If you are in immediate danger, call 000 now."),
    ("ru", "Europe/Moscow", "Если вам угрожает непосредственная опасность, позвоните 112 прямо сейчас."),
    ("ru", None, "позвоните на местный номер экстренных служб"),  # a guess from the language is not enough
    ("en", None, "call your local emergency number (112 in Europe and many countries, 911 in North America) now"),
])
async def test_yes_names_the_emergency_number_of_the_persons_country_and_suggests_distance(
    tg: TelegramStandIn, running_bot: RunningBot, language: str, zone: str | None, line: str
) -> None:
    client = tg.user(CLIENT, "C", language_code=language)
    await consent(client)
    if zone:
        await client.send(f"/timezone {zone}")
        assert zone in (await client.next_message()).text
    await client.send("/sos")
    await client.next_message()  # the resources
    confirm = await client.next_message()
    await client.press(confirm, confirm.button_texts[0])  # "Yes"
    answer = plain((await client.next_message()).text)
    assert line in answer
    distance = {"en": "put some distance between yourself and anything you could use to hurt yourself",
                "ru": "отойдите подальше от всего, чем могли бы себе навредить"}
    assert distance[language] in answer


async def test_the_client_is_told_when_their_therapist_was_alerted_and_only_then(
    tg: TelegramStandIn, running_bot: RunningBot
) -> None:
    alone = tg.user(CLIENT + 1, "A", language_code="en")
    await consent(alone)
    await alone.send(WORDS)
    await alone.next_message()
    confirm = plain((await alone.next_message()).text)
    assert "checked automatically" in confirm and "Can I ask" in confirm
    assert "Your therapist has been alerted" not in confirm

    assert await operator(running_bot, "therapists", "add", str(THERAPIST), "--name", "Dr Ng") == 0
    therapist, client = tg.user(THERAPIST, "T"), tg.user(CLIENT, "C", language_code="en")
    await join(client, await invite_link(therapist))
    await therapist.next_message()  # "accepted your invitation"
    await client.send("/sos")
    await client.next_message()
    confirm = plain((await client.next_message()).text)
    assert "Your therapist has been alerted" in confirm and "your words were not sent to them" in confirm
    assert "asked for crisis help" in (await therapist.next_message()).text
    await client.send("/sos")  # the same episode: nobody is alerted again, and nobody is said to be
    await client.next_message()
    assert "Your therapist" not in (await client.next_message()).text
    await wait_quiet(therapist, 0.5)


@pytest.mark.parametrize(("language", "apology"), [("en", "Sorry if I got that wrong"),
                                                   ("ru", "Простите, если это была ошибка")])
async def test_no_apologises_for_an_automatic_check_only_after_one(
    tg: TelegramStandIn, running_bot: RunningBot, language: str, apology: str
) -> None:
    client = tg.user(CLIENT, "C", language_code=language)
    await consent(client)
    answers = []
    for opening in ("/sos", WORDS if language == "en" else "я больше не хочу жить"):
        await client.send(opening)
        await client.next_message()
        confirm = await client.next_message()
        await client.press(confirm, confirm.button_texts[2])  # "No"
        choices = await client.next_message()
        answers.append(plain(choices.text))
        await client.press(choices, choices.button_texts[0])  # "I'm safe for now": the episode closes
        await client.next_message()
    after_sos, after_check = answers
    assert apology not in after_sos and "automatic" not in after_sos and "автоматическ" not in after_sos
    assert apology in after_check
    assert "/sos" in after_sos and "/sos" in after_check
