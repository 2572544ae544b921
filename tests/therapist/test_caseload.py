"""The caseload's pure parts: an item's state in the client's own day (daylight-saving days too), the week's
figures, when the next digest is due, missed items of a period, and /clients pages under Telegram's limit
for a caseload of 25 with the longest names."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from bot.conversation.therapist.caseload import MESSAGE_LIMIT, PAGE_SIZE, ClientRow, overview_page, split_messages
from bot.storage.records import CaseloadItem, Person
from bot.storage.schema import DISPLAY_NAME_LENGTH
from bot.therapist.caseload import (
    WeekFigures,
    day_ends_at,
    digest_period,
    missed_between,
    next_digest_at,
    status,
    week_figures,
)

BERLIN = "Europe/Berlin"


def _item(due_on: date, completed_at: datetime | None = None, *, cancelled: bool = False, n: int = 1) -> CaseloadItem:
    return CaseloadItem(n, 1, 1, "thought_record", "daily", due_on, completed_at, cancelled)


def _at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 3, day, hour, minute, tzinfo=UTC)


class TestItems:
    def test_the_due_day_ends_at_local_midnight_also_when_clocks_change(self) -> None:
        assert day_ends_at(date(2026, 3, 27), BERLIN) == _at(27, 23)  # CET: midnight is 23:00 UTC
        assert day_ends_at(date(2026, 3, 29), BERLIN) == _at(29, 22)  # the 29th is 23 hours long: CEST after
        assert day_ends_at(date(2026, 3, 29), "UTC") == _at(30, 0)

    def test_done_late_missed_today_upcoming(self) -> None:
        due = date(2026, 3, 27)
        now = _at(28, 12)
        assert status(_item(due, _at(27, 22, 59)), now, BERLIN) == "done"
        assert status(_item(due, _at(27, 23, 0)), now, BERLIN) == "late"  # just after midnight in Berlin
        assert status(_item(due), _at(27, 22, 59), BERLIN) == "today"
        assert status(_item(due), _at(27, 23, 0), BERLIN) == "missed"
        assert status(_item(due + timedelta(days=2)), now, BERLIN) == "upcoming"
        assert status(_item(due + timedelta(days=2), _at(28, 9)), now, BERLIN) == "done"  # early, once

    def test_a_week_counts_only_what_is_due(self) -> None:
        monday = date(2026, 3, 23)
        now = datetime(2026, 3, 25, 12, tzinfo=UTC)  # Wednesday
        items = [
            _item(monday - timedelta(days=1)),  # last week's Sunday: not this week
            _item(monday, _at(23, 9)),  # done
            _item(monday + timedelta(days=1)),  # missed
            _item(monday + timedelta(days=2)),  # today: due, not missed
            _item(monday + timedelta(days=3)),  # tomorrow: not yet due
            _item(monday + timedelta(days=4), _at(25, 8)),  # done early: due and done
            _item(monday + timedelta(days=1), cancelled=True),  # cancelled and undone: not counted
        ]
        assert week_figures(items, now, "UTC") == WeekFigures(due=4, done=2, missed=1)

    def test_missed_in_a_period_counts_late_ones_by_when_the_day_ended(self) -> None:
        late, missed, done = (_item(date(2026, 3, 27), _at(28, 9), n=1), _item(date(2026, 3, 27), n=2),
                              _item(date(2026, 3, 27), _at(27, 9), n=3))
        found = missed_between([late, missed, done, _item(date(2026, 3, 26), n=4)], _at(27, 23), _at(28, 23), BERLIN)
        assert [i.item_id for i in found] == [1, 2]


class TestDigestTimes:
    def test_daily_and_weekly_in_the_therapists_zone(self) -> None:
        assert next_digest_at("daily", time(8), None, BERLIN, _at(27, 6, 59)) == _at(27, 7)
        assert next_digest_at("daily", time(8), None, BERLIN, _at(27, 7)) == _at(28, 7)  # strictly after
        assert next_digest_at("daily", time(8), None, BERLIN, _at(28, 7)) == _at(29, 6)  # summer time: 08:00 CEST
        assert next_digest_at("weekly", time(9), 0, BERLIN, _at(27, 12)) == _at(30, 7)  # Friday -> Monday
        assert next_digest_at("weekly", time(9), 4, BERLIN, _at(27, 12)) == datetime(2026, 4, 3, 7, tzinfo=UTC)

    def test_a_digest_covers_the_day_or_week_before_it(self) -> None:
        assert digest_period("daily", _at(28, 7)) == (_at(27, 7), _at(28, 7))
        assert digest_period("weekly", _at(28, 7)) == (_at(21, 7), _at(28, 7))


def _row(n: int) -> ClientRow:
    name = f"{n:02d} " + "Я" * (DISPLAY_NAME_LENGTH - 3)
    client = Person(n, 1000 + n, "client", "ru", "UTC", None, None, None, _at(1, 0), _at(1, 0), display_name=name)
    return ClientRow(client, name, _at(20, 9), WeekFigures(3, 2, 1), "mood 7 → 4; anxiety 80 → 35", None, (), ())


class TestPages:
    def test_25_clients_with_the_longest_names_page_under_the_limit(self) -> None:
        rows = [_row(n) for n in range(25)]
        pages = -(-25 // PAGE_SIZE)
        seen = []
        for page in range(pages):
            text, keyboard, _ = overview_page(rows, page, _at(25, 12), "UTC", "en")
            assert len(text) <= MESSAGE_LIMIT
            labels = [b.label for line in keyboard for b in line if not b.data.startswith("m:cl:p.")]
            seen += [label[:2] for label in labels]
            assert all(f"{label[:2]} " in text for label in labels)  # a button for each row shown
            paging = [b.data for line in keyboard for b in line if b.data.startswith("m:cl:p.")]
            assert paging == [f"m:cl:p.{p}" for p in (page - 1, page + 1) if 0 <= p < pages]
        assert seen == [f"{n:02d}" for n in range(25)]  # every client once, in order

    def test_a_long_digest_is_split_between_lines(self) -> None:
        lines = [f"• client {n}: " + "x" * 300 for n in range(40)]
        messages = split_messages(lines)
        assert all(len(m) <= MESSAGE_LIMIT for m in messages) and len(messages) == 4
        assert "\n".join(messages).split("\n") == lines
