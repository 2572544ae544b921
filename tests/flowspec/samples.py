"""Inline flows for the flowspec tests, and small helpers to load them and pick out problems."""

from __future__ import annotations

import textwrap

from bot.flowspec import LoadResult, Problem, load_flow_text

HEAD = """\
id: demo
version: 1
title: Demo
description: A demo flow.
category: other
languages: [en]
estimated_minutes: 5
source: flowspec tests
"""
HEAD_LINES = HEAD.count("\n")

# A two-language flow that uses every step type, a block, params, templates and HTML.
VALID_FLOW = """\
# yaml-language-server: $schema=../flow.schema.json
id: thought_record_demo
version: 1
title: {en: Thought record, ru: Дневник мыслей}
description:
  en: Catch a thought, weigh it, and find a kinder one.
  ru: Поймать мысль, взвесить её и найти более добрую.
category: reframing
languages: [en, ru]
estimated_minutes: 10
source: "Beck et al., Cognitive Therapy of Depression (1979)"
params:
  breath_seconds: 4
  cycles: 3
start: welcome
answer_sets:
  often:
    - {score: 0, label: {en: Never, ru: Никогда}}
    - {score: 1, label: {en: Often, ru: Часто}}
keeps:
  thoughts: {label: {en: My thoughts, ru: Мои мысли}}
scores:
  - id: worry
    label: {en: Worry, ru: Беспокойство}
    bands:
      - {min: 0, max: 0, label: {en: none, ru: нет}}
      - {min: 1, max: 1, label: {en: some, ru: есть}}
steps:
  - id: welcome
    type: message
    text: {en: "Let's <b>slow down</b> &amp; look at one moment.", ru: "Давайте <i>замедлимся</i>."}
    button: {en: "I'm ready", ru: "Я готов(а)"}
  - id: mood_before
    type: call
    block: rate_mood
  - id: worried
    type: item
    label: {en: Worry, ru: Беспокойство}
    prompt: {en: "How often did you worry?", ru: "Как часто вы беспокоились?"}
    answers: often
  - id: distress_before
    type: scale
    label: {en: Distress before, ru: Тревога до}
    prompt: {en: "How distressed do you feel?", ru: "Насколько сильна тревога?"}
    min: 0
    max: 10
    labels: {min: {en: calm, ru: спокойно}, max: {en: the worst, ru: очень сильно}}
    rating: {measure: distress, when: before}
  - id: situation
    type: text
    label: {en: Situation, ru: Ситуация}
    prompt: {en: "Where were you? (mood {mood_before.rating})", ru: "Где вы были? ({mood_before.rating})"}
    help: {en: "A sentence or two is enough.", ru: "Достаточно одного-двух предложений."}
    min_length: 3
    optional: true
    on_invalid:
      message: {en: "Please write a little more.", ru: "Напишите чуть больше."}
      max_attempts: 2
      fallback: skip
  - id: thought
    type: text
    label: {en: Thought, ru: Мысль}
    prompt: {en: "What went through your mind?", ru: "Что пришло вам в голову?"}
    append: true
  - id: another
    type: choice
    prompt: {en: "Add another thought?", ru: "Добавить ещё одну мысль?"}
    options:
      - {value: yes, label: {en: "Yes", ru: "Да"}, next: thought}
      - {value: no, label: {en: "No, go on", ru: "Нет, дальше"}}
  - id: distortions
    type: multi_choice
    prompt: {en: "Which thinking traps do you notice?", ru: "Какие ловушки мышления вы замечаете?"}
    min_selected: 0
    max_selected: 2
    options:
      - value: mind_reading
        label: {en: Mind reading, ru: Чтение мыслей}
        description: {en: "“They think I'm boring.”", ru: "«Они думают, что я скучный»."}
      - value: catastrophising
        label: {en: Catastrophising, ru: Катастрофизация}
    other:
      label: {en: "Other…", ru: "Другое…"}
      prompt: {en: "Describe it in a few words.", ru: "Опишите в нескольких словах."}
    done_label: {en: Done, ru: Готово}
  - id: breathe
    type: timer
    text: {en: "Breathe with the count.", ru: "Дышите под счёт."}
    phases:
      - {label: {en: Breathe in, ru: Вдох}, seconds: breath_seconds}
      - {label: {en: Breathe out, ru: Выдох}, seconds: 6}
    repeat: cycles
  - id: distress_after
    type: scale
    label: {en: Distress after, ru: Тревога после}
    prompt: {en: "And now?", ru: "А сейчас?"}
    min: 0
    max: 10
    labels: {min: {en: calm, ru: спокойно}, max: {en: the worst, ru: очень сильно}}
    rating: {measure: distress, when: after}
  - id: change
    type: set
    value: {subtract: [distress_after, distress_before]}
  - id: check
    type: branch
    cases:
      - when: {answer: distress_after, gte: 7}
        goto: still_high
      - when:
          all:
            - {answer: distortions, includes: mind_reading}
            - {not: {answer: situation, skipped: true}}
            - {answer: another, in: [yes, no]}
        goto: review
    else: review
  - id: still_high
    type: message
    text: {en: "Still high ({distress_after}). That's okay.", ru: "Всё ещё высоко ({distress_after})."}
    next: review
  - id: review
    type: summary
    prompt: {en: "Here is your record.", ru: "Вот ваша запись."}
    items: [situation, thought, mood_before.rating]
    confirm_label: {en: "Looks right", ru: "Всё верно"}
  - id: again
    type: choice
    prompt: {en: "Breathe once more?", ru: "Подышать ещё раз?"}
    options:
      - {value: "yes", label: {en: "Yes", ru: "Да"}, next: go_back}
      - {value: "no", label: {en: "No", ru: "Нет"}, next: keep_thought}
  - id: go_back
    type: goto
    target: breathe
  - id: keep_thought
    type: keep
    as: thoughts
    add: thought
  - id: check_in_later
    type: follow_up
    prompt: {en: "When shall we look at {thought} again?", ru: "Когда вернуться к мысли «{thought}»?"}
    flow: thought_record_demo
    note: {en: "Look at {thought} again.", ru: "Вернуться к мысли «{thought}»."}
    optional: true
  - id: done
    type: end
    outcome: completed
    text: {en: "Well done. Change: {change}.", ru: "Отлично. Изменение: {change}."}
blocks:
  rate_mood:
    title: {en: Mood, ru: Настроение}
    steps:
      - id: rating
        type: scale
        prompt: {en: "Rate your mood.", ru: "Оцените настроение."}
        min: 0
        max: 10
        step: 2
        labels: {min: {en: low, ru: низкое}, max: {en: high, ru: высокое}}
"""


