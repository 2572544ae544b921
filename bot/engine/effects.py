"""What the engine asks a front end to do. Texts are already in the session's language and are Telegram
HTML: author markup is validated, client text is escaped."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from bot.engine.kept import KeptChange

SayKind = Literal["message", "reprompt", "help", "notice", "stale"]
AskKind = Literal["text", "choice", "multi_choice", "scale", "button", "summary", "other_text"]


@dataclass(frozen=True, slots=True)
class Button:
    """`kind` says which event pressing it produces: OptionChosen(value) or ActionChosen(value, arg)."""

    label: str
    kind: Literal["option", "action"]
    value: str
    arg: str | None = None
    selected: bool = False


@dataclass(frozen=True, slots=True)
class Say:
    text: str
    kind: SayKind = "message"


@dataclass(frozen=True, slots=True)
class PlayAudio:
    """Send a recording of the operator's media folder (guided practice) before the step's text. `title` is
    plain text; a front end that cannot play it shows the title."""

    step_id: str
    file: str  # a file name in the media folder
    title: str
    send_as: Literal["voice", "audio"]


@dataclass(frozen=True, slots=True)
class Ask:
    step_id: str
    seq: int
    kind: AskKind
    text: str
    buttons: tuple[Button, ...] = ()
    accepts_text: bool = True
    previous: str | None = None  # the earlier answer, shown when the client went back to change it


@dataclass(frozen=True, slots=True)
class TimerPhase:
    label: str
    seconds: int


@dataclass(frozen=True, slots=True)
class TimerStarted:
    step_id: str
    seq: int
    phases: tuple[TimerPhase, ...]
    repeat: int
    started_at: float
    stop_button: Button


@dataclass(frozen=True, slots=True)
class TimerProgress:
    step_id: str
    seq: int
    label: str
    phase_remaining: int  # whole seconds left in this phase
    cycle: int  # 1-based
    cycles: int
    total_remaining: int


@dataclass(frozen=True, slots=True)
class AnswerRecorded:
    """An answer was accepted and stored under `key` (front ends may ignore it; storage keeps a
    transcript from it). `raw` is what the client typed or pressed."""

    step_id: str
    key: str
    value: Any
    raw: str | None


@dataclass(frozen=True, slots=True)
class AnswersDropped:
    """Answers left off the record: their steps are no longer on the client's way through the flow (an
    edit from a summary took another path). Storage notes it in the transcript, which keeps the answers."""

    keys: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class FollowUp:
    """A `follow_up` step's answer, to act on when the flow has ended: `flow_id` is to be done `in_days`
    days from the client's today, reminded at `at` (HH:MM, the client's time) with `note` (plain text)."""

    step_id: str
    flow_id: str
    in_days: int
    at: str
    note: str | None = None


@dataclass(frozen=True, slots=True)
class Ended:
    outcome: str  # "completed", "cancelled", or a flow's named early exit
    text: str | None = None
    ratings: dict[str, tuple[float | None, float | None]] = field(default_factory=dict)
    scores: dict[str, int] = field(default_factory=dict)  # score id -> sum, for a flow with `scores:`
    # Only at the flow's own end (an `end` step): what its `keep` and `follow_up` steps on the client's way ask
    # the front end to store and to schedule. Nothing is kept or scheduled for a cancelled exercise.
    kept: tuple[KeptChange, ...] = ()
    follow_ups: tuple[FollowUp, ...] = ()


@dataclass(frozen=True, slots=True)
class Paused:
    text: str


@dataclass(frozen=True, slots=True)
class CrisisAnswer:
    """A questionnaire item was answered in a way its crisis rule names (PHQ-9 item 9 above 0): the front end
    opens the crisis path and alerts the linked therapist, never with the answer. The flow goes on."""

    step_id: str
    key: str


@dataclass(frozen=True, slots=True)
class SosRequested:
    """The client asked for crisis help. The session is unchanged and continues where it was."""


Effect = (
    Say | PlayAudio | Ask | TimerStarted | TimerProgress | AnswerRecorded | AnswersDropped | Ended | Paused
    | SosRequested | CrisisAnswer
)
