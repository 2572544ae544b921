from __future__ import annotations

from bot.engine.effects import Button, TimerPhase, TimerProgress, TimerStarted
from tests.engine.helpers import Run, engine_for, only, recorded, restored, says

FLOW = """
params:
  breath: 4
  cycles: 2
steps:
  - id: before
    type: text
    prompt: "Ready?"
  - id: breathe
    type: timer
    text: "Follow the count."
    phases:
      - {label: "Breathe <b>in</b>", seconds: breath}
      - {label: "Hold", seconds: 2}
      - {label: "Breathe out", seconds: breath}
    repeat: cycles
  - id: after
    type: text
    prompt: "How was it?"
  - id: done
    type: end
"""


def started() -> Run:
    run = Run(engine_for(FLOW))
    run.text("yes")  # at 1001: the timer starts
    return run


def progress(run: Run, seconds_later: float) -> TimerProgress:
    (found,) = only(run.tick(seconds_later), TimerProgress)
    return found


def test_a_timer_says_its_text_and_starts_with_its_phases_resolved() -> None:
    run = started()
    assert says(run.effects) == ["Follow the count."]
    (timer,) = only(run.effects, TimerStarted)
    assert timer == TimerStarted(
        step_id="breathe",
        seq=2,
        phases=(TimerPhase("Breathe in", 4), TimerPhase("Hold", 2), TimerPhase("Breathe out", 4)),
        repeat=2,
        started_at=1001.0,
        stop_button=Button("Stop", "action", "stop"),
    )


def test_ticks_report_the_phase_and_what_is_left() -> None:
    run = started()
    assert progress(run, 0.5) == TimerProgress("breathe", 2, "Breathe in", 4, 1, 2, 20)
    assert progress(run, 3.6) == TimerProgress("breathe", 2, "Hold", 2, 1, 2, 16)
    assert progress(run, 2.0) == TimerProgress("breathe", 2, "Breathe out", 4, 1, 2, 14)
    assert progress(run, 4.0) == TimerProgress("breathe", 2, "Breathe in", 4, 2, 2, 10)
    assert progress(run, 9.0) == TimerProgress("breathe", 2, "Breathe out", 1, 2, 2, 1)


def test_the_timer_finishes_on_the_first_tick_after_its_time() -> None:
    run = started()
    effects = run.tick(25)
    assert recorded(effects) == {"breathe": {"completed": True, "seconds": 20}}
    assert run.ask.step_id == "after"
    assert run.session.history == ["before"]  # a timer is not a question to go back to
    assert run.engine.answer_text(run.session, "breathe") == "finished (20 s)"


def test_stop_ends_the_timer_early() -> None:
    run = started()
    run.tick(7.5)
    effects = run.action("stop")  # one second after the tick
    assert recorded(effects) == {"breathe": {"completed": False, "seconds": 8}}
    assert run.ask.step_id == "after"


def test_typing_during_the_timer_gets_a_notice_and_changes_nothing() -> None:
    run = started()
    before = run.session.to_json()
    effects = run.text("hello")
    assert says(effects, "notice") == ["The timer is running. Press Stop if you want to end it early."]
    assert len(effects) == 1
    assert restored(run.session).to_json() == before.replace('"updated_at":1001', '"updated_at":1002')


def test_ticks_elsewhere_do_nothing() -> None:
    run = Run(engine_for(FLOW))
    assert run.tick(100) == []
    assert run.state == "before"


def test_a_restart_mid_timer_carries_on_where_it_was() -> None:
    run = started()
    run.tick(3)
    run.session = restored(run.session)
    (again,) = only(run.engine.prompt(run.session), TimerStarted)
    assert (again.seq, again.started_at) == (2, 1001.0)
    assert progress(run, 3) == TimerProgress("breathe", 2, "Breathe out", 4, 1, 2, 14)
    assert recorded(run.tick(100)) == {"breathe": {"completed": True, "seconds": 20}}


def test_resuming_a_paused_timer_starts_the_count_again() -> None:
    run = started()
    run.tick(5)
    run.command("pause")
    assert run.tick(60) == []  # no count-down while paused
    effects = run.command("resume")
    (timer,) = only(effects, TimerStarted)
    assert timer.started_at == run.at
    assert timer.seq == 2
    assert progress(run, 1).total_remaining == 19


def test_a_stale_stop_button_does_not_stop_the_timer() -> None:
    run = started()
    effects = run.action("stop", seq=1)
    assert says(effects, "stale")
    assert only(effects, TimerStarted)[0].seq == 2
    assert "breathe" not in run.answers
