"""Lists kept across exercises (`keep`, `options_from: {kept: …}`, `{kept.name}`) and `follow_up` steps."""

from __future__ import annotations

from bot.engine import FlowEngine
from bot.engine.effects import Ended, FollowUp
from bot.engine.kept import KeptChange, apply_change
from bot.engine.session import Session
from bot.flow_dirs import SHIPPED_FLOWS
from bot.flowspec import load_flow_file
from tests.engine.helpers import Run, only

GOALS = {"goals": [{"text": "Walk daily", "done": False}, {"text": "Sleep by 23:00", "done": True},
                   {"text": "Read <b>books</b>", "done": False}]}


def shipped(flow_id: str) -> FlowEngine:
    result = load_flow_file(SHIPPED_FLOWS / f"{flow_id}.yaml")
    assert result.flow is not None
    return FlowEngine(result.flow)


def ended(run: Run) -> Ended:
    return only(run.effects, Ended)[-1]


def test_a_kept_list_is_quoted_escaped_and_offers_its_open_items_only() -> None:
    run = Run(shipped("goal_review"), kept=GOALS)
    ask = run.ask
    assert "• Walk daily\n• Read &lt;b&gt;books&lt;/b&gt;" in ask.text
    assert "Sleep by 23:00" not in ask.text
    assert [b.label for b in ask.buttons] == ["Walk daily", "Read <b>books</b>", "I have no goal yet", "Another goal"]
    run.option(ask.buttons[0].value)
    assert run.answers["goal"] == "Walk daily"


def test_marking_a_goal_done_is_handed_over_at_the_end_once_even_after_going_back() -> None:
    run = Run(shipped("goal_review"), kept=GOALS)
    run.option(run.ask.buttons[0].value)
    run.option("6")
    run.text("Mornings")
    run.command("back")
    run.text("Mornings, before work")
    assert not only(run.effects, Ended)
    run.option("yes")
    assert ended(run).kept == (KeptChange("goals", "done", ("Walk daily",)),)
    after = apply_change(GOALS["goals"], ended(run).kept[0])
    assert [i["done"] for i in after] == [True, True, False]


def test_not_reaching_the_keep_step_keeps_nothing_and_cancelling_keeps_nothing() -> None:
    run = Run(shipped("goal_review"), kept=GOALS)
    run.option(run.ask.buttons[0].value)
    run.option("3")
    run.action("skip")
    run.option("no")
    run.text("Walk on Saturday")
    assert ended(run).outcome == "completed" and ended(run).kept == ()
    run = Run(shipped("smart_goal"))
    run.text("Be fitter")
    run.command("cancel")
    assert ended(run).kept == () and ended(run).follow_ups == ()


def test_with_nothing_kept_the_review_offers_only_its_fixed_option_and_own_words() -> None:
    run = Run(shipped("goal_review"))
    assert "—" in run.ask.text
    assert [b.value for b in run.ask.buttons] == ["no_goal", "other"]


def smart_goal_until_follow_up(language: str = "en") -> Run:
    run = Run(shipped("smart_goal"), language)
    for answer in ("Be fitter", "Walk 20 minutes", "3 times a week", "Energy", "End of March"):
        run.text(answer)
    run.option("8")
    run.text("Walk 20 minutes three times a week")
    run.action("confirm")
    assert run.state == "check_back"
    return run


def test_a_follow_up_asks_a_day_then_a_time_and_is_handed_over_with_the_kept_goal() -> None:
    run = smart_goal_until_follow_up()
    days = run.ask.buttons
    assert [b.label for b in days][:3] == ["Today", "Tomorrow", "In 2 days"]
    assert days[-1].value == "skip"
    run.option("day:2")
    assert [b.label for b in run.ask.buttons] == ["09:00", "13:00", "19:00", "21:00"]
    run.option("day:3", seq=run.session.seq - 1)  # the day's buttons are out of date now
    assert run.state == "check_back" and run.session.draft == {"in_days": 2}
    run.text("25:00")
    assert run.session.draft == {"in_days": 2}
    run.command("back")  # back to the days
    assert run.session.draft == {}
    run.option("day:4")
    run.text("18.30")
    end = ended(run)
    assert end.follow_ups == (FollowUp("check_back", "goal_review", 4, "18:30",
                                       "Time to look at how your goal is going."),)
    assert end.kept == (KeptChange("goals", "add", ("Walk 20 minutes three times a week",)),)


def test_no_reminder_schedules_nothing_and_the_answer_reads_in_russian() -> None:
    run = smart_goal_until_follow_up()
    run.action("skip")
    assert ended(run).follow_ups == ()
    run = smart_goal_until_follow_up("ru")
    run.option("day:1")
    run.option("time:19:00")
    assert run.engine.answer_text(run.session, "check_back") == "Завтра, 19:00"


def test_the_kept_lists_survive_a_session_round_trip_and_old_sessions_read_none() -> None:
    run = Run(shipped("goal_review"), kept=GOALS)
    restored = Session.from_json(run.session.to_json())
    assert restored.kept == GOALS
    data = run.session.to_json().replace('"format":3', '"format":2').replace(',"kept":' + '{', ',"_k":{')
    assert Session.from_json(data.replace('"_k":', '"kept":')).kept == GOALS


def test_adding_twice_keeps_one_and_replace_renews_the_list() -> None:
    items = apply_change([], KeptChange("a", "add", ("x", "y")))
    items = apply_change(items, KeptChange("a", "add", ("x",)))
    assert [i["text"] for i in items] == ["x", "y"]
    assert apply_change(items, KeptChange("a", "replace", ("z",))) == [{"text": "z", "done": False}]
