"""What a front end tells the engine. Every event carries its time (`at`, epoch seconds): the engine never
reads a clock itself, so tests and restarts are deterministic."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

CommandName = Literal["back", "pause", "resume", "cancel", "help", "sos"]
ActionName = Literal["done", "skip", "other", "continue", "stop", "confirm", "edit"]


@dataclass(frozen=True, slots=True)
class TextEntered:
    text: str
    at: float


@dataclass(frozen=True, slots=True)
class OptionChosen:
    """A button for an option (choice, multi_choice toggle, scale value). `seq` is the prompt it belongs
    to: a button from an older prompt is stale."""

    seq: int
    value: str
    at: float


@dataclass(frozen=True, slots=True)
class ActionChosen:
    """A control button: done (multi_choice), skip, other, continue (message button), stop (timer),
    confirm (summary), edit (summary; `arg` is the answer to change)."""

    seq: int
    action: ActionName
    at: float
    arg: str | None = None


@dataclass(frozen=True, slots=True)
class CommandIssued:
    name: CommandName
    at: float


@dataclass(frozen=True, slots=True)
class TimerTick:
    at: float


Event = TextEntered | OptionChosen | ActionChosen | CommandIssued | TimerTick
