"""Logging a failure without its message: an exception's text may quote what a client wrote (Telegram's
descriptions do, and so may ours). ERROR carries the kind; the traceback is there at DEBUG."""

from __future__ import annotations

import logging


def log_failure(log: logging.Logger, what: str, error: BaseException) -> None:
    log.error("%s: %s", what, type(error).__name__)
    log.debug("%s: details", what, exc_info=error)
