"""LOG_FORMAT=json: each line one JSON object; lines logged while an update is handled carry its request id;
no line holds a message's text or the token."""

from __future__ import annotations

import io
import json
import logging
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.ops.logs import JsonFormatter, RequestIdFilter
from tests.e2e.harness import RunningBot, consent, wait_quiet
from tests.support.telegram_api import TelegramStandIn

SENTINEL = "ZEBRA-SENTINEL-5150"
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def json_lines() -> Iterator[io.StringIO]:
    """The bot's logs at INFO and above, as LOG_FORMAT=json writes them."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setLevel(logging.INFO)
    handler.addFilter(RequestIdFilter())
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    level = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)  # DEBUG records exist (tracebacks) but the handler writes only INFO and up
    try:
        yield stream
    finally:
        root.removeHandler(handler)
        root.setLevel(level)


async def test_json_lines_carry_a_request_id_per_update_and_no_text(
    tg: TelegramStandIn, running_bot: RunningBot, json_lines: io.StringIO
) -> None:
    ada, bo = tg.user(7_800_000_001, "Ada"), tg.user(7_800_000_002, "Bo")
    await consent(ada)
    await consent(bo)
    for user in (ada, bo):  # an error path inside an update, whose description quotes the text
        tg.fail_next("sendMessage", status=400, chat_id=user.id,
                     description=f"Bad Request: can't parse entities: {SENTINEL}")
        await user.send(f"/frobnicate {SENTINEL}")
        await tg.wait_until(lambda user=user: any(c.status == 400 and str(c.params.get("chat_id")) == str(user.id)
                                                  for c in tg.calls), 5)
        await wait_quiet(user, 0.5)

    lines = [json.loads(line) for line in json_lines.getvalue().splitlines()]  # every line parses
    assert lines
    for line in lines:
        assert {"time", "level", "logger", "message", "request_id"} <= set(line)
        assert "traceback" not in line
        shown = json.dumps(line, ensure_ascii=False).lower()
        assert SENTINEL.lower() not in shown
        assert tg.token.lower() not in shown
        assert str(ada.id) not in shown and str(bo.id) not in shown
    refused = [line for line in lines if "was refused" in line["message"]]
    assert len(refused) == 2, [line["message"] for line in lines]
    ids = [line["request_id"] for line in refused]
    assert all(isinstance(i, str) and len(i) == 12 for i in ids)
    assert ids[0] != ids[1], "each update its own request id"
    startup = [line for line in lines if "polling for updates" in line["message"]]
    assert startup and startup[0]["request_id"] is None  # outside any update


def _run_logging(log_format: str) -> str:
    script = ("import logging; from bot.logging_setup import configure_logging; configure_logging(); "
              "from bot.ops.logs import request_scope\n"
              "with request_scope():\n"
              "    logging.getLogger('bot.x').warning('inside %s', 'an update')\n"
              "logging.getLogger('bot.x').info('outside')\n")
    env = {**os.environ, "LOG_FORMAT": log_format, "LOG_LEVEL": "INFO"}
    return subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True, cwd=ROOT,
                          env=env).stderr


def test_log_format_json_makes_every_line_an_object() -> None:
    inside, outside = (json.loads(line) for line in _run_logging("json").splitlines())
    assert inside["message"] == "inside an update" and inside["level"] == "WARNING" and inside["logger"] == "bot.x"
    assert len(inside["request_id"]) == 12
    assert outside["message"] == "outside" and outside["request_id"] is None


def test_the_text_format_shows_the_request_id_too() -> None:
    inside, outside = _run_logging("text").splitlines()
    assert inside.endswith("inside an update") and "WARNING bot.x [" in inside
    assert "[-]: outside" in outside
