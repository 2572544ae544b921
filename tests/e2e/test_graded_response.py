"""The graded crisis response, end to end: the SOS path worded for each kind of danger (en and ru); a check-in
question first when the words only might mean danger, whose Yes and Not sure open that kind's SOS path and whose
No returns to the exercise with the words kept as the step's answer; an old check-in button; typed replies to
a check-in. The detector's answer is forced (tests/e2e/harness.py `forced`): detection has its own tests."""

from __future__ import annotations

import pytest

from bot.engine.events import TextEntered
from bot.storage import open_store
from bot.storage.records import SafetyEvent
from tests.e2e.harness import MirroredClient, RunningBot, consent, forced, invite_link, join, plain, wait_quiet
from tests.e2e.test_therapist_journey import operator, shipped
from tests.support.telegram_api import SimulatedUser, TelegramStandIn
from tests.support.walker import explore

THERAPIST, CLIENT = 8_400_100_001, 8_400_100_002

# What each category's SOS path says that no other category's does: its opening, its confirming question,
# and what to do now after "Yes".
SOS_SAYS = {
    ("en", "self"): ("act on thoughts of harming yourself", "ending your life or hurting yourself",
                     "put some distance between yourself and anything you could use to hurt yourself"),
    ("en", "others"): ("afraid you might hurt someone", "thoughts of hurting someone",
                       "If you can, step away"),
    ("en", "home"): ("may not be safe at home", "is someone at home hurting you",
                     "Are you safe right now?"),
    ("en", "someone_else"): ("worried about someone", "someone you know may hurt themselves",
                             "If they are in immediate danger, call"),
    ("ru", "self"): ("риск, что вы причините себе вред", "покончить с собой или причинить себе вред",
                     "отойдите подальше от всего, чем могли бы себе навредить"),
    ("ru", "others"): ("можете кому-то навредить", "мысли причинить кому-то вред",
                       "Если можете, отойдите"),
    ("ru", "home"): ("дома вы можете быть не в безопасности", "кто-то дома причиняет вам вред",
                     "Вы сейчас в безопасности?"),
    ("ru", "someone_else"): ("вы за кого-то волнуетесь", "кто-то из ваших знакомых может причинить себе вред",
                             "Если этому человеку угрожает непосредственная опасность, позвоните"),
}
# The one resource of the shipped list's defaults that belongs to the category (the person's country unknown).
RESOURCE = {"self": "findahelpline.com", "others": "findahelpline.com", "home": "hotpeachpages.net",
            "someone_else": "findahelpline.com"}
DANGER = {"self": "a risk of harming themselves", "others": "a risk of harming someone else",
          "home": "danger at home", "someone_else": "worry about someone else at risk"}


async def events(bot: RunningBot, telegram_id: int = CLIENT) -> list[SafetyEvent]:
    store = await open_store(f"sqlite:///{bot.database}")
    try:
        async with store.transaction() as tx:
            person = await tx.people.find_by_telegram_id(telegram_id)
            assert person is not None
            return await tx.safety.events_of(person.id)
    finally:
        await store.close()


async def linked_client(tg: TelegramStandIn, bot: RunningBot, language: str = "en") -> tuple[SimulatedUser,
                                                                                               SimulatedUser]:
    assert await operator(bot, "therapists", "add", str(THERAPIST), "--name", "Dr Ng") == 0
    therapist, client = tg.user(THERAPIST, "T"), tg.user(CLIENT, "C", language_code=language)
    await join(client, await invite_link(therapist))
    await therapist.next_message()  # "accepted your invitation"
    return therapist, client


