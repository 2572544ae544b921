"""The clinical review's fixes to the shipped flows (issue 12 §4), walked in both languages."""

from __future__ import annotations

import re

import pytest

from bot.engine import FlowEngine
from bot.engine.effects import TimerStarted
from bot.flow_dirs import SHIPPED_FLOWS
from bot.flowspec import load_flow_file
from bot.flowspec.model import Flow, TimerStep
from tests.engine.helpers import Run, ended, only, says

LANGUAGES = ["en", "ru"]


def load(flow_id: str) -> Flow:
    flow = load_flow_file(SHIPPED_FLOWS / f"{flow_id}.yaml").flow
    assert flow is not None
    return flow


def run_of(flow_id: str, language: str) -> Run:
    return Run(FlowEngine(load(flow_id)), language)


def step(flow: Flow, step_id: str):  # type: ignore[no-untyped-def]
    return next(s for s in flow.steps if s.id == step_id)


# --- thought record --------------------------------------------------------------------------------------

def thought_record_to_review(language: str, moods: list[tuple[str, str, str]], hot_after: str = "50") -> Run:
    """Moods as (name, before, after); up to three."""
    run = run_of("thought_record", language)
    run.option("start")
    run.text("Tuesday, 8 pm, a message from my boss")
    for index, (name, before, _) in enumerate(moods):
        run.text(name)
        run.option(before)
        assert index < 2 or run.state == "automatic_thought"
    if len(moods) < 3:
        assert run.state == f"mood_{len(moods) + 1}_name"
        run.action("skip")
    run.text("I'm going to be fired")
    run.option("no")
    run.text("I'm going to be fired")
    assert run.state == "hot_belief"
    run.option("90")
    run.action("done")
    run.text("He wrote “urgent”")
    run.text("My last review was good")
    run.text("He is busy, and he trusts me")
    run.option("70")
    assert run.state == "hot_belief_after"
    assert "<blockquote>I'm going to be fired</blockquote>" in run.ask.text
    run.option(hot_after)
    for name, _, after in moods:
        assert f"<b>{name}</b>" in run.ask.text
        run.option(after)
    assert run.state == "review"
    return run


@pytest.mark.parametrize("language", LANGUAGES)
def test_thought_record_rates_each_of_three_moods_before_and_after(language: str) -> None:
    moods = [("anxious", "80", "40"), ("ashamed", "60", "30"), ("angry", "30", "30")]
    run = thought_record_to_review(language, moods)
    review = run.ask.text
    for name, _, _ in moods:
        assert name in review
    effects = run.action("confirm")
    assert says(effects)[:3] == ["<b>anxious: 80 → 40</b>", "<b>ashamed: 60 → 30</b>", "<b>angry: 30 → 30</b>"]
    end = ended(effects)
    assert end.ratings == {"mood": (80, 40), "mood_2": (60, 30), "mood_3": (30, 30), "belief": (90, 50)}
    assert run.state == "done_eased"


@pytest.mark.parametrize(("language", "kind_words"), [
    ("en", "doesn't mean you did anything wrong"),
    ("ru", "не значит, что вы что-то сделали не так"),
])
def test_thought_record_ending_for_a_stronger_mood_is_not_a_failure(language: str, kind_words: str) -> None:
    run = thought_record_to_review(language, [("sad", "50", "70")])
    effects = run.action("confirm")
    assert run.state == "done_stronger"
    text = ended(effects).text or ""
    assert kind_words in text and "/sos" in text
    assert not re.search(r"fail|didn't work|неудач|не получилось|провал", text, re.I)


@pytest.mark.parametrize("language", LANGUAGES)
def test_thought_record_ending_for_an_unchanged_mood(language: str) -> None:
    run = thought_record_to_review(language, [("sad", "50", "50"), ("tired", "40", "60")])
    effects = run.action("confirm")
    assert run.state == "done_same"
    assert says(effects)[:2] == ["<b>sad: 50 → 50</b>", "<b>tired: 40 → 60</b>"]


def test_the_review_leaves_out_a_mood_never_asked_and_shows_a_skipped_one_as_a_dash() -> None:
    run = thought_record_to_review("en", [("sad", "50", "30")])
    review = run.ask.text
    assert "Second mood: —" in review
    assert "Third mood" not in review and "Second mood before" not in review


def test_thought_record_rates_belief_in_the_hot_thought_and_its_card_shows_it() -> None:
    flow = load("thought_record")
    hot = step(flow, "hot_belief")
    assert (hot.rating.measure, hot.rating.when) == ("belief", "before")
    assert (step(flow, "hot_belief_after").rating.when) == "after"
    card_steps = [c if isinstance(c, str) else c.step for c in flow.card or []]
    assert card_steps[:4] == ["situation", "mood_name", "mood_2_name", "mood_3_name"]
    assert "hot_thought" in card_steps


