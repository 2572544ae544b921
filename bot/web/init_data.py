"""Telegram Mini App sign-in: the `initData` string Telegram gives the page, checked as Telegram's docs say
(core.telegram.org/bots/webapps#validating-data-received-via-the-mini-app). The secret key is
HMAC-SHA256(key="WebAppData", message=bot token); the hash is HMAC-SHA256(key=secret, message=the other fields
sorted and joined as "key=value" lines), compared in constant time; `auth_date` must be at most `max_age` old.
Never `initDataUnsafe`: only what this check passes is believed."""

from __future__ import annotations

import hashlib
import hmac
import json
from datetime import timedelta
from urllib.parse import parse_qsl

MAX_AGE = timedelta(hours=1)
FUTURE_SKEW = timedelta(minutes=1)  # a client clock a little ahead is tolerated, no more
MAX_LENGTH = 4096


class InitDataError(ValueError):
    """initData that does not prove who sent it: forged, stale, or malformed."""


def signature(fields: dict[str, str], bot_token: str) -> str:
    secret = hmac.new(b"WebAppData", bot_token.encode(), hashlib.sha256).digest()
    check = "\n".join(f"{key}={fields[key]}" for key in sorted(fields))
    return hmac.new(secret, check.encode(), hashlib.sha256).hexdigest()


def telegram_user_id(init_data: str, bot_token: str, now: float, max_age: timedelta = MAX_AGE) -> int:
    """The Telegram user id initData vouches for; InitDataError if it is forged, stale or malformed."""
    if not init_data or len(init_data) > MAX_LENGTH:
        raise InitDataError("empty or too long")
    try:
        pairs = parse_qsl(init_data, keep_blank_values=True, strict_parsing=True)
    except ValueError as error:
        raise InitDataError("not a query string") from error
    fields = dict(pairs)
    if len(fields) != len(pairs):
        raise InitDataError("a field given twice")
    given = fields.pop("hash", "")
    if not hmac.compare_digest(given.encode(), signature(fields, bot_token).encode()):
        raise InitDataError("bad signature")
    auth_date = fields.get("auth_date", "")
    if not auth_date.isdigit():
        raise InitDataError("no auth_date")
    age = now - int(auth_date)
    if age > max_age.total_seconds() or age < -FUTURE_SKEW.total_seconds():
        raise InitDataError("stale")
    try:
        user = json.loads(fields.get("user", ""))
        user_id = user["id"]
    except (ValueError, TypeError, KeyError) as error:
        raise InitDataError("no user") from error
    if not isinstance(user_id, int) or isinstance(user_id, bool) or user_id <= 0:
        raise InitDataError("no user")
    return user_id
