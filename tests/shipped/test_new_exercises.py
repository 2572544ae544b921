"""The pre-session check-in, behavioural experiment, problem solving and breathing space: their clinical
structure, the check-in's questionnaires kept identical to phq9.yaml and gad7.yaml, and its item-9 rule."""

from __future__ import annotations

import pytest

from bot.engine import FlowEngine
from bot.engine.effects import Ask, CrisisAnswer, PlayAudio
from bot.engine.scoring import score_values
from bot.flow_dirs import SHIPPED_FLOWS
from bot.flowspec import load_flow_file
from bot.flowspec.model import ChoiceStep, Flow, ItemStep, MessageStep, ScaleStep, TextStep, TimerStep
from bot.media_dirs import SHIPPED_MEDIA
from tests.engine.helpers import Run, ended, only


def load(flow_id: str) -> Flow:
    result = load_flow_file(SHIPPED_FLOWS / f"{flow_id}.yaml", [SHIPPED_MEDIA])
    assert result.flow is not None, [str(p) for p in result.problems]
    return result.flow


def step(flow: Flow, step_id: str):  # type: ignore[no-untyped-def]
    return next(s for s in flow.steps if s.id == step_id)


@pytest.mark.parametrize("original", ["phq9", "gad7"])
def test_the_check_in_asks_the_published_items_word_for_word(original: str) -> None:
    checkin, source = load("pre_session_checkin"), load(original)
    items = [s for s in source.steps if isinstance(s, ItemStep)]
    assert [step(checkin, s.id) for s in items] == items
    assert checkin.answer_sets == source.answer_sets
    (total,) = source.scores
    score = next(s for s in checkin.scores if s.id == original)
    assert score.items == [s.id for s in items]
    assert (score.bands, score.reliable_change) == (total.bands, total.reliable_change)
    difficulty = step(checkin, f"{original}_difficulty")
    assert difficulty.model_dump(exclude={"id"}) == step(source, "difficulty").model_dump(exclude={"id"})


def _through_questionnaires(run: Run, item_nine: str) -> list:  # type: ignore[type-arg]
    run.action("continue")
    effects: list = []  # type: ignore[type-arg]
    while run.state != "homework_done":
        ask = run.ask
        value = item_nine if ask.step_id == "self_harm" else "1"
        if isinstance(step(run.engine.flow, ask.step_id), ChoiceStep):
            value = ask.buttons[0].value
        effects += run.option(value)
    return effects


@pytest.mark.parametrize("language", ["en", "ru"])
def test_an_item_nine_answer_in_the_check_in_opens_the_crisis_path_and_ends_with_the_safety_text(
    language: str,
) -> None:
    run = Run(FlowEngine(load("pre_session_checkin")), language)
    effects = _through_questionnaires(run, item_nine="2")
    assert [(c.step_id, c.key) for c in only(effects, CrisisAnswer)] == [("self_harm", "self_harm")]
    run.option("no")
    run.text("Something came up at work every evening")
    run.text("Talk about my sister")
    end = ended(run.option("done"))
    assert run.state == "done_safety"
    assert end.scores == {"phq9": 8 + 2, "gad7": 7}
    assert run.answers["homework_obstacles"] == "Something came up at work every evening"
    assert "homework_how" not in run.answers


def test_no_crisis_answer_when_item_nine_is_not_at_all() -> None:
    run = Run(FlowEngine(load("pre_session_checkin")))
    effects = _through_questionnaires(run, item_nine="0")
    assert only(effects, CrisisAnswer) == []
    run.option("none")  # no homework was set: straight to the agenda
    assert run.ask.step_id == "agenda"
    run.text("Sleep")
    run.option("more")
    run.text("A plan for the holidays")
    end = ended(run.option("done"))
    assert run.state == "done" and end.outcome == "completed"
    assert run.answers["agenda"] == ["Sleep", "A plan for the holidays"]
    assert score_values(run.engine.flow, run.answers) == {"phq9": 8, "gad7": 7}


def test_the_check_in_is_for_linked_clients_and_its_card_shows_homework_and_agenda() -> None:
    flow = load("pre_session_checkin")
    assert flow.offered_to == "linked"
    assert "Beck" in flow.source and "Kroenke" in flow.source and "Spitzer" in flow.source
    shown = [c if isinstance(c, str) else c.step for c in flow.card or []]
    assert shown[:3] == ["homework_done", "homework_obstacles", "agenda"]


