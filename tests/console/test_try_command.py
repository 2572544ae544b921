"""`cbt-bot try` driven through stdin, as a person at a terminal would."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

FLOW = """\
id: tiny
version: 1
title: Tiny
description: A test flow.
category: other
languages: [en]
estimated_minutes: 1
source: "A test fixture, not a clinical flow"
steps:
  - id: feeling
    type: text
    label: Feeling
    prompt: "What are you feeling?"
  - id: before
    type: scale
    prompt: "How strong is <b>{feeling}</b>?"
    min: 0
    max: 10
    labels: {min: none, max: strongest}
    rating: {measure: feeling, when: before}
  - id: way
    type: choice
    prompt: "Breathe or stop?"
    options:
      - {value: "breathe", label: Breathe}
      - {value: "stop", label: Stop here, next: early}
  - id: breathe
    type: timer
    phases: [{label: In, seconds: 2}, {label: Out, seconds: 2}]
    repeat: 2
  - id: after
    type: scale
    prompt: "And now?"
    min: 0
    max: 10
    labels: {min: none, max: strongest}
    rating: {measure: feeling, when: after}
  - id: done
    type: end
    text: "Well done."
  - id: early
    type: end
    outcome: not_now
    text: "Another time."
"""


def run_try(args: list[str], typed: str, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot.cli", "try", *args],
        input=typed, capture_output=True, text=True, timeout=60, check=False,
        cwd=Path(__file__).resolve().parents[2], env={"PATH": "/usr/bin:/bin", "LANG": "C"},
    )


def test_a_flow_runs_to_the_end_with_typed_answers_numbers_and_a_fast_timer(tmp_path: Path) -> None:
    flow = tmp_path / "tiny.yaml"
    flow.write_text(FLOW, encoding="utf-8")
    run = run_try([str(flow), "--fast"], "anxious & tense\n7\n1\n3\n", tmp_path)
    assert run.returncode == 0, run.stderr
    out = run.stdout
    assert "How strong is anxious & tense?" in out  # the answer quoted back, tags stripped
    assert "1) Breathe" in out and "2) Stop here" in out
    assert out.index("In · 2 s  (1/2)") < out.index("Out · 2 s  (2/2)")
    assert "Well done." in out
    assert "feeling: 7 → 3" in out
    assert "[completed]" in out


def test_back_shows_the_earlier_answer_and_lets_it_change(tmp_path: Path) -> None:
    flow = tmp_path / "tiny.yaml"
    flow.write_text(FLOW, encoding="utf-8")
    run = run_try([str(flow), "--fast"], "sad\n/back\nlonely\n5\n2\n", tmp_path)
    assert run.returncode == 0, run.stderr
    assert "(before: sad)" in run.stdout
    assert "How strong is lonely?" in run.stdout
    assert "Another time." in run.stdout and "[ended early]" in run.stdout


def test_sos_shows_resources_and_the_question_again(tmp_path: Path) -> None:
    flow = tmp_path / "tiny.yaml"
    flow.write_text(FLOW, encoding="utf-8")
    run = run_try([str(flow)], "/sos\n", tmp_path)
    assert run.returncode == 0
    after_sos = run.stdout.split("not a crisis service", 1)[1]
    assert "findahelpline.com" in after_sos
    assert "What are you feeling?" in after_sos


def test_end_of_input_stops_cleanly(tmp_path: Path) -> None:
    flow = tmp_path / "tiny.yaml"
    flow.write_text(FLOW, encoding="utf-8")
    run = run_try([str(flow)], "", tmp_path)
    assert run.returncode == 0
    assert "Stopped." in run.stdout
    assert "Traceback" not in run.stderr


def test_a_shipped_flow_in_russian(tmp_path: Path) -> None:
    answers = "1\n4\n" + "".join(f"{w}\n" for w in ("лампа", "стол", "часы", "кофе", "мята")) + "2\n"
    run = run_try(["grounding_54321", "--lang", "ru", "--fast"], answers, tmp_path)
    assert run.returncode == 0, run.stderr
    assert "[упражнение пройдено]" in run.stdout
    assert "Напряжение: 4 → 2" in run.stdout


def test_an_invalid_flow_is_refused_with_its_errors(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text(FLOW.replace("next: early", "next: nowhere"), encoding="utf-8")
    run = run_try([str(broken)], "", tmp_path)
    assert run.returncode == 1
    assert f"{broken}:" in run.stderr and "[unknown-step]" in run.stderr and "nowhere" in run.stderr


def test_an_unknown_flow_id_lists_the_known_ones(tmp_path: Path) -> None:
    run = run_try(["no_such_flow"], "", tmp_path)
    assert run.returncode == 1
    assert "no flow 'no_such_flow'" in run.stderr and "thought_record" in run.stderr


def test_a_language_the_flow_is_not_written_in_is_refused_naming_its_languages(tmp_path: Path) -> None:
    run = run_try(["grounding_54321", "--lang", "de"], "", tmp_path)
    assert run.returncode == 2
    assert run.stdout == ""
    assert "'de'" in run.stderr and "en, ru" in run.stderr
    assert "Traceback" not in run.stderr


def test_the_language_is_taken_in_any_case(tmp_path: Path) -> None:
    run = run_try(["grounding_54321", "--lang", "RU"], "", tmp_path)
    assert run.returncode == 0
    assert "Заземление" in run.stdout


def test_a_recording_is_named_by_its_title_in_the_terminal(tmp_path: Path) -> None:
    # intro (button), distress 0-10, three timers, distress after, a note
    run = run_try(["breathing_space", "--fast"], "1\n6\n3\nNoticed my shoulders\n", tmp_path)
    assert run.returncode == 0, run.stderr
    recording = run.stdout.index("Recording: Three-minute breathing space")
    assert recording < run.stdout.index("This is a pause of about three minutes")
    assert "[completed]" in run.stdout
