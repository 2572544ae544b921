"""When homework is due: the dates of an assignment and the UTC instants of their reminders. Pure functions.

A reminder keeps its local wall-clock time across daylight-saving changes (09:00 stays 09:00). A local time
that does not exist (the hour skipped when clocks spring forward) moves forward to the first time that
does: the moment of the change. A local time that happens twice (clocks fall back) means the first one.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta
from typing import Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.i18n import NP_, Message, languages, translate
from bot.storage.records import Schedule

MAX_TIMES = 60
_STEP = {"once": timedelta(0), "daily": timedelta(days=1), "weekly": timedelta(days=7)}
# Words a therapist may type instead of a date, understood in every language the bot speaks.
_TODAY = NP_("a word typed instead of a due date", "today")
_TOMORROW = NP_("a word typed instead of a due date", "tomorrow")
_ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_DOTTED_DATE = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})")
_CLOCK_TIME = re.compile(r"(\d{1,2})[:.](\d{2})")

ScheduleProblem = Literal["schedule", "times", "timezone", "remind_at", "time_format", "date_format", "past_date"]


class ScheduleError(ValueError):
    """Input the /assign wizard should ask again for; `problem` says which, for a translated message."""

    def __init__(self, problem: ScheduleProblem, message: str) -> None:
        super().__init__(message)
        self.problem: ScheduleProblem = problem


def occurrences(
    schedule: Schedule, times: int, first_due_on: date, remind_at: time, timezone: str
) -> list[tuple[date, datetime]]:
    """Each due date (local, in `timezone`) with its reminder instant in UTC, in order."""
    if schedule not in _STEP:
        raise ScheduleError("schedule", f"unknown schedule {schedule!r}; expected one of {', '.join(_STEP)}")
    _check_times(schedule, times)
    if remind_at.tzinfo is not None:
        raise ScheduleError("remind_at", "the reminder time must be a local wall-clock time without a zone")
    zone = time_zone(timezone)
    days = [first_due_on + _STEP[schedule] * n for n in range(times)]
    return [(day, local_to_utc(day, remind_at, zone)) for day in days]


def time_zone(name: str) -> ZoneInfo:
    """The IANA zone called `name`, or ScheduleError."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, TypeError):
        raise ScheduleError("timezone", f"unknown time zone {name!r}; expected an IANA name such as Europe/Berlin") \
            from None


def local_to_utc(day: date, at: time, zone: ZoneInfo) -> datetime:
    """The UTC instant of wall-clock `at` on `day` in `zone`: the first one if it happens twice, the end of
    the gap if the clocks skipped it."""
    wall = datetime.combine(day, at)
    instant = wall.replace(tzinfo=zone, fold=0).astimezone(UTC)
    if instant.astimezone(zone).replace(tzinfo=None) == wall:
        return instant
    # In a gap, fold=0 reads the wall time with the old offset and fold=1 with the new one; the change
    # itself lies between the two instants.
    before = wall.replace(tzinfo=zone, fold=1).astimezone(UTC)
    return _moment_of_change(before, instant, zone)


def _moment_of_change(before: datetime, after: datetime, zone: ZoneInfo) -> datetime:
    """The first second in (before, after] whose UTC offset differs from the offset at `before`."""
    old_offset = before.astimezone(zone).utcoffset()
    low, high = int(before.timestamp()), int(after.timestamp())
    while high - low > 1:
        middle = (low + high) // 2
        if datetime.fromtimestamp(middle, zone).utcoffset() == old_offset:
            low = middle
        else:
            high = middle
    return datetime.fromtimestamp(high, UTC)


def _check_times(schedule: Schedule, times: int) -> None:
    if isinstance(times, bool) or not isinstance(times, int):
        raise ScheduleError("times", f"the number of times must be a whole number, not {times!r}")
    if schedule == "once" and times != 1:
        raise ScheduleError("times", f"a homework done once happens 1 time, not {times}")
    if not 1 <= times <= MAX_TIMES:
        raise ScheduleError("times", f"the number of times must be from 1 to {MAX_TIMES}, not {times}")


def parse_local_time(text: str) -> time:
    """A wall-clock time typed as H:MM or HH:MM (a dot works too: 9.30)."""
    match = _CLOCK_TIME.fullmatch(text.strip())
    if match is None:
        raise ScheduleError("time_format", f"{text.strip()!r} is not a time; write it like 9:30 or 18:00")
    hour, minute = int(match[1]), int(match[2])
    if hour > 23 or minute > 59:
        raise ScheduleError("time_format", f"{text.strip()!r} is not a time of day; hours go to 23, minutes to 59")
    return time(hour, minute)


def parse_due_date(text: str, today: date) -> date:
    """A due date typed as YYYY-MM-DD, DD.MM.YYYY, today/tomorrow (сегодня/завтра...); not before `today`."""
    word = text.strip().lower()
    if word in _in_every_language(_TODAY):
        return today
    if word in _in_every_language(_TOMORROW):
        return today + timedelta(days=1)
    day = _calendar_date(word)
    if day < today:
        raise ScheduleError("past_date", f"{day.isoformat()} has passed; choose today or a later day")
    return day


def _calendar_date(text: str) -> date:
    if match := _ISO_DATE.fullmatch(text):
        year, month, day = int(match[1]), int(match[2]), int(match[3])
    elif match := _DOTTED_DATE.fullmatch(text):
        day, month, year = int(match[1]), int(match[2]), int(match[3])
    else:
        raise ScheduleError(
            "date_format", f"{text!r} is not a date; write it like 2026-03-29 or 29.03.2026, or today/tomorrow"
        )
    try:
        return date(year, month, day)
    except ValueError:
        raise ScheduleError("date_format", f"{text!r} is not a date in the calendar") from None



def _in_every_language(word: Message) -> set[str]:
    return {translate(word, language).lower() for language in languages()}
