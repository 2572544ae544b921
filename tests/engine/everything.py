"""A flow that uses every step type (and blocks, loops, fallbacks, a summary), in two languages."""

from __future__ import annotations

from bot.flowspec.model import Flow
from tests.engine.helpers import flow_from

HEADER = """\
id: everything
version: 3
title: {en: Everything, ru: Всё сразу}
description: {en: Every step type., ru: Все типы шагов.}
category: other
languages: [en, ru]
estimated_minutes: 10
source: engine tests
"""

BODY = """
params:
  breath: 2
  cycles: 2
steps:
  - id: intro
    type: message
    text: {en: "Hello.", ru: "Здравствуйте."}
  - id: ready
    type: message
    text: {en: "Ready?", ru: "Готовы?"}
    button: {en: "Go", ru: "Вперёд"}
  - id: situation
    type: text
    label: {en: Situation, ru: Ситуация}
    prompt: {en: "What happened?", ru: "Что произошло?"}
    help: {en: "One moment.", ru: "Один момент."}
    min_length: 2
    max_length: 40
  - id: mood_before
    type: call
    block: rate
  - id: thought
    type: text
    label: {en: Thoughts, ru: Мысли}
    prompt: {en: "A thought about {situation}?", ru: "Мысль о {situation}?"}
    append: true
    optional: true
  - id: another
    type: choice
    prompt: {en: "Another thought?", ru: "Ещё мысль?"}
    options:
      - {value: "yes", label: {en: "Yes", ru: "Да"}}
      - {value: "no", label: {en: "No", ru: "Нет"}, next: traps}
      - {value: "quit", label: {en: "Stop here", ru: "Хватит"}, next: not_now}
    on_invalid:
      max_attempts: 2
      fallback: traps
  - id: loop
    type: goto
    target: thought
  - id: traps
    type: multi_choice
    label: {en: Traps, ru: Ловушки}
    prompt: {en: "Which traps?", ru: "Какие ловушки?"}
    min_selected: 1
    max_selected: 2
    options:
      - {value: all_or_nothing, label: {en: "All or nothing", ru: "Всё или ничего"},
         description: {en: "Perfect or failure.", ru: "Идеально или провал."}}
      - {value: labeling, label: {en: "Labeling", ru: "Ярлыки"}}
      - {value: mind_reading, label: {en: "Mind reading", ru: "Чтение мыслей"}}
    other: {label: {en: "Other…", ru: "Другое…"}, prompt: {en: "Which one?", ru: "Какая?"}}
  - id: breathe
    type: timer
    text: {en: "Breathe.", ru: "Дышите."}
    phases:
      - {label: {en: "In", ru: "Вдох"}, seconds: breath}
      - {label: {en: "Out", ru: "Выдох"}, seconds: 3}
    repeat: cycles
  - id: mood_after
    type: call
    block: rate
  - id: change
    type: set
    value: {subtract: [mood_after.level, mood_before.level]}
  - id: trap_count
    type: set
    value: {count: traps}
  - id: review
    type: summary
    prompt: {en: "Your record ({trap_count} traps):", ru: "Ваша запись ({trap_count}):"}
    items: [situation, mood_before.level, thought, traps, mood_after.level]
  - id: check
    type: branch
    cases:
      - when: {answer: change, lt: 0}
        goto: better
      - when:
          all:
            - {answer: traps, includes: labeling}
            - {not: {answer: mood_after.level, skipped: true}}
        goto: done
    else: done
  - id: better
    type: message
    text: {en: "{mood_before.level} → {mood_after.level}", ru: "{mood_before.level} → {mood_after.level}"}
    next: done
  - id: done
    type: end
    text: {en: "Well done.", ru: "Отлично."}
  - id: not_now
    type: end
    outcome: not_now
blocks:
  rate:
    steps:
      - id: level
        type: scale
        label: {en: Mood, ru: Настроение}
        prompt: {en: "How strong?", ru: "Насколько сильно?"}
        min: 0
        max: 10
        optional: true
        labels: {min: {en: calm, ru: спокойно}, max: {en: worst, ru: очень}}
        rating: {measure: mood, when: after}
        on_invalid:
          max_attempts: 2
          fallback: skip
      - id: note
        type: text
        prompt: {en: "Why {level}?", ru: "Почему {level}?"}
        optional: true
"""


def everything() -> Flow:
    return flow_from(BODY, HEADER)


STEP_TYPES = {"message", "text", "choice", "multi_choice", "scale", "timer", "branch", "goto", "call", "set",
              "summary", "end"}
