from __future__ import annotations

from bot.engine.effects import Ask, Paused, Say, SosRequested
from tests.engine.helpers import Run, ended, engine_for, only, says

FLOW = """
steps:
  - id: first
    type: text
    prompt: "First?"
    help: "Say <i>anything</i> about {second}."
  - id: second
    type: choice
    prompt: "Second?"
    options:
      - {value: a, label: "A"}
      - {value: b, label: "B"}
  - id: third
    type: text
    prompt: "Third?"
  - id: done
    type: end
"""


ENDED = "This exercise has already ended. You can start a new one from the menu."


def test_back_shows_the_previous_question_with_its_answer() -> None:
    run = Run(engine_for(FLOW))
    run.text("one")
    run.option("b")
    effects = run.command("back")
    ask = run.ask
    assert (ask.step_id, ask.previous, ask.seq) == ("second", "B", 4)
    assert run.session.history == ["first"]
    assert len(effects) == 1
    run.option("a")
    assert run.answers["second"] == "a"
    assert run.state == "third"


def test_back_at_the_first_question_says_so_and_asks_again() -> None:
    run = Run(engine_for(FLOW))
    effects = run.command("back")
    assert says(effects, "notice") == ["This is the first question, so there is nothing to go back to."]
    assert run.ask.step_id == "first"
    assert run.ask.seq == 1


def test_pause_and_resume() -> None:
    run = Run(engine_for(FLOW))
    effects = run.command("pause")
    assert run.status == "paused"
    assert only(effects, Paused)[0].text.startswith("Paused.")
    effects = run.command("resume")
    assert run.status == "active"
    assert says(effects, "notice") == ["Welcome back. Let's carry on."]
    assert run.ask.step_id == "first"
    assert run.ask.seq == 1


def test_an_answer_while_paused_resumes_and_counts() -> None:
    run = Run(engine_for(FLOW))
    run.command("pause")
    run.text("one")
    assert run.session.status == "active"
    assert run.answers == {"first": "one"}


def test_cancel_ends_the_session() -> None:
    run = Run(engine_for(FLOW))
    run.text("one")
    end = ended(run.command("cancel"))
    assert end.outcome == "cancelled"
    assert end.text is not None
    assert end.text.startswith("Exercise stopped.")
    assert (run.session.status, run.session.outcome) == ("cancelled", "cancelled")


def test_help_is_the_steps_own_or_the_general_help() -> None:
    run = Run(engine_for(FLOW))
    assert run.command("help") == [Say("Say <i>anything</i> about —.", "help")]
    run.text("one")
    (general,) = says(run.command("help"), "help")
    for word in ("/back", "/pause", "/cancel", "/sos", "not a crisis service", "automated"):
        assert word in general
    assert run.state == "second"


def test_sos_changes_nothing() -> None:
    run = Run(engine_for(FLOW))
    run.text("one")
    before = run.session.to_json()
    assert run.command("sos") == [SosRequested()]
    assert run.session.to_json() == before.replace('"updated_at":1001', '"updated_at":1002')


def test_a_finished_session_only_gets_a_notice_but_sos_still_works() -> None:
    run = Run(engine_for(FLOW))
    run.command("cancel")
    before = run.session.to_json()
    assert says(run.text("x"), "notice") == [ENDED]
    assert says(run.option("a"), "notice") == [ENDED]
    assert says(run.action("done"), "notice") == [ENDED]
    assert says(run.command("back"), "notice") == [ENDED]
    assert says(run.command("resume"), "notice") == [ENDED]
    assert run.tick(5) == []
    assert run.command("sos") == [SosRequested()]
    assert run.session.to_json() == before


def test_prompt_repeats_the_question_with_the_same_seq() -> None:
    run = Run(engine_for(FLOW))
    run.text("one")
    (ask,) = run.engine.prompt(run.session)
    assert isinstance(ask, Ask)
    assert (ask.step_id, ask.seq) == ("second", 2)
    assert run.session.seq == 2
