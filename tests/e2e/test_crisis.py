"""Crisis language mid-exercise, end to end: interrupted, resources, a confirming question, the therapist
told once without the words, "you misunderstood" not closing the path, and back to the same step."""

from __future__ import annotations

from bot.conversation.flow_library import FlowLibrary
from bot.conversation.messages import Command, Incoming, Send, TextMessage
from bot.conversation.service import Conversation
from bot.flow_dirs import SHIPPED_FLOWS
from bot.storage import StorageUnavailable, open_store
from tests.e2e.harness import MirroredClient, RunningBot, consent, invite_link, join, wait_quiet
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
