"""Logging for the running bot. httpx logs every request URL at INFO — and a Bot API URL contains the
token — so it is held at WARNING; python-telegram-bot logs raw updates only at DEBUG.

LOG_FORMAT=json writes one JSON object per line, with the request id of the update being handled
(bot/ops/logs.py); the default text format shows the request id too."""

from __future__ import annotations

import logging
import os

TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s [%(request_id)s]: %(message)s"


def configure_logging() -> None:
    from bot.ops.logs import JsonFormatter, RequestIdFilter

    level = os.environ.get("LOG_LEVEL", "INFO").upper()
    handler = logging.StreamHandler()
    handler.addFilter(RequestIdFilter())
    as_json = os.environ.get("LOG_FORMAT", "text").strip().lower() == "json"
    handler.setFormatter(JsonFormatter() if as_json else logging.Formatter(TEXT_FORMAT))
    logging.basicConfig(level=level if level in logging.getLevelNamesMapping() else "INFO", handlers=[handler])
    quiet_libraries()


def quiet_libraries() -> None:
    """Libraries that log what must never be logged: request URLs with the token (httpx), raw updates
    (python-telegram-bot at DEBUG), query parameters with clients' answers (aiosqlite), every state
    change with its step (transitions, at INFO), the glyphs of each PDF (fontTools, at INFO)."""
    for noisy in ("httpx", "httpcore", "telegram", "aiohttp.access", "aiosqlite", "transitions", "fontTools"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
