"""Russian words outside exercises: quotes nest as «…„…“…», never «…«…»…»; nobody's gender is guessed."""

from __future__ import annotations

import re
from datetime import date

import pytest

from bot.conversation.flow_library import FlowLibrary
from bot.conversation.privacy.texts import pt
from bot.conversation.safety.texts import ct
from bot.conversation.texts import ui
from bot.conversation.therapist.homework import reminder_message
from bot.conversation.therapist.texts import tt
from bot.flow_dirs import SHIPPED_FLOWS
from bot.flowspec import load_catalogue
from bot.flowspec.texts import localize
from bot.safety.crisis import CATEGORIES
from bot.safety.static_resources import static_sos_text
from bot.storage.records import DueReminder

FLOWS = load_catalogue([SHIPPED_FLOWS]).flows


def deepest_guillemets(text: str) -> int:
    depth = deepest = 0
    for ch in text:
        if ch == "«":
            depth += 1
            deepest = max(deepest, depth)
        elif ch == "»":
            depth -= 1
    return deepest


def test_the_measure_itself() -> None:
    assert deepest_guillemets("Заземление «5-4-3-2-1»") == 1
    assert deepest_guillemets("«Заземление «5-4-3-2-1»»") == 2


@pytest.mark.parametrize("flow_id", sorted(FLOWS))
def test_a_russian_reminder_never_nests_guillemets(flow_id: str) -> None:
    due = DueReminder(item_id=1, client_id=1, client_telegram_id=1, language="ru", flow_id=flow_id,
                      due_on=date(2026, 12, 5), note=None)
    text, _keyboard = reminder_message(FlowLibrary.from_dirs([SHIPPED_FLOWS]), due)
    assert localize(FLOWS[flow_id].title, "ru") in text
    assert deepest_guillemets(text) <= 1, text


@pytest.mark.parametrize("flow_id", sorted(FLOWS))
def test_a_russian_completion_notice_never_nests_guillemets(flow_id: str) -> None:
    title = localize(FLOWS[flow_id].title, "ru")
    text = tt("completed_notice", "ru", client="Анна", flow=title, due="2026-12-05")
    assert title in text and deepest_guillemets(text) <= 1, text


GENDERED = re.compile(r"\b(он|она|его|её|ему|ей|с ним|ней|него|неё|нему|нём)\b|\w\((а|на)\)|завершил\b|Согласен",
                      re.IGNORECASE)
# Every text that speaks of a therapist or a client in the third person, or for the reader about themselves.
ABOUT_PEOPLE = {
    "welcome": ui("welcome", "ru"), "consent_yes": ui("consent_yes", "ru"),
    "join_question": tt("join_question", "ru", therapist="Анна Петрова"), "join_yes": tt("join_yes", "ru"),
    "join_question_unnamed": tt("join_question", "ru", therapist=tt("your_therapist", "ru")),
    "client_joined": tt("client_joined", "ru", client="Клиент"),
    "client_left": tt("client_left", "ru", client="Клиент"),
    "released": tt("released", "ru"), "therapist_released_you": tt("therapist_released_you", "ru"),
    "assigned": tt("assigned", "ru", client="Клиент"),
    "completed_notice": tt("completed_notice", "ru", client="Клиент", flow="Дыхание", due="2026-12-05"),
    "erase_question": pt("erase_question", "ru"),
    "therapist_client_left": pt("therapist_client_left", "ru", client="Клиент"),
    "policy": pt("policy", "ru", retention=""), "sos_how_this_works": ct("how_this_works", "ru"),
    "sos_therapist_alerted": ct("therapist_alerted", "ru"), "sos_unsure": ct("unsure", "ru"),
    "check_in_unsure": ct("check_in_unsure", "ru"),
    "therapist_command": ct("therapist_command", "ru", client="Клиент", when="10:00"),
    **{f"therapist_{kind}_{category}": ct(f"therapist_{kind}", "ru", client="Клиент", when="10:00", answer="Да",
                                          danger=ct(f"danger_{category}", "ru"))
       for kind in ("detected", "check_in") for category in CATEGORIES},
    **{f"{text}_{category}": ct(f"{text}_{category}", "ru", number="112")
       for text in ("check_in", "confirm", "immediate_danger", "reach_out") for category in CATEGORIES},
    **{f"sos_intro_{category}": static_sos_text("ru", category=category) for category in CATEGORIES},
}


@pytest.mark.parametrize("name", sorted(ABOUT_PEOPLE))
def test_no_gender_is_guessed(name: str) -> None:
    assert not GENDERED.search(ABOUT_PEOPLE[name]), GENDERED.search(ABOUT_PEOPLE[name])