# --- quick reframe ---------------------------------------------------------------------------------------

def quick_reframe_to_traps(language: str) -> Run:
    run = run_of("quick_reframe", language)
    run.text("My friend is moving abroad and I'll see her less")
    run.option("80")
    assert run.state == "distortions"
    return run


@pytest.mark.parametrize("language", LANGUAGES)
def test_quick_reframe_no_trap_and_an_accurate_thought_leads_to_a_next_step(language: str) -> None:
    run = quick_reframe_to_traps(language)
    run.action("done")  # no trap fits: allowed
    assert run.state == "fits_facts"
    run.option("accurate")
    run.option("act")
    assert run.state == "next_step"
    effects = run.text("Plan a video call with her every Sunday")
    assert run.state == "done_step"
    assert "Plan a video call with her every Sunday" in (ended(effects).text or "")
    assert ended(effects).ratings == {"belief": (80, None)}


@pytest.mark.parametrize("language", LANGUAGES)
def test_quick_reframe_accurate_thought_out_of_ones_hands_leads_to_acceptance(language: str) -> None:
    run = quick_reframe_to_traps(language)
    run.action("done")
    run.option("accurate")
    run.option("accept")
    assert run.state == "acceptance"
    effects = run.text("This is sad, and I can miss her and still enjoy my days")
    assert run.state == "done_accept"
    assert "/sos" in (ended(effects).text or "")


@pytest.mark.parametrize("language", LANGUAGES)
def test_quick_reframe_not_sure_weighs_the_thought_and_a_trap_goes_straight_to_the_challenge(language: str) -> None:
    unsure = quick_reframe_to_traps(language)
    unsure.action("done")
    unsure.option("unsure")
    assert unsure.state == "challenge"
    trapped = quick_reframe_to_traps(language)
    trapped.option("jumping_to_conclusions")
    trapped.action("done")
    assert trapped.state == "challenge"
    trapped.text("I can't know that")
    trapped.text("We'll see each other less, and we can stay close")
    effects = trapped.option("40")
    assert trapped.state == "done"
    heading = {"en": "<b>Belief in the thought: 80 → 40</b>", "ru": "<b>Уверенность в мысли: 80 → 40</b>"}
    assert (ended(effects).text or "").startswith(heading[language])


def test_quick_reframe_russian_labels_say_uverennost_v_mysli() -> None:
    flow = load("quick_reframe")
    assert step(flow, "belief_before").label["ru"] == "Уверенность в мысли до"
    assert step(flow, "belief_after").label["ru"] == "Уверенность в мысли после"


# --- DEAR MAN --------------------------------------------------------------------------------------------

def dear_man_to_aim(language: str) -> Run:
    run = run_of("dear_man", language)
    run.option("prepare")
    assert run.state == "safety"
    run.option("safe")
    assert run.state == "aim"
    return run


@pytest.mark.parametrize("language", LANGUAGES)
def test_dear_man_puts_safety_first_when_the_other_person_might_be_dangerous(language: str) -> None:
    run = run_of("dear_man", language)
    run.option("prepare")
    effects = run.option("unsafe")
    end = ended(effects)
    assert (run.state, end.outcome) == ("safety_first", "safety_first")
    assert "/sos" in (end.text or "")
    assert not any(s for s in says(effects) if "script" in s.lower() and "<b>" in s)


@pytest.mark.parametrize(("language", "heading", "say_no"), [
    ("en", "<b>Your script for saying no</b>", "<b>Say no</b>\nNo, I can't lend you money this time."),
    ("ru", "<b>Ваш сценарий отказа</b>", "<b>Отказать</b>\nNo, I can't lend you money this time."),
])
def test_dear_man_builds_a_script_for_saying_no(language: str, heading: str, say_no: str) -> None:
    run = dear_man_to_aim(language)
    run.option("say_no")
    run.text("Say no to lending my brother money again")
    run.text("my brother")
    run.option("3")
    run.text("You've asked me to lend you money again.")
    run.text("I feel uneasy, because the last loan isn't paid back.")
    assert run.state == "assert_no"
    run.text("No, I can't lend you money this time.")
    assert run.state == "reinforce_no"
    run.text("Thank you for understanding.")
    run.text("I hear you, and my answer is still no.")
    run.option("steady_voice")
    run.action("done")
    effects = run.action("skip")  # no offer: a firm no
    script = next(s for s in says(effects) if s.startswith(heading))
    assert say_no in script
    assert run.state == "script_check"
    run.option("ready")
    run.option("7")
    assert run.state == "when_talk"
    effects = run.text("Friday evening")
    assert run.state == "done"
    assert ended(effects).ratings == {"confidence": (3, 7)}


