"""Small helpers for the operations tests: a free port, GETs, and a reader of Prometheus' text format."""

from __future__ import annotations

import asyncio
import re
import socket
import time
from collections.abc import Callable
from typing import Any

import aiohttp

_SAMPLE = re.compile(r"^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(.*)\})? (\S+)$")
_LABEL = re.compile(r'([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"(,|$)')

Sample = tuple[str, dict[str, str], float]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def get(url: str) -> tuple[int, str, str]:
    """(status, content type, body)."""
    async with aiohttp.ClientSession() as http, http.get(url, timeout=aiohttp.ClientTimeout(total=10)) as answer:
        return answer.status, answer.headers.get("Content-Type", ""), await answer.text()


async def get_json(url: str) -> tuple[int, Any]:
    async with aiohttp.ClientSession() as http, http.get(url, timeout=aiohttp.ClientTimeout(total=10)) as answer:
        return answer.status, await answer.json()


async def until(check: Callable[[], Any], timeout: float = 15.0) -> Any:  # noqa: ASYNC109
    """Calls the (async) `check` until it returns something true; that value, or AssertionError."""
    deadline = time.monotonic() + timeout
    last: Any = None
    while time.monotonic() < deadline:
        last = await check()
        if last:
            return last
        await asyncio.sleep(0.1)
    raise AssertionError(f"not within {timeout} s; last: {last}")


def parse_exposition(text: str) -> list[Sample]:
    """Every sample line, strictly: a line that is neither a comment nor a well-formed sample fails."""
    samples: list[Sample] = []
    for line in text.splitlines():
        if not line or line.startswith(("# HELP ", "# TYPE ")):
            continue
        match = _SAMPLE.match(line)
        assert match, f"not a sample: {line!r}"
        labels: dict[str, str] = {}
        rest = match.group(3) or ""
        while rest:
            found = _LABEL.match(rest)
            assert found, f"bad labels in {line!r}"
            labels[found.group(1)] = found.group(2).replace('\\"', '"').replace("\\n", "\n").replace("\\\\", "\\")
            rest = rest[found.end():]
        samples.append((match.group(1), labels, float(match.group(4))))
    return samples


def value(samples: list[Sample], name: str, **labels: str) -> float:
    """The sum of the samples of `name` whose labels include `labels`."""
    return sum(v for n, found, v in samples if n == name and all(found.get(k) == w for k, w in labels.items()))
