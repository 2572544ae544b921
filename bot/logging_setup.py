"""Logging for the running bot. httpx logs every request URL at INFO — and a Bot API URL contains the
token — so it is held at WARNING; python-telegram-bot logs raw updates only at DEBUG."""

from __future__ import annotations

import logging
import os


def configure_logging() -> None:
    level = os.environ.get("LOG_LEVEL", "INFO").upper()
    logging.basicConfig(level=level if level in logging.getLevelNamesMapping() else "INFO",
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    quiet_libraries()


def quiet_libraries() -> None:
    """Libraries that log what must never be logged: request URLs with the token (httpx), raw updates
    (python-telegram-bot at DEBUG), query parameters with clients' answers (aiosqlite), every state
    change with its step (transitions, at INFO), the glyphs of each PDF (fontTools, at INFO)."""
    for noisy in ("httpx", "httpcore", "telegram", "aiohttp.access", "aiosqlite", "transitions", "fontTools"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
