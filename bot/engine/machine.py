"""The flow's state machine: one static `transitions.Machine` per flow, shared by every session.

Sessions are never added to it as models. Each event moves a throwaway `Cursor` with
`machine.events[name].trigger(cursor)`, which costs microseconds and leaves nothing behind. Every state's
`on_enter` is the bound method of a compiled step (never a name), so no text from a flow file can reach
the callbacks transitions resolves by name.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from transitions import Machine, State

from bot.engine.program import INITIAL
from bot.engine.steps.base import Node


def move_name(destination: str) -> str:
    return f"to {destination}"


def build_machine(nodes: Mapping[str, Node], edges: Iterable[tuple[str, str]]) -> tuple[Any, dict[str, Any]]:
    """The machine, and for each destination the event that moves there (only along declared edges:
    triggering it from any other state raises `MachineError`)."""
    unique = list(dict.fromkeys(edges))
    states = [State(INITIAL), *(State(name, on_enter=[node.on_enter]) for name, node in nodes.items())]
    machine = Machine(
        model=None,
        states=states,
        transitions=[{"trigger": move_name(dest), "source": source, "dest": dest} for source, dest in unique],
        initial=INITIAL,
        auto_transitions=False,
        send_event=True,
    )
    moves = {dest: machine.events[move_name(dest)] for _source, dest in unique}
    return machine, moves
