"""The terminal runner driven in-process with scripted lines: several options in one line, a pause that
really pauses, the empty-answer hint, the terminal's own words in Russian."""

from __future__ import annotations

from typing import Any

import yaml

from bot.console.clock import FastClock
from bot.console.runner import ConsoleRun, Terminal
from bot.engine import FlowEngine
from bot.flowspec.model import Flow

FLOW = """\
id: picks
version: 1
title: {en: Picks, ru: Выбор}
description: {en: A test flow., ru: Тестовый сценарий.}
category: other
languages: [en, ru]
estimated_minutes: 1
source: "A test fixture, not a clinical flow"
steps:
  - id: traps
    type: multi_choice
    label: {en: Traps, ru: Ловушки}
    prompt: {en: "Which traps?", ru: "Какие ловушки?"}
    options:
      - {value: a, label: {en: Alpha, ru: Альфа}}
      - {value: b, label: {en: Beta, ru: Бета}}
      - {value: c, label: {en: Gamma, ru: Гамма}}
  - id: way
    type: choice
    prompt: {en: "Which way?", ru: "Куда?"}
    options:
      - {value: left, label: {en: Left, ru: Налево}}
      - {value: right, label: {en: Right, ru: Направо}}
  - id: note
    type: text
    prompt: {en: "A note?", ru: "Заметка?"}
    min_length: 3
    optional: true
  - id: done
    type: end
    text: {en: "Traps: {traps}. Way: {way}. Note: {note}.", ru: "Ловушки: {traps}. Путь: {way}. Заметка: {note}."}
"""


def _flow(text: str = FLOW) -> Flow:
    data: dict[str, Any] = yaml.safe_load(text)
    return Flow.model_validate(data)


def drive(lines: list[str], language: str = "en", flow: Flow | None = None) -> str:
    """Everything the runner writes while `lines` are typed one by one; end of input after them."""
    typed = iter(lines)
    written: list[str] = []
    run = ConsoleRun(FlowEngine(flow or _flow()), Terminal(lambda: next(typed, None), written.append),
                     FastClock(), language)
    assert run.run() == 0
    return "".join(written)


def test_several_options_in_one_line_are_all_chosen_and_the_list_is_shown_once_after() -> None:
    out = drive(["1 3", "4", "1", "calm"])
    assert "Traps: Alpha, Gamma. Way: Left. Note: calm." in out
    after = out.split("1) [ ] Alpha", 1)[1]  # the list as first asked, then once more after "1 3"
    assert after.count("Which traps?") == 1
    assert "1) [x] Alpha" in after and "2) [ ] Beta" in after and "3) [x] Gamma" in after


def test_commas_separate_too_and_the_last_number_may_be_done() -> None:
    out = drive(["2, 3 4", "2", "calm"])
    assert "Traps: Beta, Gamma. Way: Right." in out


def test_a_line_of_numbers_that_do_not_all_fit_chooses_nothing_and_says_why() -> None:
    out = drive(["1 9", "4 1", "4"])
    hint = "Please type numbers from 1 to 4, with spaces between, such as 1 3; the number of a button such as " \
           "Done can only come last."
    assert out.count(hint) == 2
    assert "[x]" not in out
    assert "Please choose at least 1, then press Done." in out  # Done pressed with nothing chosen


def test_several_numbers_on_a_single_choice_are_not_a_choice() -> None:
    out = drive(["1", "4", "1 2"])
    assert "Please choose one of the options below." in out
    assert "A note?" not in out


def test_a_line_typed_while_paused_is_not_an_answer() -> None:
    out = drive(["1 4", "/pause", "1", "/resume", "2", "/pause", "xresume", "/skip", "/resume", "still calm"])
    paused = ("Paused. In the terminal, your answers are kept only while this window stays open: type /resume "
              "to carry on from the same question. After /quit, nothing is kept.")
    assert out.count(paused) == 2
    still = "The exercise is paused, so that was not taken as an answer. Type /resume to carry on, or /quit to leave."
    assert out.count(still) == 3  # "1", "xresume" and "/skip"
    assert "Way: Right. Note: still calm." in out
    assert out.index(still) < out.index("Welcome back.")


def test_an_empty_line_on_a_text_question_gets_the_empty_answer_hint() -> None:
    out = drive(["1 4", "1", "", "ab"])
    assert "The answer is empty. Please write a few words in reply to the question." in out
    assert "at least 1 character" not in out
    assert "Please write a little more (at least 3 characters)." in out


def test_the_terminals_own_words_in_russian() -> None:
    out = drive(["1 3", "1 2 9", "4", "/pause", "да", "/resume", "1", "/quit"], "ru")
    assert "Команды: /back /pause /resume /cancel /help /sos /quit" in out
    assert "(можно выбрать несколько сразу: номера через пробел, например 1 3)" in out
    assert "Пожалуйста, введите номера от 1 до 4 через пробел" in out
    assert "Пауза. В терминале ответы хранятся, только пока открыто это окно" in out
    assert "Упражнение на паузе, поэтому это не принято как ответ." in out
    assert "Остановлено. (В терминале ответы не сохраняются после выхода.)" in out


def test_the_terminal_prints_what_it_would_keep_and_schedule() -> None:
    from bot.flow_dirs import SHIPPED_FLOWS
    from bot.flowspec import load_flow_file

    flow = load_flow_file(SHIPPED_FLOWS / "activity_plan.yaml").flow
    assert flow is not None
    out = drive(["", "1", "Call my sister", "2", "1", "7", "5", "2", "3"], flow=flow)
    assert "[would keep] My activities: add Call my sister" in out
    assert "[would schedule] the exercise “Activity log” in 1 day(s) at 19:00: Time for «Call my sister»." in out
