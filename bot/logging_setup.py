"""Logging for the running bot. httpx logs every request URL at INFO — and a Bot API URL contains the
token — so it is held at WARNING; python-telegram-bot logs raw updates only at DEBUG."""

from __future__ import annotations

import logging
import os


def configure_logging() -> None:
    level = os.environ.get("LOG_LEVEL", "INFO").upper()
    logging.basicConfig(level=level if level in logging.getLevelNamesMapping() else "INFO",
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    # aiosqlite logs query parameters (clients' answers) at DEBUG; they never belong in a log.
    logging.getLogger("aiosqlite").setLevel(logging.WARNING)
    for noisy in ("httpx", "httpcore", "telegram", "aiohttp.access"):
        logging.getLogger(noisy).setLevel(max(logging.WARNING, logging.getLogger().level))
