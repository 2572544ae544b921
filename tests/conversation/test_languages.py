"""The one language rule for every message: the person's /language choice, else their Telegram app's
language if the bot speaks it, else English."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from bot.conversation.flow_library import FlowLibrary
from bot.conversation.texts import language_of, pick_language
from bot.conversation.therapist.homework import reminder_message
from bot.flow_dirs import SHIPPED_FLOWS
from bot.storage import Person
from bot.storage.records import DueReminder


@pytest.mark.parametrize(("chosen", "telegram", "expected"), [
    (None, None, "en"), (None, "ru", "ru"), (None, "ru-RU", "ru"), (None, "RU", "ru"), (None, "de", "en"),
    ("en", "ru", "en"), ("ru", "en", "ru"), ("ru", None, "ru"), ("xx", "ru", "ru"),
])
def test_the_rule(chosen: str | None, telegram: str | None, expected: str) -> None:
    assert pick_language(chosen, telegram) == expected
    now = datetime(2026, 12, 4, tzinfo=UTC)
    person = Person(id=1, telegram_id=1, role="client", language=chosen, timezone="UTC", consent_given_at=None,
                    consent_withdrawn_at=None, blocked_at=None, created_at=now, updated_at=now,
                    telegram_language=telegram)
    assert language_of(person) == expected


def test_a_reminder_to_someone_who_never_chose_a_language_follows_their_telegram() -> None:
    due = DueReminder(item_id=1, client_id=1, client_telegram_id=1, language=None, flow_id="box_breathing",
                      due_on=date(2026, 12, 5), note=None, telegram_language="ru")
    text, keyboard = reminder_message(FlowLibrary.from_dirs([SHIPPED_FLOWS]), due)
    assert "Напоминание" in text and "Квадратное дыхание" in text
    assert [b.label for b in keyboard[0]] == ["Начать", "Напомнить через час"]
