"""Mini App initData, checked as Telegram's docs say: signed with HMAC-SHA256 under HMAC("WebAppData", token),
no older than an hour, naming a user."""

from __future__ import annotations

import pytest

from bot.web.init_data import InitDataError, telegram_user_id
from bot.web.limits import SignInLimiter
from tests.e2e.dashboard_world import init_data

TOKEN = "123456:ABCdefGhIJKlmnoPQRstuVWXyz012345678"
NOW = 1_800_000_000.0


def test_signed_and_recent_initdata_names_its_user() -> None:
    assert telegram_user_id(init_data(42, TOKEN, auth_date=NOW - 3599), TOKEN, NOW) == 42


def test_telegrams_documented_example_shape_with_extra_fields_still_checks() -> None:
    given = init_data(7, TOKEN, auth_date=NOW, chat_type="private", chat_instance="-123", signature="abc")
    assert telegram_user_id(given, TOKEN, NOW) == 7


@pytest.mark.parametrize(("given", "why"), [
    (init_data(42, "654321:another-bots-token-abcdefghij", auth_date=NOW), "another bot's token"),
    (init_data(42, TOKEN, auth_date=NOW - 3601), "older than an hour"),
    (init_data(42, TOKEN, auth_date=NOW + 600), "from the future"),
    (init_data(42, TOKEN, auth_date=NOW).replace("%22id%22%3A42", "%22id%22%3A43"), "user changed"),
    (init_data(42, TOKEN, auth_date=NOW) + "&hash=00", "hash given twice"),
    (init_data(42, TOKEN, auth_date=NOW).split("&hash=")[0], "no hash"),
    ("", "empty"),
    ("a" * 5000, "too long"),
    ("%%%", "not a query string"),
])
def test_forged_stale_or_malformed_initdata_is_refused(given: str, why: str) -> None:
    with pytest.raises(InitDataError):
        telegram_user_id(given, TOKEN, NOW)


def test_initdata_without_a_user_is_refused_even_when_signed() -> None:
    from urllib.parse import parse_qsl, urlencode

    from bot.web.init_data import signature

    fields = {"auth_date": str(int(NOW)), "user": '{"id": "42"}'}
    given = urlencode({**fields, "hash": signature(fields, TOKEN)})
    assert dict(parse_qsl(given))["hash"]
    with pytest.raises(InitDataError):
        telegram_user_id(given, TOKEN, NOW)


def test_sign_in_attempts_are_limited_per_address_in_a_sliding_window() -> None:
    now = [0.0]
    limiter = SignInLimiter(lambda: now[0], limit=3, window=60.0)
    assert [limiter.allow("1.2.3.4") for _ in range(4)] == [True, True, True, False]
    assert limiter.allow("5.6.7.8")
    now[0] = 61.0
    assert limiter.allow("1.2.3.4")
