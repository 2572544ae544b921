"""A typed reply to a check-in is read as an answer only when it plainly is one; the detector is a seam."""

from __future__ import annotations

import pytest

from bot.conversation.messages import Command, Incoming, TextMessage
from bot.conversation.safety.check_in import read_typed
from bot.conversation.safety.trigger import crisis_trigger
from bot.safety.crisis import NO_RISK, Assessment


@pytest.mark.parametrize(("text", "reading"), [
    ("yes", "yes"), ("Yes.", "yes"), ("Да", "yes"), ("yes, sort of", "yes"),
    ("not sure", "unsure"), ("Не знаю...", "unsure"), ("IDK", "unsure"), ("Трудно сказать", "unsure"),
    ("no", "no"), ("No, just tired", "no"), ("Нет, всё нормально", "no"), ("nope!", "no"),
    ("no idea", None), ("not really sure what you mean", None), ("why do you ask", None), ("", None),
    ("да нет наверное", None), ("I'm fine, thanks", "no"), ("ЕСТЬ", "yes"),
])
def test_only_a_plain_answer_is_read_as_one(text: str, reading: str | None) -> None:
    assert read_typed(text) == reading


def incoming(payload: TextMessage | Command) -> Incoming:
    return Incoming(1, 42, 42, "en", 0.0, payload)


def test_the_detector_decides_what_a_text_asks_for() -> None:
    seen: list[tuple[str, str | None]] = []

    def detector(text: str, language: str | None) -> Assessment:
        seen.append((text, language))
        return Assessment("check_in", "home", ("rule",)) if "home" in text else NO_RISK

    found = crisis_trigger(incoming(TextMessage("things at home")), detector)
    assert found is not None and found.is_check_in and found.category == "home" and found.source == "detected"
    assert crisis_trigger(incoming(TextMessage("a fine day")), detector) is None
    sos = crisis_trigger(incoming(Command("sos")), detector)
    assert sos is not None and not sos.is_check_in and sos.category is None
    assert seen == [("things at home", None), ("a fine day", None)]
