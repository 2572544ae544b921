"""Homework dates and reminder instants: local wall-clock time kept across DST; the wizard's input parsing."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.therapist.schedule import ScheduleError, occurrences, parse_due_date, parse_local_time


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


def local_times(result: list[tuple[date, datetime]], zone: str) -> list[datetime]:
    return [instant.astimezone(ZoneInfo(zone)).replace(tzinfo=None) for _, instant in result]


class TestDaily:
    def test_berlin_keeps_nine_oclock_across_the_spring_change(self) -> None:
        result = occurrences("daily", 4, date(2026, 3, 27), time(9), "Europe/Berlin")
        assert [day for day, _ in result] == [date(2026, 3, 27), date(2026, 3, 28), date(2026, 3, 29),
                                              date(2026, 3, 30)]
        # CET is UTC+1 until the night of 28/29 March, CEST UTC+2 after it.
        assert [instant for _, instant in result] == [
            utc(2026, 3, 27, 8), utc(2026, 3, 28, 8), utc(2026, 3, 29, 7), utc(2026, 3, 30, 7)
        ]
        assert {t.time() for t in local_times(result, "Europe/Berlin")} == {time(9)}

    def test_berlin_keeps_nine_oclock_across_the_autumn_change(self) -> None:
        result = occurrences("daily", 3, date(2026, 10, 24), time(9), "Europe/Berlin")
        assert [instant for _, instant in result] == [utc(2026, 10, 24, 7), utc(2026, 10, 25, 8),
                                                      utc(2026, 10, 26, 8)]

    def test_new_york_keeps_nine_oclock_across_both_changes(self) -> None:
        spring = occurrences("daily", 3, date(2026, 3, 7), time(9), "America/New_York")
        assert [i for _, i in spring] == [utc(2026, 3, 7, 14), utc(2026, 3, 8, 13), utc(2026, 3, 9, 13)]
        autumn = occurrences("daily", 3, date(2026, 10, 31), time(9), "America/New_York")
        assert [i for _, i in autumn] == [utc(2026, 10, 31, 13), utc(2026, 11, 1, 14), utc(2026, 11, 2, 14)]

    def test_a_time_in_the_spring_gap_moves_to_the_first_valid_time(self) -> None:
        # Berlin skips 02:00-03:00 on 29 March 2026: 02:30 does not exist, 03:00 CEST is the first valid time.
        berlin = occurrences("daily", 3, date(2026, 3, 28), time(2, 30), "Europe/Berlin")
        assert [i for _, i in berlin] == [utc(2026, 3, 28, 1, 30), utc(2026, 3, 29, 1), utc(2026, 3, 30, 0, 30)]
        assert local_times(berlin, "Europe/Berlin")[1] == datetime(2026, 3, 29, 3, 0)
        new_york = occurrences("once", 1, date(2026, 3, 8), time(2, 15), "America/New_York")
        assert new_york == [(date(2026, 3, 8), utc(2026, 3, 8, 7))]  # 03:00 EDT

    def test_an_ambiguous_time_in_the_autumn_overlap_is_the_first_one(self) -> None:
        # Berlin has 02:30 twice on 25 October 2026: first in CEST (00:30 UTC), then in CET (01:30 UTC).
        berlin = occurrences("once", 1, date(2026, 10, 25), time(2, 30), "Europe/Berlin")
        assert berlin == [(date(2026, 10, 25), utc(2026, 10, 25, 0, 30))]
        new_york = occurrences("once", 1, date(2026, 11, 1), time(1, 30), "America/New_York")
        assert new_york == [(date(2026, 11, 1), utc(2026, 11, 1, 5, 30))]  # 01:30 EDT, not EST

    def test_a_skipped_day_moves_to_the_next_valid_time(self) -> None:
        # Samoa skipped 30 December 2011 entirely, jumping from UTC-10 to UTC+14.
        result = occurrences("once", 1, date(2011, 12, 30), time(9), "Pacific/Apia")
        assert result == [(date(2011, 12, 30), utc(2011, 12, 30, 10))]  # midnight on the 31st, local

    def test_sixty_days_is_allowed(self) -> None:
        result = occurrences("daily", 60, date(2026, 1, 1), time(20), "UTC")
        assert result[-1] == (date(2026, 3, 1), utc(2026, 3, 1, 20))


class TestWeeklyAndOnce:
    def test_weekly_is_every_seventh_day_at_the_same_local_time(self) -> None:
        result = occurrences("weekly", 4, date(2026, 3, 16), time(18, 30), "Europe/Berlin")
        assert [day for day, _ in result] == [date(2026, 3, 16), date(2026, 3, 23), date(2026, 3, 30),
                                              date(2026, 4, 6)]
        assert [i for _, i in result] == [utc(2026, 3, 16, 17, 30), utc(2026, 3, 23, 17, 30),
                                          utc(2026, 3, 30, 16, 30), utc(2026, 4, 6, 16, 30)]

    def test_once_is_one_occurrence(self) -> None:
        assert occurrences("once", 1, date(2026, 5, 4), time(7, 5), "Asia/Kolkata") == [
            (date(2026, 5, 4), utc(2026, 5, 4, 1, 35))
        ]

    def test_a_zone_east_of_utc_can_remind_on_the_previous_utc_day(self) -> None:
        assert occurrences("once", 1, date(2026, 5, 4), time(6), "Pacific/Auckland") == [
            (date(2026, 5, 4), utc(2026, 5, 3, 18))
        ]


class TestBadInput:
    @pytest.mark.parametrize("times", [0, -1, 61, 1000])
    def test_times_out_of_range(self, times: int) -> None:
        with pytest.raises(ScheduleError, match="from 1 to 60") as caught:
            occurrences("daily", times, date(2026, 1, 1), time(9), "UTC")
        assert caught.value.problem == "times"

    def test_once_means_one_time(self) -> None:
        with pytest.raises(ScheduleError, match="once happens 1 time, not 3"):
            occurrences("once", 3, date(2026, 1, 1), time(9), "UTC")

    @pytest.mark.parametrize("zone", ["Mars/Olympus", "", "Europe/../etc/passwd", "berlin"])
    def test_unknown_time_zone(self, zone: str) -> None:
        with pytest.raises(ScheduleError, match="unknown time zone") as caught:
            occurrences("daily", 2, date(2026, 1, 1), time(9), zone)
        assert caught.value.problem == "timezone"

    def test_unknown_schedule(self) -> None:
        with pytest.raises(ScheduleError, match="unknown schedule 'monthly'"):
            occurrences("monthly", 2, date(2026, 1, 1), time(9), "UTC")  # type: ignore[arg-type]

    def test_a_zoned_reminder_time_is_refused(self) -> None:
        with pytest.raises(ScheduleError, match="without a zone"):
            occurrences("once", 1, date(2026, 1, 1), time(9, tzinfo=UTC), "UTC")

    def test_the_errors_are_value_errors(self) -> None:
        with pytest.raises(ValueError, match="from 1 to 60"):
            occurrences("weekly", 0, date(2026, 1, 1), time(9), "UTC")


ZONES = ["Europe/Berlin", "America/New_York", "Australia/Lord_Howe", "Asia/Tehran", "America/Santiago", "UTC"]


@given(
    zone=st.sampled_from(ZONES),
    first=st.dates(min_value=date(2020, 1, 1), max_value=date(2035, 12, 31)),
    at=st.times(),
    schedule=st.sampled_from(["daily", "weekly"]),
    times=st.integers(1, 60),
)
def test_every_reminder_is_at_or_just_after_the_local_time_on_its_day(
    zone: str, first: date, at: time, schedule: str, times: int
) -> None:
    result = occurrences(schedule, times, first, at, zone)  # type: ignore[arg-type]
    step = timedelta(days=1 if schedule == "daily" else 7)
    assert [day for day, _ in result] == [first + step * n for n in range(times)]
    for day, instant in result:
        assert instant.tzinfo is UTC
        local = instant.astimezone(ZoneInfo(zone)).replace(tzinfo=None)
        wanted = datetime.combine(day, at)
        # Exactly the wall time, or (in a gap, at most a few hours long) the first valid time after it.
        assert wanted <= local < wanted + timedelta(hours=3)
        if local != wanted:
            just_before = (instant - timedelta(seconds=1)).astimezone(ZoneInfo(zone)).replace(tzinfo=None)
            assert just_before < wanted


class TestParseLocalTime:
    @pytest.mark.parametrize(
        ("text", "expected"),
        [("9:30", time(9, 30)), ("09:30", time(9, 30)), (" 18:00 ", time(18)), ("0:00", time(0)),
         ("23:59", time(23, 59)), ("7.15", time(7, 15))],
    )
    def test_accepted(self, text: str, expected: time) -> None:
        assert parse_local_time(text) == expected

    @pytest.mark.parametrize("text", ["24:00", "9:60", "930", "9:5", "nine", "", "9:30 pm", "-1:00"])
    def test_refused(self, text: str) -> None:
        with pytest.raises(ScheduleError) as caught:
            parse_local_time(text)
        assert caught.value.problem == "time_format"


class TestParseDueDate:
    TODAY = date(2026, 3, 28)

    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("2026-03-29", date(2026, 3, 29)),
            ("29.03.2026", date(2026, 3, 29)),
            ("1.4.2026", date(2026, 4, 1)),
            ("today", date(2026, 3, 28)),
            ("Today", date(2026, 3, 28)),
            ("tomorrow", date(2026, 3, 29)),
            ("сегодня", date(2026, 3, 28)),
            ("Завтра", date(2026, 3, 29)),
            (" 2026-12-31 ", date(2026, 12, 31)),
        ],
    )
    def test_accepted(self, text: str, expected: date) -> None:
        assert parse_due_date(text, self.TODAY) == expected

    def test_tomorrow_crosses_month_and_year(self) -> None:
        assert parse_due_date("tomorrow", date(2026, 12, 31)) == date(2027, 1, 1)

    @pytest.mark.parametrize("text", ["31.02.2026", "2026-13-01", "next week", "29/03/2026", "", "послезавтра"])
    def test_not_a_date(self, text: str) -> None:
        with pytest.raises(ScheduleError) as caught:
            parse_due_date(text, self.TODAY)
        assert caught.value.problem == "date_format"

    def test_a_past_date_is_refused(self) -> None:
        with pytest.raises(ScheduleError, match="2026-03-27 has passed") as caught:
            parse_due_date("27.03.2026", self.TODAY)
        assert caught.value.problem == "past_date"