def test_dear_man_asking_still_builds_the_asking_script() -> None:
    run = dear_man_to_aim("en")
    run.option("ask")
    for answer in ("Saturdays off", "my manager"):
        run.text(answer)
    run.option("4")
    run.text("You've asked me to work the last three Saturdays.")
    run.text("I feel worn out.")
    assert run.state == "assert"
    run.text("I'd like my Saturdays off this month.")
    run.text("I'll work better in the week.")
    run.text("I understand, and I still can't work this Saturday.")
    run.option("posture")
    run.action("done")
    effects = run.text("One Saturday a month")
    script = next(s for s in says(effects) if s.startswith("<b>Your script</b>"))
    assert "<b>Assert</b>\nI'd like my Saturdays off this month." in script
    run.option("change")
    assert run.state == "review"
    effects = run.action("confirm")
    assert any(s.startswith("<b>Your script</b>") for s in says(effects))


@pytest.mark.parametrize("language", LANGUAGES)
def test_dear_man_records_how_the_real_conversation_went(language: str) -> None:
    run = run_of("dear_man", language)
    run.option("debrief")
    run.text("Talked to my manager on Friday; she agreed to two Saturdays off")
    run.option("partly")
    run.option("same")
    assert run.state == "debrief_self_respect"
    run.option("8")
    effects = run.text("I kept it short; next time I'd ask earlier in the week")
    assert (run.state, ended(effects).outcome) == ("done_debrief", "completed")
    assert run.answers["debrief_objective"] == "partly"


def test_dear_man_debrief_before_the_conversation_ends_not_now() -> None:
    run = run_of("dear_man", "en")
    run.option("debrief")
    run.text("Nothing yet")
    effects = run.option("not_yet")
    assert (run.state, ended(effects).outcome) == ("done_not_yet", "not_now")


def test_dear_man_ending_says_how_to_note_the_real_conversation() -> None:
    done = step(load("dear_man"), "done")
    assert "Note how it went" in done.text["en"]
    assert "Записать, как всё прошло" in done.text["ru"]


# --- relaxation ------------------------------------------------------------------------------------------

def test_pmr_curls_the_toes_upward_and_releases_for_30_to_40_seconds() -> None:
    flow = load("progressive_muscle_relaxation")
    feet = step(flow, "feet")
    assert "toes up" in feet.text["en"] and "down" in feet.text["en"]
    assert "вверх" in feet.text["ru"]
    assert 30 <= flow.params["release_seconds"] <= 40
    assert 5 <= flow.params["tense_seconds"] <= 10
    assert "30–40 s" in flow.source and "Bernstein" in flow.source
    timers = [s for s in flow.steps if isinstance(s, TimerStep)]
    assert all(t.phases[1].seconds == "release_seconds" for t in timers)


def test_grounding_attribution_and_wording() -> None:
    flow = load("grounding_54321")
    assert "not itself a skill of the DBT manual" in flow.source
    assert "Rochester" in flow.source and "2018" in flow.source
    texts = str([s.model_dump() for s in flow.steps])
    assert "come back to your senses" not in texts


@pytest.mark.parametrize(("language", "belly"), [("en", "belly"), ("ru", "животом")])
def test_box_breathing_asks_for_slow_belly_breathing_and_offers_a_gentle_pattern(language: str, belly: str) -> None:
    run = run_of("box_breathing", language)
    assert belly in says(run.effects)[0]  # the introduction
    assert run.state == "pattern"
    run.option("gentle")
    effects = run.option("6")
    (timer,) = only(effects, TimerStarted)
    assert run.state == "breathe_gentle"
    assert any(belly in said for said in says(effects))
    assert len(timer.phases) == 2
    run.tick(10_000)
    assert run.state == "another_round_gentle"
    run.option("done")
    effects = run.option("3")
    assert ended(effects).ratings == {"distress": (6, 3)}


def test_box_breathing_can_switch_to_the_gentle_pattern_after_a_round() -> None:
    run = run_of("box_breathing", "en")
    run.option("box")
    effects = run.option("7")
    (timer,) = only(effects, TimerStarted)
    assert run.state == "breathe" and len(timer.phases) == 4 and any("belly" in said for said in says(effects))
    run.tick(10_000)
    assert run.state == "another_round"
    run.option("gentle")
    assert run.state == "breathe_gentle"


# --- Russian wording -------------------------------------------------------------------------------------

@pytest.mark.parametrize("path", sorted(SHIPPED_FLOWS.glob("*.yaml")), ids=lambda p: p.stem)
def test_russian_wording_of_the_review(path) -> None:  # type: ignore[no-untyped-def]
    text = path.read_text(encoding="utf-8")
    assert "Вера" not in text and "вера\"" not in text
    assert "через силу" not in text
