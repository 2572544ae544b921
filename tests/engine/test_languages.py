from __future__ import annotations

from bot.engine.effects import Paused
from tests.engine.helpers import Run, engine_for, only, says

HEADER = """\
id: bilingual
version: 1
title: {en: Test, ru: Тест}
description: {en: A test., ru: Тест.}
category: other
languages: [ru, en]
estimated_minutes: 5
source: engine tests
"""

FLOW = """
steps:
  - id: feeling
    type: text
    label: {en: Feeling, ru: Чувство}
    prompt: {en: "How do you feel?", ru: "Как вы себя чувствуете?"}
    optional: true
    max_length: 5
  - id: traps
    type: multi_choice
    prompt: {en: "Traps?", ru: "Ловушки?"}
    options:
      - {value: a, label: {en: "All or nothing", ru: "Всё или ничего"}}
  - id: review
    type: summary
    prompt: {en: "Review", ru: "Итог"}
    items: [feeling]
  - id: done
    type: end
"""


def test_russian_texts_and_built_in_labels() -> None:
    run = Run(engine_for(FLOW, HEADER), "ru")
    assert run.session.language == "ru"
    assert run.ask.text == "Как вы себя чувствуете?"
    assert [b.label for b in run.ask.buttons] == ["Пропустить"]
    assert says(run.text("слишком длинно"), "reprompt") == [
        "Для этого шага слишком длинно. Пожалуйста, уложитесь в 5 символов."
    ]
    assert "не служба кризисной помощи" in says(run.command("help"), "help")[0]
    assert only(run.command("pause"), Paused)[0].text.startswith("Пауза.")
    run.action("skip")
    assert [b.label for b in run.ask.buttons] == ["Всё или ничего", "Готово"]
    run.text("всё или НИЧЕГО")
    run.action("done")
    assert run.ask.text == "Итог\n\nЧувство: —"
    assert [b.label for b in run.ask.buttons] == ["Изменить: Чувство", "Всё верно"]


def test_an_unknown_language_falls_back_to_the_flows_first() -> None:
    run = Run(engine_for(FLOW, HEADER), "de")
    assert run.session.language == "ru"
    assert run.ask.text == "Как вы себя чувствуете?"


def test_a_flow_language_without_built_in_texts_uses_english_ones() -> None:
    header = HEADER.replace("[ru, en]", "[uk]").replace("{en: Test, ru: Тест}", "Тест").replace(
        "{en: A test., ru: Тест.}", "Тест.")
    run = Run(engine_for("""
        steps:
          - id: feeling
            type: text
            prompt: "Як ви?"
            optional: true
          - id: done
            type: end
        """, header), "uk")
    assert run.ask.text == "Як ви?"
    assert [b.label for b in run.ask.buttons] == ["Skip"]
