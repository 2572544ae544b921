"""Faults a test arranges in advance: errors, dropped connections and slow answers for chosen calls."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

FaultKind = Literal["error", "drop", "delay"]


@dataclass
class Fault:
    kind: FaultKind
    method: str | None  # None matches every method; names match case-insensitively, as on Telegram
    chat_id: int | str | None
    remaining: int | None  # None: until cleared
    status: int = 500
    retry_after: int | None = None
    description: str | None = None
    seconds: float = 0.0
    after_processing: bool = False  # drop or delay the answer after the call took effect

    def matches(self, method: str, values: dict[str, Any]) -> bool:
        if self.method is not None and self.method.lower() != method.lower():
            return False
        return self.chat_id is None or str(values.get("chat_id")) == str(self.chat_id)


class FaultPlan:
    def __init__(self) -> None:
        self.faults: list[Fault] = []

    def add(self, fault: Fault) -> Fault:
        self.faults.append(fault)
        return fault

    def take(self, method: str, values: dict[str, Any]) -> list[Fault]:
        """The faults that apply to this call (at most one of each kind), each used up once."""
        taken: list[Fault] = []
        for fault in list(self.faults):
            if fault.kind in {f.kind for f in taken} or not fault.matches(method, values):
                continue
            taken.append(fault)
            if fault.remaining is not None:
                fault.remaining -= 1
                if fault.remaining <= 0:
                    self.faults.remove(fault)
        return taken

    def clear(self) -> None:
        self.faults.clear()
