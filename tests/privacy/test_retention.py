"""CBT_RETENTION_DAYS and CBT_INACTIVE_DAYS: unset keeps everything; a bad value is one clear line."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.privacy import RetentionConfigError, RetentionPolicy

NOW = datetime(2026, 11, 21, 9, 30, tzinfo=UTC)


def test_unset_or_blank_keeps_everything() -> None:
    for env in ({}, {"CBT_RETENTION_DAYS": "", "CBT_INACTIVE_DAYS": "  "}, {"CBT_RETENTION_DAYS": None}):
        policy = RetentionPolicy.from_environment(env)
        assert policy == RetentionPolicy(None, None)
        assert policy.keeps_everything
        assert (policy.finished_before(NOW), policy.inactive_before(NOW)) == (None, None)
        assert policy.describe() == ("finished exercises are kept until deleted (CBT_RETENTION_DAYS is not set); "
                                     "nobody is erased for inactivity")


def test_days_give_the_cutoffs() -> None:
    policy = RetentionPolicy.from_environment({"CBT_RETENTION_DAYS": " 90 ", "CBT_INACTIVE_DAYS": "365"})
    assert (policy.finished_days, policy.inactive_days) == (90, 365)
    assert not policy.keeps_everything
    assert policy.finished_before(NOW) == NOW - timedelta(days=90)
    assert policy.inactive_before(NOW) == NOW - timedelta(days=365)
    assert policy.describe() == "finished exercises are kept 90 days; people inactive for 365 days are erased"
    only_inactive = RetentionPolicy.from_environment({"CBT_INACTIVE_DAYS": "30"})
    assert (only_inactive.finished_before(NOW), only_inactive.inactive_before(NOW)) == (None, NOW - timedelta(30))


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("CBT_RETENTION_DAYS", "abc", r"CBT_RETENTION_DAYS must be a whole number of days \(e\.g\. 90\), got 'abc'"),
        ("CBT_RETENTION_DAYS", "1.5", "whole number"),
        ("CBT_RETENTION_DAYS", "-3", "whole number"),
        ("CBT_RETENTION_DAYS", "٣٠", "whole number"),  # digits, but not ASCII ones
        ("CBT_RETENTION_DAYS", "0", "CBT_RETENTION_DAYS must be between 1 and 36500 days, got 0"),
        ("CBT_INACTIVE_DAYS", "99999", "CBT_INACTIVE_DAYS must be between 1 and 36500 days, got 99999"),
        ("CBT_INACTIVE_DAYS", "30 days", "CBT_INACTIVE_DAYS must be a whole number"),
    ],
)
def test_a_bad_value_is_one_line_naming_the_variable(name: str, value: str, message: str) -> None:
    with pytest.raises(RetentionConfigError, match=message) as error:
        RetentionPolicy.from_environment({name: value})
    assert "\n" not in str(error.value)
    assert isinstance(error.value, ValueError)


def test_a_policy_made_in_code_is_checked_too() -> None:
    with pytest.raises(RetentionConfigError):
        RetentionPolicy(finished_days=0)
