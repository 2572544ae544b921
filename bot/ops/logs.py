"""Request ids and JSON log lines.

Each update (and each elapsed timer) is handled under a request id of its own, a random 12-hex-digit value
kept in a context variable: every line logged while handling it carries the id, and nothing else about the
person. With LOG_FORMAT=json each line is one JSON object: time, level, logger, message, request_id, and an
exception's kind. A traceback is added only at DEBUG, as in the text format's guarantee (bot/log_safety.py):
an exception's text may quote what a client wrote."""

from __future__ import annotations

import contextvars
import json
import logging
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime

_request_id: contextvars.ContextVar[str | None] = contextvars.ContextVar("cbt_request_id", default=None)


def current_request_id() -> str | None:
    return _request_id.get()


@contextmanager
def request_scope() -> Iterator[str]:
    """`with request_scope() as request_id:` — a fresh request id for what runs inside (tasks started inside
    inherit it)."""
    token = _request_id.set(secrets.token_hex(6))
    try:
        yield _request_id.get() or ""
    finally:
        _request_id.reset(token)


class RequestIdFilter(logging.Filter):
    """Puts `request_id` on every record ("-" outside an update), for formats that show it."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = _request_id.get() or "-"
        return True


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, object] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": _request_id.get(),  # None outside an update (the text format shows "-")
        }
        if record.exc_info and record.exc_info[0] is not None:
            line["exception"] = record.exc_info[0].__name__
            if record.levelno < logging.INFO:
                line["traceback"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False)
