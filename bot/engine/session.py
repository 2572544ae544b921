"""A client's progress through one flow: small, plain data that serialises to JSON and restores exactly."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

Status = Literal["active", "paused", "completed", "cancelled", "ended"]
JSON = Any  # answers are JSON values: str, int, float, list, dict, None

# 2 added `trail` and `edit_walk`; a format 1 session restores with neither and behaves as it always did.
# 3 added `kept`; an older session restores with no kept lists.
SESSION_FORMAT = 3
_READABLE_FORMATS = frozenset({1, 2, SESSION_FORMAT})


@dataclass(slots=True)
class Session:
    flow_id: str
    flow_version: int
    language: str
    state: str  # the current position; inside a called block: "call_step/block_step"
    started_at: float
    updated_at: float
    step_entered_at: float
    status: Status = "active"
    outcome: str | None = None
    answers: dict[str, JSON] = field(default_factory=dict)  # answer key ("step" or "call.step") -> value
    history: list[str] = field(default_factory=list)  # earlier question states, for "back"
    seq: int = 0  # increments with every prompt shown; buttons carry it, so stale ones are recognised
    attempts: int = 0  # invalid answers at the current step
    draft: dict[str, JSON] = field(default_factory=dict)  # e.g. multi_choice toggles before Done
    return_to: str | None = None  # a summary to come back to after changing one answer
    # Every state the client's way through the flow passed, from the first to the current one: what the
    # finished record keeps (answers of steps off it were left behind). None for a format 1 session.
    trail: list[str] | None = None
    # While an edit from a summary is carried through: the trail as it was at that summary (ending with
    # it). Steps visited on it are not asked again on the way back to the summary.
    edit_walk: list[str] | None = None
    # The client's kept lists as they were when the session started (name -> items, bot.engine.kept): what
    # `options_from: {kept: …}` offers and `{kept.name}` quotes. Changes are made only at the flow's end.
    kept: dict[str, JSON] = field(default_factory=dict)

    def to_json(self) -> str:
        data = asdict(self)
        data["format"] = SESSION_FORMAT
        return json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True)

    @classmethod
    def from_json(cls, raw: str | bytes) -> Session:
        data = json.loads(raw)
        fmt = data.pop("format", None)
        if type(fmt) is not int or fmt not in _READABLE_FORMATS:
            raise ValueError(f"unsupported session format {fmt!r}")
        return cls(**data)
