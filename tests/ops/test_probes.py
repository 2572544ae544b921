"""/healthz and /readyz over real HTTP: on HEALTH_PORT in polling mode, beside the webhook in webhook mode;
503 with a short reason when the database is behind on migrations or unreachable, when Telegram is
unreachable, while starting and while stopping."""

from __future__ import annotations

import asyncio
import shutil
import socket
import sqlite3
from pathlib import Path

import pytest
from alembic.script import ScriptDirectory

from bot.ops.observer import Observer
from bot.ops.probes import Readiness, probe_app, start_site
from bot.ops.running import PortUnavailable
from bot.settings import load_settings
from bot.storage import head_revision, open_store
from bot.storage.migrate import MIGRATIONS
from bot.transport.app import make_bot
from tests.e2e.harness import TOKEN, RunningBot, consent
from tests.ops.support import free_port, get_json, until
from tests.support.telegram_api import TelegramStandIn


def previous_revision() -> str:
    script = ScriptDirectory(str(MIGRATIONS)).get_revision(head_revision())
    assert script is not None and isinstance(script.down_revision, str)
    return script.down_revision


def set_revision(database: Path, revision: str) -> None:
    with sqlite3.connect(database) as connection:
        connection.execute("UPDATE alembic_version SET version_num = ?", (revision,))


async def test_polling_mode_serves_the_probes_on_health_port(tg: TelegramStandIn, tmp_path: Path) -> None:
    port = free_port()
    bot = RunningBot(tg, tmp_path / "bot.sqlite3", speed=200.0, extra_env={"HEALTH_PORT": str(port)})
    await bot.start()
    base = f"http://127.0.0.1:{port}"
    try:
        assert await get_json(f"{base}/healthz") == (200, {"status": "alive"})

        async def ready() -> bool:
            return await get_json(f"{base}/readyz") == (200, {"status": "ready"})

        await until(ready, 5)
        await consent(tg.user(7_600_000_001, "Ada"))  # and it still handles updates

        set_revision(bot.database, previous_revision())  # behind on migrations
        status, body = await get_json(f"{base}/readyz")
        assert status == 503
        assert set(body["failing"]) == {"migrations"}
        assert previous_revision() in body["failing"]["migrations"]
        assert head_revision() in body["failing"]["migrations"]
        assert (await get_json(f"{base}/healthz"))[0] == 200  # alive all the same: a restart mends nothing
        set_revision(bot.database, head_revision())
        await until(ready, 5)

        tg.drop_next(None, times=None)  # Telegram unreachable: every call's connection is cut

        async def telegram_down() -> bool:
            status, body = await get_json(f"{base}/readyz")
            return status == 503 and set(body["failing"]) == {"telegram"}

        await until(telegram_down, 15)
        getme_while_down = len(tg.calls_to("getMe"))
        for _ in range(20):  # probes in a burst do not each ask Telegram
            assert (await get_json(f"{base}/readyz"))[0] == 503
        assert len(tg.calls_to("getMe")) - getme_while_down <= 1
        tg.clear_faults()
        await until(ready, 20)
    finally:
        await bot.stop()


async def test_webhook_mode_serves_the_probes_beside_the_webhook(tg: TelegramStandIn, tmp_path: Path) -> None:
    port = free_port()
    url = f"http://127.0.0.1:{port}/telegram/hook"
    bot = RunningBot(tg, tmp_path / "bot.sqlite3", speed=200.0, extra_env={
        "WEBHOOK_URL": url, "WEBHOOK_SECRET": "s3cret-token-for-the-webhook_0123", "PORT": str(port)})
    await bot.start()
    try:
        await tg.wait_until(lambda: tg.webhook is not None, 10)
        assert await get_json(f"http://127.0.0.1:{port}/healthz") == (200, {"status": "alive"})
        assert await get_json(f"http://127.0.0.1:{port}/readyz") == (200, {"status": "ready"})
        set_revision(bot.database, previous_revision())
        status, body = await get_json(f"http://127.0.0.1:{port}/readyz")
        assert status == 503 and "migrations" in body["failing"]
        set_revision(bot.database, head_revision())
    finally:
        await bot.stop()


async def test_an_unreachable_database_a_stop_and_a_start_are_not_ready(tg: TelegramStandIn, tmp_path: Path) -> None:
    """The probes alone, on a store the test can take away: the database directory is moved and the pooled
    connections closed, so the next connection finds no database."""
    home = tmp_path / "db"
    home.mkdir()
    url = f"sqlite:///{home / 'bot.sqlite3'}"
    store = await open_store(url)
    settings = load_settings({"TELEGRAM_BOT_TOKEN": TOKEN, "TELEGRAM_API_BASE_URL": tg.base_url,
                              "TELEGRAM_API_FILE_URL": tg.base_file_url, "DATABASE_URL": url})
    observer = Observer()
    bot = make_bot(settings, observer)
    stopping = asyncio.Event()
    port = free_port()
    readyz = f"http://127.0.0.1:{port}/readyz"
    try:
        async with bot:
            readiness = Readiness(store, bot, observer, head_revision(), stopping)
            runner = await start_site(probe_app(readiness), port)
            try:
                status, body = await get_json(readyz)
                assert status == 503 and set(body["failing"]) == {"starting"}
                readiness.serving = True
                assert await get_json(readyz) == (200, {"status": "ready"})
                assert len(tg.calls_to("getMe")) >= 1  # bot.initialize() asked once already; at most one more

                shutil.move(home, tmp_path / "elsewhere")
                await store.engine.dispose()
                status, body = await get_json(readyz)
                assert status == 503
                assert set(body["failing"]) == {"database"}
                assert "unreachable" in body["failing"]["database"]
                assert str(tmp_path) not in body["failing"]["database"]  # no path or URL in the reason

                shutil.move(tmp_path / "elsewhere", home)
                assert await get_json(readyz) == (200, {"status": "ready"})
                stopping.set()
                status, body = await get_json(readyz)
                assert status == 503 and set(body["failing"]) == {"stopping"}
                assert (await get_json(f"http://127.0.0.1:{port}/healthz"))[0] == 200
            finally:
                await runner.cleanup()
    finally:
        await store.close()


async def test_a_taken_health_port_stops_the_start_with_one_clear_line(tg: TelegramStandIn, tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("0.0.0.0", 0))  # every interface, as the bot would listen
        taken.listen()
        port = taken.getsockname()[1]
        bot = RunningBot(tg, tmp_path / "bot.sqlite3", speed=200.0, extra_env={"HEALTH_PORT": str(port)})
        with pytest.raises(PortUnavailable, match=f"cannot listen on HEALTH_PORT={port}: ") as caught:
            await bot.start()
    assert "\n" not in str(caught.value)
    assert not tg.calls_to("setMyCommands")  # it stopped before announcing itself
