"""Every shipped exercise loads cleanly, follows its clinical structure, and can be walked to every end."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from bot.engine import FlowEngine
from bot.engine.effects import Ask, Say, TimerStarted
from bot.engine.events import ActionChosen, OptionChosen
from bot.flow_dirs import SHIPPED_FLOWS
from bot.flowspec import load_catalogue, load_flow_file
from bot.flowspec.model import Flow, MultiChoiceStep, ScaleStep, TextStep, TimerStep
from tests.engine.helpers import Run, recorded
from tests.support.walker import current_prompt, end_states, explore

EXPECTED = {
    "thought_record": "reframing",
    "quick_reframe": "reframing",
    "box_breathing": "relaxation",
    "progressive_muscle_relaxation": "relaxation",
    "grounding_54321": "relaxation",
    "dear_man": "boundaries",
    "phq9": "measures",
    "phq8": "measures",
    "gad7": "measures",
    "mood_checkin": "measures",
    "pre_session_checkin": "measures",
    "breathing_space": "relaxation",
    "behavioural_experiment": "reframing",
    "problem_solving": "other",
    "smart_goal": "other",
    "goal_review": "other",
    "relapse_plan": "other",
    "activity_plan": "other",
    "activity_log": "other",
}
# What a client who has done the goal and activity exercises keeps (flows that read kept lists offer these)
KEPT = {"goals": [{"text": "Walk for 20 minutes three times a week", "done": False}],
        "activities": [{"text": "Call my sister", "done": False}, {"text": "Old item", "done": True}]}
FILES = sorted(SHIPPED_FLOWS.glob("*.yaml"))


def load(flow_id: str) -> Flow:
    result = load_flow_file(SHIPPED_FLOWS / f"{flow_id}.yaml")
    assert result.flow is not None, [str(p) for p in result.problems]
    return result.flow


def test_the_shipped_catalogue_is_complete_and_clean() -> None:
    catalogue = load_catalogue([SHIPPED_FLOWS])
    assert [str(p) for p in catalogue.problems] == []
    assert {fid: f.category for fid, f in catalogue.flows.items()} == EXPECTED


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_each_flow_is_bilingual_and_cites_a_source(path: Path) -> None:
    result = load_flow_file(path)
    assert result.problems == []
    assert result.flow is not None
    assert result.flow.languages == ["en", "ru"]
    assert len(result.flow.source) > 20


@pytest.mark.parametrize("language", ["en", "ru"])
@pytest.mark.parametrize("flow_id", sorted(EXPECTED))
def test_every_end_can_be_reached(flow_id: str, language: str) -> None:
    flow = load(flow_id)
    exploration = explore(FlowEngine(flow), language, kept=KEPT)
    assert set(exploration.ends) == end_states(flow)


def test_validate_command_passes_on_the_shipped_flows() -> None:
    run = subprocess.run([sys.executable, "-m", "bot.cli", "flows", "validate", str(SHIPPED_FLOWS)],
                         capture_output=True, text=True, timeout=60, check=False)
    assert run.returncode == 0, run.stderr
    assert f"{len(EXPECTED)} flow(s) valid, 0 error(s), 0 warning(s)" in run.stdout


# --- the clinical structure (../shared/guide/clinical.md) ------------------------------------------

def steps_of(flow: Flow, kind: type) -> list:
    return [s for s in flow.steps if isinstance(s, kind)]


def ratings(flow: Flow) -> set[tuple[str, str]]:
    return {(s.rating.measure, s.rating.when) for s in steps_of(flow, ScaleStep) if s.rating}


def test_thought_record_rerates_moods_and_shows_the_hot_thought_while_weighing_evidence() -> None:
    flow = load("thought_record")
    assert ratings(flow) >= {("mood", "before"), ("mood", "after")}
    by_id = {s.id: s for s in flow.steps}
    for evidence in ("evidence_for", "evidence_against"):
        step = by_id[evidence]
        assert isinstance(step, TextStep)
        for language in ("en", "ru"):
            assert "{hot_thought}" in step.prompt[language]  # type: ignore[index]
    assert any(isinstance(s, TextStep) and s.append for s in flow.steps), "several automatic thoughts"


@pytest.mark.parametrize(("language", "own_words", "traps"), [
    ("en", "Write it differently", "Thinking traps: Jumping to conclusions, Labeling"),
    ("ru", "Записать по-другому", "Ловушки мышления: Поспешные выводы, Навешивание ярлыков"),
])
def test_thought_record_picks_the_hot_thought_from_the_automatic_thoughts_and_summarises_them(
    language: str, own_words: str, traps: str
) -> None:
    run = Run(FlowEngine(load("thought_record")), language)
    run.option("start")
    run.text("Tuesday, at home, a message from my boss")
    run.text("anxious")
    run.option("80")
    run.action("skip")  # one mood only
    thoughts = ["I'm going to be fired", "I always mess up & everyone sees it"]
    run.text(thoughts[0])
    run.option("yes")
    run.text(thoughts[1])
    run.option("no")
    ask = run.ask
    assert (ask.step_id, ask.kind) == ("hot_thought", "choice")
    assert [b.label for b in ask.buttons] == [*thoughts, own_words]
    assert ask.buttons[-1].kind == "action"
    assert recorded(run.option(ask.buttons[1].value)) == {"hot_thought": thoughts[1]}
    assert "<blockquote>I always mess up &amp; everyone sees it</blockquote>" in run.ask.text
    assert run.state == "hot_belief"
    run.option("90")
    run.option("jumping_to_conclusions")
    run.option("labeling")
    run.action("done")
    for answer in ("He wrote “urgent”", "My last review was good", "He is busy, and he trusts me"):
        run.text(answer)
    run.option("70")
    run.option("60")
    run.option("40")
    summary = run.ask
    assert summary.step_id == "review"
    assert "• I'm going to be fired\n• I always mess up &amp; everyone sees it" in summary.text
    assert traps in summary.text


def test_thought_record_lets_the_hot_thought_be_written_in_other_words() -> None:
    run = Run(FlowEngine(load("thought_record")), "ru")
    for event in ("start", "Вторник, дома", "тревога", "80", "skip", "Меня уволят", "no"):
        if event == "skip":
            run.action("skip")
        else:
            run.option(event) if event in ("start", "80", "no") else run.text(event)
    run.action("other")
    assert run.ask.kind == "other_text"
    assert recorded(run.text("Меня уволят, и я больше не найду работу")) == {
        "hot_thought": "Меня уволят, и я больше не найду работу"}
    assert run.state == "hot_belief"
    assert "Насколько вы сейчас уверены, что эта мысль верна" in run.ask.text


@pytest.mark.parametrize("flow_id", ["thought_record", "quick_reframe"])
def test_reframing_flows_offer_burns_ten_distortions_with_examples(flow_id: str) -> None:
    (distortions,) = steps_of(load(flow_id), MultiChoiceStep)
    assert len(distortions.options) == 10
    assert all(o.description for o in distortions.options)
    assert distortions.other is not None


def test_box_breathing_is_four_equal_phases_with_distress_before_and_after() -> None:
    flow = load("box_breathing")
    box, gentle = steps_of(flow, TimerStep)
    seconds = {flow.params.get(str(p.seconds), p.seconds) for p in box.phases}
    assert len(box.phases) == 4 and seconds == {4}
    assert ratings(flow) == {("distress", "before"), ("distress", "after")}
    # the gentler pattern: in and out, no hold (NHS: a count of 5 each, without pausing)
    assert [p.label["en"] for p in gentle.phases] == ["Breathe in", "Breathe out"]  # type: ignore[index]
    assert {flow.params.get(str(p.seconds), p.seconds) for p in gentle.phases} == {5}


def test_pmr_tenses_and_releases_seven_muscle_groups_after_a_medical_caution() -> None:
    flow = load("progressive_muscle_relaxation")
    timers = steps_of(flow, TimerStep)
    assert len(timers) == 7
    assert all(len(t.phases) == 2 for t in timers)
    assert "doctor" in str(flow.steps[1].model_dump()).lower()


def test_grounding_asks_five_four_three_two_one() -> None:
    texts = steps_of(load("grounding_54321"), TextStep)
    assert [t.id for t in texts] == ["see", "touch", "hear", "smell", "taste"]


def test_dear_man_builds_the_whole_script_and_rates_confidence_before_and_after() -> None:
    flow = load("dear_man")
    assert ratings(flow) == {("confidence", "before"), ("confidence", "after")}
    script = next(s for s in flow.steps if s.id == "script")
    english = script.text["en"]  # type: ignore[union-attr, index]
    for part in ("{describe}", "{express}", "{assert}", "{reinforce}", "{mindful}", "{negotiate}"):
        assert part in english


@pytest.mark.parametrize(("language", "warning"), [("en", "dizzy"), ("ru", "закружится голова")])
def test_box_breathing_warns_of_dizziness_once_before_the_timer(language: str, warning: str) -> None:
    engine = FlowEngine(load("box_breathing"))
    session, effects = engine.start(language, 1000.0)
    shown = list(effects)
    while not any(isinstance(e, TimerStarted) for e in shown):
        prompt = current_prompt(engine.prompt(session))
        assert isinstance(prompt, Ask)
        button = next(b for b in prompt.buttons)
        event = OptionChosen(prompt.seq, button.value, session.updated_at + 1) if button.kind == "option" \
            else ActionChosen(prompt.seq, button.value, session.updated_at + 1)  # type: ignore[arg-type]
        shown += engine.handle(session, event)
    texts = [e.text for e in shown if isinstance(e, Say | Ask)]
    assert sum(warning in text for text in texts) == 1, texts


def test_the_questionnaires_cite_their_sources_and_only_phq9_monitors_item_nine() -> None:
    phq9, phq8, gad7 = load("phq9"), load("phq8"), load("gad7")
    assert "Kroenke" in phq9.source and "2001" in phq9.source and "No permission required" in phq9.source
    assert "Spitzer" in gad7.source and "2006" in gad7.source and "No permission required" in gad7.source
    assert "PHQ-8" in phq8.source and "Russian" in phq8.source
    rules = {f.id: [s.id for s in f.steps if getattr(s, "crisis", None) is not None] for f in (phq9, phq8, gad7)}
    assert rules == {"phq9": ["self_harm"], "phq8": [], "gad7": []}
    assert (phq9.offered_to, phq8.offered_to, gad7.offered_to) == ("linked", "unlinked", "everyone")
    assert [b.min for b in phq9.scores[0].bands] == [0, 5, 10, 15, 20]
    assert [b.min for b in gad7.scores[0].bands] == [0, 5, 10, 15]
    assert [s.type for s in phq8.steps].count("item") == 8
