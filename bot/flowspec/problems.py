"""What the validator reports: one `Problem` per finding, all of them at once, each with its line."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from bot.flowspec.model import Flow

Severity = Literal["error", "warning", "note"]  # a note explains more of an error at the same place


@dataclass(frozen=True)
class Problem:
    """One finding, at a 1-based line and column of the flow file."""

    path: str
    line: int
    col: int
    code: str
    message: str
    step_id: str | None = None
    severity: Severity = "error"

    def __str__(self) -> str:
        kind = "" if self.severity == "error" else f"{self.severity} "
        step = f" step '{self.step_id}'" if self.step_id is not None else ""
        return f"{self.path}:{self.line}:{self.col}: {kind}[{self.code}]{step}: {self.message}"

    @property
    def is_error(self) -> bool:
        return self.severity == "error"


def sort_problems(problems: list[Problem]) -> list[Problem]:
    """Order by position (a note after the error it explains); identical findings are reported once."""
    unique = dict.fromkeys(problems)
    return sorted(unique, key=lambda p: (p.line, p.col, p.severity == "note"))


@dataclass(frozen=True)
class LoadResult:
    """The outcome of loading one file. `flow` is None exactly when there is at least one error."""

    path: str
    flow: Flow | None
    problems: list[Problem] = field(default_factory=list)
    flow_id: str | None = None  # the `id` as written, even when the flow has errors (for duplicate checks)
    flow_id_at: tuple[int, int] = (1, 1)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]

    @property
    def ok(self) -> bool:
        return self.flow is not None
