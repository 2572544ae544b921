"""For bench/telegram_bot.py: a bot as its own process against the stand-in, its CPU and memory read from
/proc, and a throw-away PostgreSQL database."""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import sys
import time
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Literal

import asyncpg  # type: ignore[import-untyped]

from tests.support.telegram_api import TelegramStandIn

ROOT = Path(__file__).resolve().parent.parent
BotKind = Literal["durable", "baseline"]
_TICKS = os.sysconf("SC_CLK_TCK")
POSTGRES_SERVER = "postgresql://postgres@127.0.0.1:5432"


def cpu_seconds(pid: int | None = None) -> float:
    """User + system CPU of a process (all its threads), from /proc/<pid>/stat."""
    raw = Path(f"/proc/{pid or 'self'}/stat").read_text()
    fields = raw[raw.rindex(")") + 2:].split()  # after "pid (comm) ": state is field 3
    return (int(fields[11]) + int(fields[12])) / _TICKS  # utime, stime: fields 14 and 15


def machine_busy_seconds() -> float:
    """CPU time all processes on the machine have used (every core), from /proc/stat."""
    fields = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = fields[3] + (fields[4] if len(fields) > 4 else 0)  # idle, iowait
    guest = sum(fields[8:10]) if len(fields) > 9 else 0  # guest time is counted in user time already
    return (sum(fields) - idle - guest) / _TICKS


@dataclass(frozen=True)
class Memory:
    rss_kb: int  # VmRSS: resident now
    hwm_kb: int  # VmHWM: the peak resident size so far


def memory(pid: int | None = None) -> Memory:
    values: dict[str, int] = {}
    for line in Path(f"/proc/{pid or 'self'}/status").read_text().splitlines():
        key, _, rest = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            values[key] = int(rest.split()[0])
    return Memory(values.get("VmRSS", 0), values.get("VmHWM", 0))


class BotProcess:
    """The durable bot (`python -m bot.cli run`) or the baseline (`python bench/baseline_bot.py`), each a
    process of its own, pointed at the stand-in by environment variables."""

    def __init__(self, kind: BotKind, tg: TelegramStandIn, database_url: str, workdir: Path) -> None:
        self.kind = kind
        self.tg = tg
        self.workdir = workdir
        self.env = {
            **os.environ,
            "TELEGRAM_BOT_TOKEN": tg.token,
            "TELEGRAM_API_BASE_URL": tg.base_url,
            "TELEGRAM_API_FILE_URL": tg.base_file_url,
            "DATABASE_URL": database_url,
            "PTB_TIMEDELTA": "1",
            "LOG_LEVEL": "WARNING",
        }
        self.process: asyncio.subprocess.Process | None = None
        self.started_in = 0.0
        self._log: IO[bytes] | None = None

    @property
    def pid(self) -> int:
        assert self.process is not None
        return self.process.pid

    @property
    def log_path(self) -> Path:
        return self.workdir / f"{self.kind}.log"

    async def start(self, timeout: float = 120.0) -> None:  # noqa: ASYNC109 - a plain timeout reads best
        """Starts the process and waits until it polls: both call deleteWebhook just before polling (the
        durable bot after re-sending whatever a restart left unsent)."""
        args = ["-m", "bot.cli", "run"] if self.kind == "durable" else [str(ROOT / "bench" / "baseline_bot.py")]
        ready_before = len(self.tg.calls_to("deleteWebhook"))
        self._log = self.log_path.open("ab")
        began = time.perf_counter()
        # cwd: a temp dir, so that a developer's .env in the repo does not reach the bot.
        self.process = await asyncio.create_subprocess_exec(
            sys.executable, *args, env=self.env, cwd=self.workdir,
            stdin=asyncio.subprocess.DEVNULL, stdout=self._log, stderr=self._log)
        process = self.process

        polling = asyncio.ensure_future(
            self.tg.wait_until(lambda: len(self.tg.calls_to("deleteWebhook")) > ready_before, timeout))
        exited = asyncio.ensure_future(process.wait())
        try:
            await asyncio.wait({polling, exited}, return_when=asyncio.FIRST_COMPLETED)
        finally:
            exited.cancel()
            polling.cancel()
        if polling.done() and not polling.cancelled() and polling.exception() is not None:
            raise RuntimeError(f"the {self.kind} bot did not start polling within {timeout:.0f} s:\n"
                               f"{self.log_tail()}")
        if process.returncode is not None:
            raise RuntimeError(f"the {self.kind} bot exited with {process.returncode}:\n{self.log_tail()}")
        self.started_in = time.perf_counter() - began

    async def stop(self) -> None:
        if self.process is not None and self.process.returncode is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                await asyncio.wait_for(self.process.wait(), 20)
            except TimeoutError:
                self.process.kill()
                await self.process.wait()
        if self._log is not None:
            self._log.close()
            self._log = None

    def log_tail(self, lines: int = 30) -> str:
        with contextlib.suppress(OSError):
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        return ""

    async def __aenter__(self) -> BotProcess:
        await self.start()
        return self

    async def __aexit__(self, *_: object) -> None:
        await self.stop()


async def postgres_reachable() -> str | None:
    """None if the server answers; else why not."""
    try:
        connection = await asyncpg.connect(f"{POSTGRES_SERVER}/postgres", timeout=3)
    except (OSError, asyncpg.PostgresError, TimeoutError) as error:
        return f"{type(error).__name__}: {error}"
    await connection.close()
    return None


@contextlib.asynccontextmanager
async def postgres_database() -> AsyncIterator[str]:
    """A fresh database, migrated to the newest schema, dropped afterwards; yields its URL."""
    name = f"cbt_tgbench_{uuid.uuid4().hex[:12]}"
    admin = await asyncpg.connect(f"{POSTGRES_SERVER}/postgres", timeout=5)
    try:
        await admin.execute(f'CREATE DATABASE "{name}"')
        url = f"{POSTGRES_SERVER}/{name}"
        upgrade = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot.cli", "db", "upgrade", env={**os.environ, "DATABASE_URL": url},
            stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT)
        output, _ = await asyncio.wait_for(upgrade.communicate(), 120)
        if upgrade.returncode != 0:
            raise RuntimeError(f"cbt-bot db upgrade failed: {output.decode(errors='replace')}")
        yield url
    finally:
        with contextlib.suppress(asyncpg.PostgresError, OSError):
            await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.close()
