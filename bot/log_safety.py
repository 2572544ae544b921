"""Logging a failure without its message: an exception's text may quote what a client wrote (Telegram's
descriptions do, and so may ours, and so do the standard library's: ZoneInfo puts the name it was given in
its error). ERROR carries the kind; DEBUG adds where it happened, frame by frame, still without any message."""

from __future__ import annotations

import logging
import traceback


def log_failure(log: logging.Logger, what: str, error: BaseException) -> None:
    log.error("%s: %s", what, type(error).__name__)
    if log.isEnabledFor(logging.DEBUG):
        log.debug("%s: where\n%s", what, wordless_traceback(error))


def wordless_traceback(error: BaseException) -> str:
    """The frames of the error and of the errors it came from, each headed by its type: no message, no
    local values."""
    parts: list[str] = []
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        frames = "".join(traceback.format_tb(current.__traceback__))
        parts.append(f"{type(current).__module__}.{type(current).__qualname__}\n{frames}")
        current = current.__cause__ or (None if current.__suppress_context__ else current.__context__)
    return "which came from ".join(parts)
