"""What the caseload counts: each homework item done, missed or still to come, in the client's own day; a
week's figures; when a digest is due and what period it covers. Pure functions of records and a time.

An item is due on a date in the client's zone. It is missed once that day has ended there without it being
done; done late if it was done after that; only items whose day has begun count as due (an item done
before its day counts as due and done: it is handled).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Literal
from zoneinfo import ZoneInfo

from bot.storage.records import CaseloadItem, DigestFrequency
from bot.therapist.schedule import local_to_utc, time_zone

ItemStatus = Literal["done", "late", "missed", "today", "upcoming"]
_PERIOD = {"daily": timedelta(days=1), "weekly": timedelta(days=7)}


def local_date(at: datetime, zone_name: str) -> date:
    return at.astimezone(_zone(zone_name)).date()


def activity_day(at: datetime | None, now: datetime, zone_name: str) -> Literal["never", "today", "yesterday"] | date:
    """When someone was last active, as a therapist reads it: a word for never, today and yesterday (each front
    end words it), else the local date."""
    if at is None:
        return "never"
    day, today = local_date(at, zone_name), local_date(now, zone_name)
    if day == today:
        return "today"
    if day == today - timedelta(days=1):
        return "yesterday"
    return day


def day_ends_at(day: date, zone_name: str) -> datetime:
    """The UTC instant the local day `day` ends in the zone."""
    return local_to_utc(day + timedelta(days=1), time(0), _zone(zone_name))


def status(item: CaseloadItem, now: datetime, zone_name: str) -> ItemStatus:
    if item.completed_at is not None:
        return "late" if item.completed_at >= day_ends_at(item.due_on, zone_name) else "done"
    today = local_date(now, zone_name)
    if item.due_on < today:
        return "missed"
    return "today" if item.due_on == today else "upcoming"


@dataclass(frozen=True, slots=True)
class WeekFigures:
    """This week's homework (Monday to Sunday, in the client's zone): due so far, done, missed."""

    due: int
    done: int
    missed: int


def week_start(now: datetime, zone_name: str) -> date:
    today = local_date(now, zone_name)
    return today - timedelta(days=today.weekday())


def week_figures(items: Iterable[CaseloadItem], now: datetime, zone_name: str) -> WeekFigures:
    """Items of a cancelled assignment count only if done; an item not yet due counts only if done early."""
    start = week_start(now, zone_name)
    due = done = missed = 0
    for item in items:
        if not start <= item.due_on < start + timedelta(days=7):
            continue
        state = status(item, now, zone_name)
        if state == "upcoming" or (item.cancelled and state not in ("done", "late")):
            continue
        due += 1
        done += state in ("done", "late")
        missed += state == "missed"
    return WeekFigures(due, done, missed)


def missed_between(items: Iterable[CaseloadItem], start: datetime, end: datetime,
                   zone_name: str) -> list[CaseloadItem]:
    """Items whose due day ended in [start, end) without them being done by then (done late counts too)."""
    found = []
    for item in items:
        ended = day_ends_at(item.due_on, zone_name)
        if item.cancelled or not start <= ended < end:
            continue
        if item.completed_at is None or item.completed_at >= ended:
            found.append(item)
    return found


def next_digest_at(frequency: DigestFrequency, send_at: time, weekday: int | None, zone_name: str,
                   after: datetime) -> datetime:
    """The first digest time strictly after `after`: `send_at` in the zone, every day or on `weekday`."""
    if frequency == "off":
        raise ValueError("a digest that is off has no next time")
    zone = _zone(zone_name)
    day = after.astimezone(zone).date()
    for offset in range(9):
        candidate_day = day + timedelta(days=offset)
        if frequency == "weekly" and candidate_day.weekday() != weekday:
            continue
        candidate = local_to_utc(candidate_day, send_at, zone)
        if candidate > after:
            return candidate
    raise AssertionError("a day within nine has the time")  # pragma: no cover


def digest_period(frequency: DigestFrequency, scheduled_at: datetime) -> tuple[datetime, datetime]:
    """The period a digest due at `scheduled_at` covers: the day or the week before it."""
    return scheduled_at - _PERIOD[frequency], scheduled_at


def _zone(name: str) -> ZoneInfo:
    try:
        return time_zone(name)
    except ValueError:
        return time_zone("UTC")