def test_behavioural_experiment_rates_belief_and_distress_before_peak_and_after() -> None:
    flow = load("behavioural_experiment")
    scales = {s.id: s for s in flow.steps if isinstance(s, ScaleStep)}
    assert {k: (s.min, s.max) for k, s in scales.items()} == {
        "belief_before": (0, 100), "belief_after": (0, 100),
        "distress_before": (0, 100), "distress_peak": (0, 100), "distress_after": (0, 100)}
    ratings = {(s.rating.measure, s.rating.when) for s in scales.values() if s.rating}
    assert ratings == {("belief", "before"), ("belief", "after"), ("distress", "before"), ("distress", "after")}
    order = [s.id for s in flow.steps]
    assert order.index("prediction") < order.index("experiment") < order.index("outcome") < order.index("learned")
    assert "Bennett-Levy" in flow.source


def test_behavioural_experiment_quotes_the_prediction_when_re_rating_it() -> None:
    run = Run(FlowEngine(load("behavioural_experiment")))
    run.action("continue")
    run.text("My voice will shake and people will laugh")
    run.option("80")
    run.text("Speak up once at Monday's meeting")
    run.action("skip")
    run.option("done")
    for value in ("60", "80", "20"):
        run.option(value)
    run.text("My voice shook a little; nobody laughed")
    run.option("partly")
    run.text("People were interested, not mocking")
    assert "My voice will shake and people will laugh" in run.ask.text
    run.option("30")
    assert run.answers["belief_before"] == 80 and run.answers["belief_after"] == 30


def test_problem_solving_weighs_options_picked_from_the_list_and_plans_the_chosen_one() -> None:
    run = Run(FlowEngine(load("problem_solving")))
    run.action("continue")
    run.text("Rent is due and I'm short of money")
    run.text("Pay the rent on time this month")
    run.text("Ask for an advance")
    run.option("more")
    run.text("Sell the old bike")
    run.option("enough")
    options = [b.label for b in run.ask.buttons if b.kind == "option"]
    assert options[:2] == ["Ask for an advance", "Sell the old bike"]
    run.option(next(b.value for b in run.ask.buttons if b.label == "Sell the old bike"))
    assert "Sell the old bike" in run.ask.text  # the pros of the option chosen
    run.text("Quick cash")
    run.text("I like it")
    run.option("no")
    assert run.ask.step_id == "chosen"
    run.option(next(b.value for b in run.ask.buttons if b.label == "Sell the old bike"))
    assert "Sell the old bike" in run.ask.text
    assert run.answers["chosen"] == "Sell the old bike"
    flow = run.engine.flow
    assert all(isinstance(step(flow, s), ChoiceStep) and step(flow, s).options_from == "option"
               for s in ("first_option", "second_option", "chosen"))
    assert "D'Zurilla" in flow.source and "Nezu" in flow.source


@pytest.mark.parametrize("language", ["en", "ru"])
def test_breathing_space_is_awareness_gathering_expanding_with_a_recording_first(language: str) -> None:
    flow = load("breathing_space")
    timers = [s.id for s in flow.steps if isinstance(s, TimerStep)]
    assert timers == ["awareness", "gathering", "expanding"]
    assert "Segal" in flow.source and "Teasdale" in flow.source
    intro = step(flow, "intro")
    assert isinstance(intro, MessageStep) and intro.audio is not None
    assert (SHIPPED_MEDIA / intro.audio.file).is_file()
    _session, effects = FlowEngine(flow).start(language, 0.0)
    assert isinstance(effects[0], PlayAudio) and isinstance(effects[1], Ask)
    assert effects[0].title == {"en": "Three-minute breathing space", "ru": "Трёхминутная передышка"}[language]
    assert effects[0].send_as == "voice" and effects[0].file == "breathing_space.ogg"


@pytest.mark.parametrize(("word", "taken"), [("calm", True), ("so-so", True), ("very tired", False),
                                             ("tired, anxious", False), ("спокойствие", True)])
def test_the_mood_check_in_takes_one_word_and_asks_kindly_for_one(word: str, taken: bool) -> None:
    flow = load("mood_checkin")
    assert isinstance(step(flow, "word"), TextStep) and step(flow, "word").max_words == 1
    run = Run(FlowEngine(flow))
    run.option("6")
    effects = run.text(word)
    if taken:
        assert run.answers["word"] == word
    else:
        assert "word" not in run.answers and run.ask.step_id == "word"
        assert any("the one that fits best" in getattr(e, "text", "") for e in effects)