@pytest.mark.parametrize(("language", "category"), sorted(SOS_SAYS))
async def test_each_kind_of_danger_has_its_own_sos_path(
    tg: TelegramStandIn, running_bot: RunningBot, language: str, category: str
) -> None:
    client = tg.user(CLIENT, "C", language_code=language)
    await consent(client)
    opening, question, after_yes = SOS_SAYS[language, category]
    await client.send(forced("sos", category, "words"))
    resources = plain((await client.next_message()).text)
    assert opening in resources and RESOURCE[category] in resources
    assert ("не кризисная служба" if language == "ru" else "not a crisis service") in resources
    others = {RESOURCE[c] for c in RESOURCE} - {RESOURCE[category]}
    assert not any(other in resources for other in others), "only this kind's lines"
    confirm = await client.next_message()
    assert question in plain(confirm.text)
    for (lang, other), says in SOS_SAYS.items():
        if lang == language and other != category:
            assert says[1] not in plain(confirm.text)
    await client.press(confirm, confirm.button_texts[0])  # "Yes"
    help_now = plain((await client.next_message()).text)
    assert after_yes in help_now and RESOURCE[category] in help_now
    assert [(e.response, e.category, e.choices) for e in await events(running_bot)] == [("sos", category, ("yes",))]


@pytest.mark.parametrize("category", sorted(DANGER))
async def test_the_therapist_is_told_the_kind_of_danger_in_plain_words_never_the_words(
    tg: TelegramStandIn, running_bot: RunningBot, category: str
) -> None:
    therapist, client = await linked_client(tg, running_bot)
    await client.send(forced("sos", category, "ZEBRA words"))
    await client.next_message()
    assert "Your therapist has been alerted" in (await client.next_message()).text
    notice = plain((await therapist.next_message()).text)
    assert "may be in crisis" in notice and DANGER[category] in notice and "ZEBRA" not in notice
    for other, words in DANGER.items():
        assert other == category or words not in notice


async def test_a_check_in_comes_first_and_no_returns_to_the_step_with_the_words_as_its_answer(
    tg: TelegramStandIn, running_bot: RunningBot
) -> None:
    therapist, client = await linked_client(tg, running_bot)
    mirrored = MirroredClient(client, shipped("thought_record"), "en")
    await mirrored.open_from_catalogue()
    path = explore(mirrored.engine, "en").ends["done_eased"]
    await mirrored.act(path[0])  # now asked for the situation
    words = forced("check_in", "self", "work was awful and I can't see the point of trying")

    await client.send(words)
    question = await client.next_message()
    assert "Are you having thoughts of hurting yourself, or are you in danger?" in question.text
    assert question.button_texts == ["Yes", "Not sure", "No"]
    assert "not a crisis service" not in question.text, "a question, not the SOS path"
    await wait_quiet(therapist, 0.5)  # a check-in alerts nobody
    assert [(e.response, e.category, e.outcome) for e in await events(running_bot)] == [("check_in", "self", None)]

    assert mirrored.session is not None
    expected = mirrored.engine.handle(mirrored.session, TextEntered(words, 0.0))  # as if never interrupted
    await client.press(question, "No")
    assert "What you wrote is saved as your answer" in (await client.next_message()).text
    await mirrored.expect(expected)
    assert mirrored.prompt is not None and mirrored.prompt.step_id != "situation"
    for event in path[2:5]:  # and the exercise goes on
        await mirrored.act(event)
    assert await answers_of(running_bot, "situation") == [words]
    recorded = await events(running_bot)
    assert [(e.response, e.choices, e.outcome) for e in recorded] == [("check_in", ("check_in_no",), "no")]
    await wait_quiet(therapist, 0.3)


async def answers_of(bot: RunningBot, step_id: str) -> list[object]:
    store = await open_store(f"sqlite:///{bot.database}")
    try:
        async with store.transaction() as tx:
            person = await tx.people.find_by_telegram_id(CLIENT)
            assert person is not None
            session = await tx.sessions.get_current(person.id)
            assert session is not None
            entries = await tx.transcript.for_session(session.id)
            return [e.raw for e in entries if e.step_id == step_id and e.kind == "answer"]
    finally:
        await store.close()


