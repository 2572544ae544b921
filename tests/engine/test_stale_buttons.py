from __future__ import annotations

import pytest

from bot.engine.events import ActionName
from tests.engine.helpers import Run, engine_for, says

FLOW = """
steps:
  - id: first
    type: choice
    prompt: "First?"
    options:
      - {value: a, label: "A"}
      - {value: b, label: "B"}
  - id: second
    type: choice
    prompt: "Second?"
    options:
      - {value: c, label: "C"}
      - {value: d, label: "D"}
  - id: done
    type: end
"""


def test_a_button_from_an_earlier_question_is_stale() -> None:
    run = Run(engine_for(FLOW))
    run.option("a")
    before = run.session.to_json()
    effects = run.option("b", seq=1)
    assert says(effects) == ["That button belongs to an earlier question. Here is where we are now:"]
    assert run.ask.step_id == "second"
    assert run.ask.seq == 2
    assert run.answers == {"first": "a"}
    assert run.session.to_json() == before.replace('"updated_at":1001', '"updated_at":1002')


@pytest.mark.parametrize("value", ["c", "zzz", "", "a" * 1000])
def test_a_forged_option_is_stale(value: str) -> None:
    run = Run(engine_for(FLOW))
    effects = run.option(value)
    assert says(effects, "stale")
    assert run.answers == {}
    assert run.ask.step_id == "first"


@pytest.mark.parametrize("action", ["done", "skip", "other", "continue", "stop", "confirm", "edit", "bogus"])
def test_an_action_the_step_does_not_have_is_stale(action: ActionName) -> None:
    run = Run(engine_for(FLOW))
    effects = run.action(action, arg="first")
    assert says(effects, "stale")
    assert run.answers == {}


def test_a_button_from_the_future_is_stale() -> None:
    run = Run(engine_for(FLOW))
    effects = run.option("a", seq=99)
    assert says(effects, "stale")
    assert run.answers == {}
