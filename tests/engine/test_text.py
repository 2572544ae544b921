from __future__ import annotations

from bot.engine.effects import AnswerRecorded
from tests.engine.helpers import Run, buttons, engine_for, only, recorded, says

FLOW = """
steps:
  - id: situation
    type: text
    prompt: "What happened?"
    min_length: 3
    max_length: 10
  - id: extra
    type: text
    prompt: "Anything else?"
    optional: true
  - id: done
    type: end
"""


def test_a_text_answer_is_stripped_and_recorded() -> None:
    run = Run(engine_for(FLOW))
    assert (run.ask.kind, run.ask.text, run.ask.seq, buttons(run.ask)) == ("text", "What happened?", 1, [])
    effects = run.text("  at work \n")
    assert recorded(effects) == {"situation": "at work"}
    assert run.answers == {"situation": "at work"}
    assert run.session.history == ["situation"]
    assert run.ask.step_id == "extra"
    assert run.ask.seq == 2


def test_raw_keeps_what_was_typed() -> None:
    run = Run(engine_for(FLOW))
    (answer,) = only(run.text("  at work "), AnswerRecorded)
    assert answer.raw == "  at work "


def test_too_short_and_too_long_re_prompt_with_the_same_question() -> None:
    run = Run(engine_for(FLOW))
    effects = run.text("  a ")
    assert says(effects, "reprompt") == ["Please write a little more (at least 3 characters)."]
    assert run.ask.seq == 1
    assert run.session.attempts == 1
    effects = run.text("x" * 11)
    assert says(effects, "reprompt") == [
        "That is too long for this step. Please keep it within 10 characters."
    ]
    assert run.answers == {}
    run.text("x" * 10)
    assert run.answers == {"situation": "x" * 10}


def test_an_optional_text_can_be_skipped() -> None:
    run = Run(engine_for(FLOW))
    run.text("at work")
    assert buttons(run.ask) == [("action", "skip")]
    assert run.ask.buttons[0].label == "Skip"
    effects = run.action("skip")
    assert recorded(effects) == {"extra": None}
    assert run.session.status == "completed"


def test_skip_on_a_required_text_is_a_stale_button() -> None:
    run = Run(engine_for(FLOW))
    effects = run.action("skip")
    assert says(effects, "stale")
    assert run.answers == {}
    assert run.ask.step_id == "situation"


APPEND = """
steps:
  - id: thought
    type: text
    prompt: "A thought?"
    append: true
  - id: another
    type: choice
    prompt: "Another?"
    options:
      - {value: "yes", label: "Yes", next: thought}
      - {value: "no", label: "No"}
  - id: hot
    type: text
    prompt: "Your thoughts:\\n{thought}\\nWhich hurts most?"
  - id: done
    type: end
"""


def test_append_collects_one_item_per_visit_and_shows_them_as_a_list() -> None:
    run = Run(engine_for(APPEND))
    run.text("one")
    run.option("yes")
    assert run.ask.previous is None  # a new item, not a change
    effects = run.text("two <3")
    assert recorded(effects) == {"thought": ["one", "two <3"]}
    run.option("no")
    assert run.ask.text == "Your thoughts:\n• one\n• two &lt;3\nWhich hurts most?"


def test_back_in_an_append_loop_rewrites_that_visit() -> None:
    run = Run(engine_for(APPEND))
    run.text("one")
    run.option("yes")
    run.text("two")
    run.option("no")
    assert run.session.history == ["thought", "another", "thought", "another"]
    run.command("back")
    assert run.state == "another"
    assert run.ask.previous == "No"
    run.command("back")
    assert run.state == "thought"
    assert run.ask.previous == "two"
    run.text("TWO")
    assert run.answers["thought"] == ["one", "TWO"]
    run.command("back")
    run.command("back")
    run.command("back")
    assert run.state == "thought"
    assert run.ask.previous == "one"
    run.text("ONE")
    assert run.answers["thought"] == ["ONE"]  # the later visit is gone with the path that led to it


BILINGUAL = """\
id: bilingual
version: 1
title: {en: Test, ru: Тест}
description: {en: A test., ru: Тест.}
category: other
languages: [en, ru]
estimated_minutes: 5
source: engine tests
"""


def _limits(min_length: int, max_length: int, language: str = "en") -> Run:
    return Run(engine_for(f"""
steps:
  - id: situation
    type: text
    prompt: {{en: "What happened?", ru: "Что случилось?"}}
    min_length: {min_length}
    max_length: {max_length}
  - id: done
    type: end
""", BILINGUAL), language)


def _reprompt(min_length: int, max_length: int, typed: str, language: str = "en") -> str:
    (text,) = says(_limits(min_length, max_length, language).text(typed), "reprompt")
    return text


def test_an_empty_answer_gets_the_empty_answer_hint_not_the_length_one() -> None:
    assert _reprompt(1, 100, "") == "The answer is empty. Please write a few words in reply to the question."
    assert _reprompt(20, 100, "  \n ") == (
        "The answer is empty. Please write a few words in reply to the question.")
    assert _reprompt(20, 100, "", "ru") == "Ответ пустой. Пожалуйста, напишите несколько слов в ответ на вопрос."


def test_one_character_is_singular_in_english() -> None:
    assert _reprompt(1, 1, "ab") == "That is too long for this step. Please keep it within 1 character."
    assert _reprompt(2, 100, "a") == "Please write a little more (at least 2 characters)."
    assert _reprompt(1, 2, "abc") == "That is too long for this step. Please keep it within 2 characters."


def test_russian_counts_characters_in_its_three_forms() -> None:
    short = "Пожалуйста, напишите чуть подробнее (хотя бы {})."
    for count, words in ((2, "2 символа"), (5, "5 символов"), (11, "11 символов"), (12, "12 символов"),
                         (21, "21 символ"), (22, "22 символа"), (25, "25 символов")):
        assert _reprompt(count, 3000, "а", "ru") == short.format(words)
    long = "Для этого шага слишком длинно. Пожалуйста, уложитесь в {}."
    for count, words in ((1, "1 символ"), (2, "2 символа"), (4, "4 символа"), (5, "5 символов"),
                         (11, "11 символов"), (14, "14 символов"), (21, "21 символ"), (101, "101 символ"),
                         (111, "111 символов")):
        assert _reprompt(1, count, "а" * (count + 1), "ru") == long.format(words)
