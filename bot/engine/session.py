"""A client's progress through one flow: small, plain data that serialises to JSON and restores exactly."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

Status = Literal["active", "paused", "completed", "cancelled", "ended"]
JSON = Any  # answers are JSON values: str, int, float, list, dict, None

SESSION_FORMAT = 1


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

    def to_json(self) -> str:
        data = asdict(self)
        data["format"] = SESSION_FORMAT
        return json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True)

    @classmethod
    def from_json(cls, raw: str | bytes) -> Session:
        data = json.loads(raw)
        fmt = data.pop("format", None)
        if fmt != SESSION_FORMAT:
            raise ValueError(f"unsupported session format {fmt!r}")
        return cls(**data)