@pytest.mark.parametrize(("answer", "said"), [("Yes", "Yes"), ("Not sure", "Not sure")])
async def test_yes_or_not_sure_opens_the_categorys_sos_path_and_alerts_the_therapist(
    tg: TelegramStandIn, running_bot: RunningBot, answer: str, said: str
) -> None:
    therapist, client = await linked_client(tg, running_bot)
    await client.send(forced("check_in", "home", "things at home are bad"))
    question = await client.next_message()
    assert "Is someone at home hurting you" in question.text
    await client.press(question, answer)
    resources = plain((await client.next_message()).text)
    assert "may not be safe at home" in resources and "hotpeachpages.net" in resources
    help_now = plain((await client.next_message()).text)
    assert "Your therapist has been alerted" in help_now and "Are you safe right now?" in help_now
    assert "Can I ask" not in help_now, "the question was answered: not asked again"
    notice = plain((await therapist.next_message()).text)
    assert DANGER["home"] in notice and f"answered “{said}”" in notice and "things at home" not in notice
    recorded = await events(running_bot)
    choice = "check_in_yes" if answer == "Yes" else "check_in_unsure"
    assert [(e.response, e.category, e.choices) for e in recorded] == [("sos", "home", (choice,))], "one episode"


async def test_an_old_check_in_button_still_helps(tg: TelegramStandIn, running_bot: RunningBot) -> None:
    client = tg.user(CLIENT, "C", language_code="en")
    await consent(client)
    await client.send(forced("check_in", "others", "i am so angry at him"))
    question = await client.next_message()
    assert "thoughts of hurting someone else" in question.text
    await client.press(question, "No")
    assert "Thank you for answering" in (await client.next_message()).text

    await client.press(question, "No")  # answered already
    assert "already been answered" in (await client.next_message()).text
    await client.press(question, "Yes")  # a later yes is still a yes: help, in an episode of its own
    assert "afraid you might hurt someone" in plain((await client.next_message()).text)
    assert "step away" in plain((await client.next_message()).text)
    assert [(e.response, e.category, e.outcome) for e in await events(running_bot)] == [
        ("check_in", "others", "no"), ("sos", "others", None)]


async def test_a_typed_reply_to_a_check_in_is_read_only_when_it_plainly_answers(
    tg: TelegramStandIn, running_bot: RunningBot
) -> None:
    client = tg.user(CLIENT, "C", language_code="ru")
    await consent(client)
    await client.send(forced("check_in", "someone_else", "подруга пишет странные вещи"))
    question = await client.next_message()
    assert "Кто-то из ваших знакомых думает о том, чтобы причинить себе вред" in question.text
    await client.send("ну как сказать")  # not an answer: asked again, never taken as "no"
    again = await client.next_message()
    assert "Чтобы правильно вас понять" in again.text and again.button_texts == ["Да", "Трудно сказать", "Нет"]
    await client.send(forced("sos", "self", "всё, не могу"))  # risk in a reply is checked first, as always
    assert "риск, что вы причините себе вред" in plain((await client.next_message()).text)
    confirm = await client.next_message()
    assert "покончить с собой" in confirm.text
    recorded = await events(running_bot)
    assert [(e.response, e.category) for e in recorded] == [("sos", "self")], "the same episode, now the SOS path"

    second = tg.user(CLIENT + 1, "D", language_code="en")
    await consent(second)
    await second.send(forced("check_in", "self", "i'm so done with everything"))
    await second.next_message()
    await second.send("no, just tired")
    assert "Thank you for answering" in (await second.next_message()).text
    assert [(e.response, e.outcome) for e in await events(running_bot, CLIENT + 1)] == [("check_in", "no")]


async def test_without_consent_a_check_in_stores_nothing_and_still_helps(
    tg: TelegramStandIn, running_bot: RunningBot
) -> None:
    client = tg.user(CLIENT, "C", language_code="en")
    await client.send("/start")
    await client.next_message()  # the welcome, not agreed to
    await client.send(forced("check_in", "self", "i can't go on like this"))
    question = await client.next_message()
    await client.press(question, "Yes")
    assert "not a crisis service" in (await client.next_message()).text
    assert "none of this is stored" in (await client.next_message()).text
    assert await events(running_bot) == []
