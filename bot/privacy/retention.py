"""The operator's retention policy, from the environment (or .env):

- CBT_RETENTION_DAYS: finished exercises (completed, cancelled, ended early or abandoned) and homework
  completed or cancelled are kept this many days, then `cbt-bot purge` deletes them. Unset: kept until the
  person deletes them (/deleteme) — purge then deletes no exercises.
- CBT_INACTIVE_DAYS: optional; people with no activity for this many days are erased entirely, as by
  /deleteme (see SqlPrivacy._inactive_people for what counts as activity).

A value is a whole number of days, at least 1 and at most 36500; anything else is a RetentionConfigError
whose message is one line naming the variable.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

RETENTION_ENV = "CBT_RETENTION_DAYS"
INACTIVE_ENV = "CBT_INACTIVE_DAYS"
MAX_DAYS = 36_500  # a hundred years: beyond it, leave the variable unset


class RetentionConfigError(ValueError):
    """One line saying which setting is wrong and how to fix it."""


@dataclass(frozen=True, slots=True)
class RetentionPolicy:
    finished_days: int | None = None  # None: finished exercises are kept until the person deletes them
    inactive_days: int | None = None  # None: nobody is erased for inactivity

    def __post_init__(self) -> None:
        for name, days in ((RETENTION_ENV, self.finished_days), (INACTIVE_ENV, self.inactive_days)):
            if days is not None and not 1 <= days <= MAX_DAYS:
                raise RetentionConfigError(f"{name} must be between 1 and {MAX_DAYS} days, got {days}")

    @classmethod
    def from_environment(cls, env: Mapping[str, str | None]) -> RetentionPolicy:
        """The policy CBT_RETENTION_DAYS and CBT_INACTIVE_DAYS set; unset or blank variables keep data."""
        return cls(_days(env, RETENTION_ENV), _days(env, INACTIVE_ENV))

    @property
    def keeps_everything(self) -> bool:
        return self.finished_days is None and self.inactive_days is None

    def finished_before(self, now: datetime) -> datetime | None:
        """Finished exercises and done homework from before this are deleted."""
        return None if self.finished_days is None else now - timedelta(days=self.finished_days)

    def inactive_before(self, now: datetime) -> datetime | None:
        """People with no activity since this are erased."""
        return None if self.inactive_days is None else now - timedelta(days=self.inactive_days)

    def describe(self) -> str:
        """One line, e.g. "finished exercises are kept 90 days; people inactive for 365 days are erased"."""
        kept = (f"finished exercises are kept {self.finished_days} days" if self.finished_days is not None
                else f"finished exercises are kept until deleted ({RETENTION_ENV} is not set)")
        erased = (f"people inactive for {self.inactive_days} days are erased" if self.inactive_days is not None
                  else "nobody is erased for inactivity")
        return f"{kept}; {erased}"


def _days(env: Mapping[str, str | None], name: str) -> int | None:
    raw = (env.get(name) or "").strip()
    if not raw:
        return None
    if not raw.isascii() or not raw.isdigit():
        raise RetentionConfigError(f"{name} must be a whole number of days (e.g. 90), got {raw[:20]!r}")
    days = int(raw)
    if not 1 <= days <= MAX_DAYS:
        raise RetentionConfigError(f"{name} must be between 1 and {MAX_DAYS} days, got {days}; "
                                   "leave it unset to keep data")
    return days
