"""The engine runs on one static `transitions.Machine` per flow, moving only along declared edges."""

from __future__ import annotations

import pytest
from transitions import MachineError

from bot.engine.compiler import compile_flow
from bot.engine.cursor import Cursor
from bot.engine.machine import move_name
from bot.engine.program import INITIAL
from bot.engine.session import Session
from tests.engine.helpers import Run, engine_for, flow_from

FLOW = """
steps:
  - id: first
    type: text
    prompt: "First?"
  - id: choose
    type: choice
    prompt: "Again?"
    options:
      - {value: "yes", label: "Yes", next: first}
      - {value: "no", label: "No"}
  - id: rate
    type: call
    block: rating
  - id: done
    type: end
blocks:
  rating:
    steps:
      - id: level
        type: scale
        prompt: "Level?"
        min: 0
        max: 3
"""


def test_one_machine_per_flow_with_a_state_per_inlined_step_and_no_models() -> None:
    program = compile_flow(flow_from(FLOW))
    machine = program.machine
    assert list(machine.states) == [INITIAL, "first", "choose", "rate", "rate/level", "done"]
    assert machine.models == []
    engine = engine_for(FLOW)
    for _ in range(3):
        Run(engine).text("x")
    assert engine._program.machine.models == []


def test_every_state_enters_through_a_python_callable_never_a_name() -> None:
    machine = compile_flow(flow_from(FLOW)).machine
    for name, state in machine.states.items():
        assert all(callable(callback) and not isinstance(callback, str) for callback in state.on_enter), name


def test_the_edges_are_the_flows_graph() -> None:
    machine = compile_flow(flow_from(FLOW)).machine
    edges = {(t.source, t.dest) for event in machine.events.values() for ts in event.transitions.values()
             for t in ts}
    assert edges == {
        (INITIAL, "first"),
        ("first", "choose"),
        ("choose", "first"),
        ("choose", "rate"),
        ("rate", "rate/level"),
        ("rate", "done"),  # the call's own `next` edge, from the flow graph
        ("rate/level", "done"),
    }


def test_a_move_along_an_undeclared_edge_is_refused() -> None:
    program = compile_flow(flow_from(FLOW))
    session = Session("test_flow", 1, "en", "first", 0.0, 0.0, 0.0)
    cursor = Cursor(session, program, 1.0)
    with pytest.raises(MachineError):
        program.moves["done"].trigger(cursor)
    assert session.state == "first"
    assert program.machine.events[move_name("choose")].trigger(cursor)
    assert session.state == "choose"