def flow(body: str, head: str = HEAD) -> str:
    """A flow file: `head` followed by `body` (steps, blocks, params, ...), dedented."""
    return head + textwrap.dedent(body)


def load(body: str, head: str = HEAD) -> LoadResult:
    return load_flow_text(flow(body, head), "flow.yaml")


def line_of(text: str, fragment: str, head: str = HEAD) -> int:
    """The 1-based line of the file `flow(text)` that holds `fragment` (first match)."""
    for number, line in enumerate(flow(text, head).splitlines(), 1):
        if fragment in line:
            return number
    raise AssertionError(f"{fragment!r} not in the flow")


def column_of(text: str, fragment: str, head: str = HEAD) -> int:
    """The 1-based column of `fragment` on the first line of `flow(text)` that holds it."""
    line = flow(text, head).splitlines()[line_of(text, fragment, head) - 1]
    return line.index(fragment) + 1


def codes(result: LoadResult) -> list[str]:
    return [p.code for p in result.problems]


def only(result: LoadResult, code: str) -> Problem:
    """The one problem with `code`; fails (showing every problem) if there is not exactly one."""
    found = [p for p in result.problems if p.code == code]
    assert len(found) == 1, "\n".join(map(str, result.problems)) or "no problems"
    return found[0]


def problems(result: LoadResult, code: str) -> list[Problem]:
    return [p for p in result.problems if p.code == code]
