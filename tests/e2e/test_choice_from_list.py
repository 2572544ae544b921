"""The thought record's hot thought, chosen over Telegram from the automatic thoughts the client wrote."""

from __future__ import annotations

from bot.engine.effects import Ask
from bot.engine.events import ActionChosen, OptionChosen, TextEntered
from bot.flow_dirs import SHIPPED_FLOWS
from bot.flowspec import load_flow_file
from tests.e2e.harness import MirroredClient, RunningBot, consent, wait_quiet
from tests.support.telegram_api import TelegramStandIn

THOUGHTS = [
    "Меня уволят 😱, и это будет " + "полная катастрофа для всей семьи, " * 13,
    "Все на совещании увидели, что я ничего не понимаю 🙈 " + "и теперь будут считать меня пустым местом " * 10,
]


async def test_a_hot_thought_is_pressed_from_long_thoughts_within_telegrams_limits(
    tg: TelegramStandIn, running_bot: RunningBot
) -> None:
    flow = load_flow_file(SHIPPED_FLOWS / "thought_record.yaml").flow
    assert flow is not None
    user = tg.user(7_100_000_009, "Вера", language_code="ru")
    await consent(user)
    client = MirroredClient(user, flow, "ru")
    await client.open_from_catalogue()

    def seq() -> int:
        assert isinstance(client.prompt, Ask)
        return client.prompt.seq

    await client.act(OptionChosen(seq(), "start", 1.0))
    await client.act(TextEntered("Вторник, вечер, дома", 2.0))
    await client.act(TextEntered("тревога", 3.0))
    await client.act(OptionChosen(seq(), "80", 4.0))
    await client.act(ActionChosen(seq(), "skip", 4.5))  # one mood only
    await client.act(TextEntered(THOUGHTS[0][:500], 5.0))
    await client.act(OptionChosen(seq(), "yes", 6.0))
    await client.act(TextEntered(THOUGHTS[1][:500], 7.0))
    await client.act(OptionChosen(seq(), "no", 8.0))

    choice = client.prompt_message
    assert choice is not None and isinstance(client.prompt, Ask) and client.prompt.step_id == "hot_thought"
    assert choice.button_texts[-1] == "Записать по-другому"
    for label, data in (button for row in choice.buttons for button in row):
        assert data is not None and len(data.encode()) <= 64
        assert len(label) <= 40
    assert choice.button_texts[1] == "Все на совещании увидели, что я ничего…"

    await client.act(OptionChosen(seq(), client.prompt.buttons[1].value, 9.0))
    assert isinstance(client.prompt, Ask) and client.prompt.step_id == "hot_belief"
    await client.act(OptionChosen(seq(), "90", 9.5))
    assert isinstance(client.prompt, Ask) and client.prompt.step_id == "distortions"
    assert client.session is not None and client.session.answers["hot_thought"] == THOUGHTS[1][:500].strip()
    assert "Все на совещании увидели" in (client.prompt_message.text if client.prompt_message else "")

    before = len(user.messages)
    stale = await user.press(choice.message_id, choice.button_texts[0])  # the old list, pressed again
    await tg.wait_until(lambda: not tg.unanswered_callback_queries(), 5)
    await wait_quiet(user, 0.3)
    assert len(user.messages) == before
    answered = next(q for q in tg.callback_queries if q.id == stale.id)
    assert answered.answer.get("text") == "Эта кнопка уже не действует."
    await client.act(ActionChosen(seq(), "done", 10.0))  # and the exercise goes on where it was
    assert isinstance(client.prompt, Ask) and client.prompt.step_id == "evidence_for"
