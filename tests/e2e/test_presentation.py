"""How the bot looks to a client: escaped text, long texts split, count-downs, languages, the menu."""

from __future__ import annotations

import itertools

import pytest

from bot.flow_dirs import SHIPPED_FLOWS
from bot.flowspec import load_flow_file
from bot.flowspec.model import Flow, TextStep
from tests.e2e.harness import MirroredClient, RunningBot, consent, skip_place
from tests.support.telegram_api import TelegramStandIn
from tests.support.walker import explore


def shipped(flow_id: str) -> Flow:
    flow = load_flow_file(SHIPPED_FLOWS / f"{flow_id}.yaml").flow
    assert flow is not None
    return flow


async def test_client_text_is_escaped_when_quoted_back(tg: TelegramStandIn, running_bot: RunningBot) -> None:
    user = tg.user(7_600_000_001, "Lea")
    await consent(user)
    client = MirroredClient(user, shipped("quick_reframe"), "en")
    await client.open_from_catalogue()
    path = explore(client.engine, "en").ends["done"]
    from bot.engine.events import TextEntered

    first_text = next(i for i, e in enumerate(path) if isinstance(e, TextEntered))
    path[first_text] = TextEntered("I <b>always</b> ruin things & everyone sees </i>", 10.0)
    for event in path:
        await client.act(event)
    quoted = [m for m in client.seen if "ruin things" in m.text]
    assert quoted, "the thought is quoted back"
    assert "<b>always</b>" in quoted[-1].text, "shown literally, not as bold"
    assert "&lt;b&gt;always" in (quoted[-1].source or "")


async def test_long_answers_make_a_summary_split_under_the_limit(tg: TelegramStandIn, running_bot: RunningBot) -> None:
    user = tg.user(7_600_000_002, "Max")
    await consent(user)
    flow = shipped("thought_record")
    client = MirroredClient(user, flow, "en")
    await client.open_from_catalogue()
    from bot.engine.events import TextEntered

    long_answer = "This is a long and detailed answer about what happened and how it felt. " * 60
    limits = {s.id: s.max_length for s in flow.steps if isinstance(s, TextStep)}
    for event in explore(client.engine, "en").ends["done_eased"]:
        asked = client.prompt.step_id if client.prompt else ""
        if isinstance(event, TextEntered) and limits.get(asked, 0) >= 200:
            event = TextEntered(long_answer[: limits[asked]].strip(), event.at)
        await client.act(event)
    sent = [c for c in tg.calls_to("sendMessage") if str(c.params.get("chat_id")) == str(user.id)]
    assert all(c.ok for c in sent)
    assert max(len(str(c.params["text"])) for c in sent) > 3000, "some texts were long"
    summaries = [m for m in client.seen if long_answer[:40] in m.text]
    assert len(summaries) >= 3, "the summary came in several messages"


async def test_a_count_down_edits_one_message_at_most_once_a_second(
    tg: TelegramStandIn, tmp_path: pytest.TempPathFactory
) -> None:
    bot = RunningBot(tg, tmp_path / "bot.sqlite3", speed=5.0)  # type: ignore[operator]
    await bot.start()
    try:
        user = tg.user(7_600_000_003, "Noa")
        await consent(user)
        client = MirroredClient(user, shipped("box_breathing"), "en")
        await client.open_from_catalogue()
        path = explore(client.engine, "en").ends["done"]
        await client.act(path[0])
        await client.act(path[1])  # the timer starts
        await tg.wait_until(lambda: len(tg.calls_to("editMessageText")) >= 4, 10)
        timer_message = client.timer_message_id
        await client.act(path[2])  # the count-down runs to its end
    finally:
        await bot.stop()
    edits = [c for c in tg.calls_to("editMessageText") if str(c.params.get("chat_id")) == str(user.id)]
    assert len(edits) >= 4
    assert {int(c.params["message_id"]) for c in edits} == {timer_message}
    gaps = [later.at - earlier.at for earlier, later in itertools.pairwise(edits)]
    assert min(gaps) >= 0.9, f"edits closer than a second: {gaps}"
    assert [c.description for c in edits if not c.ok] == [], "never an edit to identical content"


async def test_language_follows_telegram_and_can_be_changed(tg: TelegramStandIn, running_bot: RunningBot) -> None:
    user = tg.user(7_600_000_004, "Ира", language_code="ru")
    await user.send("/start")
    welcome = await user.next_message()
    assert "Здравствуйте" in welcome.text
    await user.press(welcome, welcome.button_texts[0])
    await user.next_message()
    await skip_place(user, await user.next_message())
    await user.send("/language")
    menu = await user.next_message()
    await user.press(menu, "English")
    assert (await user.next_message()).text == "Language set: English."
    await user.send("/help")
    assert "What this bot does" in (await user.next_message()).text


async def test_menu_commands_are_registered_in_both_languages(tg: TelegramStandIn, running_bot: RunningBot) -> None:
    await tg.wait_until(lambda: len(tg.calls_to("setMyCommands")) == 2, 5)
    english = [c["command"] for c in tg.commands()]
    russian = [c["command"] for c in tg.commands(language_code="ru")]
    assert english == russian
    assert {"practice", "resume", "back", "pause", "cancel", "history", "help", "sos", "language"} <= set(english)
    assert tg.commands(language_code="ru")[0]["description"] != tg.commands()[0]["description"]


async def test_no_exercise_before_consent_and_sos_works_anyway(tg: TelegramStandIn, running_bot: RunningBot) -> None:
    user = tg.user(7_600_000_005, "Oli")
    await user.send("/practice")
    first = await user.next_message()
    assert "Before we start" in first.text
    consent_question = await user.next_message()
    assert consent_question.button_texts == ["I agree", "Not now"]
    await user.send("/sos")
    sos = await user.next_message()
    assert "not a crisis service" in sos.text
    assert "findahelpline.com" in sos.text


async def test_unreadable_and_unexpected_messages_get_a_helpful_reply(
    tg: TelegramStandIn, running_bot: RunningBot
) -> None:
    user = tg.user(7_600_000_006, "Pia")
    await consent(user)
    await user.send("hello?")
    assert "/practice" in (await user.next_message()).text
    await user.send("/frobnicate")
    assert "/help" in (await user.next_message()).text
    await user.send("/back")
    assert "no exercise in progress" in (await user.next_message()).text.lower()


async def test_history_lists_completed_exercises(tg: TelegramStandIn, running_bot: RunningBot) -> None:
    user = tg.user(7_600_000_007, "Quinn")
    await consent(user)
    await user.send("/history")
    assert "not completed" in (await user.next_message()).text
    client = MirroredClient(user, shipped("grounding_54321"), "en")
    await client.open_from_catalogue()
    for event in explore(client.engine, "en").ends["done"]:
        await client.act(event)
    await user.send("/history")
    history = await user.next_message()
    assert "5-4-3-2-1" in history.text or "Grounding" in history.text


async def test_help_inside_an_exercise_is_about_the_step(tg: TelegramStandIn, running_bot: RunningBot) -> None:
    user = tg.user(7_600_000_008, "Rae")
    await consent(user)
    flow = shipped("thought_record")
    client = MirroredClient(user, flow, "en")
    await client.open_from_catalogue()
    await client.act(explore(client.engine, "en").ends["done_eased"][0])  # now asked for the situation
    situation = next(s for s in flow.steps if s.id == "situation")
    assert situation.help is not None
    await user.send("/help")
    reply = await user.next_message()
    assert reply.text.startswith(situation.help["en"][:40])  # type: ignore[index]
