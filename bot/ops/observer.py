"""The hooks the running bot calls at its boundaries. This base class keeps only what readiness needs (when
Telegram last answered, when a call to it last failed) and counts nothing; metrics.Metrics counts.

Every argument is a kind, a name from a fixed set, or a duration: never a user id, a chat id or a text."""

from __future__ import annotations

import time

# What a Telegram call came to: its HTTP status, or why there was none.
OK, RATE_LIMITED, FORBIDDEN, BAD_REQUEST, REFUSED, SERVER_ERROR = (
    "ok", "rate_limited", "forbidden", "bad_request", "refused", "server_error")
TIMEOUT, NETWORK_ERROR = "timeout", "network_error"
_UNREACHABLE = {SERVER_ERROR, TIMEOUT, NETWORK_ERROR}
_TOKEN_REFUSED = {401, 404}  # Telegram's answer to a revoked or mistyped token


def outcome_of(status: int) -> str:
    if status == 200:
        return OK
    if status == 429:
        return RATE_LIMITED
    if status == 403:
        return FORBIDDEN
    if status == 400:
        return BAD_REQUEST
    return SERVER_ERROR if status >= 500 else REFUSED


class Observer:
    def __init__(self) -> None:
        self.telegram_answered_at: float | None = None  # time.monotonic() of Telegram's last usable answer
        self.telegram_failed_at: float | None = None  # ... of the last call that got no usable answer

    def update_handled(self, kind: str, outcome: str, seconds: float) -> None:
        """An update (or an elapsed timer) went through the pipeline: handled, answered, committed."""

    def telegram_call(self, method: str, status: int | None, outcome: str, seconds: float) -> None:
        """One HTTP call to the Bot API; `status` None when no answer came (timeout, network)."""
        now = time.monotonic()
        if outcome in _UNREACHABLE or status in _TOKEN_REFUSED:
            self.telegram_failed_at = now
        else:
            self.telegram_answered_at = now

    def retry_after(self, seconds: float) -> None:
        """The bot waits out a 429 for `seconds`."""

    def dispatched(self, what: str, result: str, late_by: float | None = None) -> None:
        """A reminder, digest or notice was claimed ("due") or tried ("sent", "unreachable", "failed");
        `late_by`, when known, is how many seconds after its time it went out."""

    def transaction(self, seconds: float) -> None:
        """One database transaction (a unit of work) took `seconds`, from begin to commit or rollback."""


NOOP = Observer()
