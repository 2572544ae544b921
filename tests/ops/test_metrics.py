"""Prometheus metrics on METRICS_PORT, scraped over HTTP after real updates went through the bot and the
stand-in Bot API: the counters move, and no label value holds a user id, a chat id, a text or the token."""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bot.ops.metrics import LATE_AFTER, Metrics
from bot.storage import open_store
from bot.storage.ports import UnitOfWork
from bot.therapist.rate_limit import RateLimiter
from bot.therapist.reminders import ClaimingDispatcher, SendResult
from tests.e2e.harness import MirroredClient, RunningBot, consent, forced, wait_quiet
from tests.e2e.test_therapist_journey import shipped
from tests.ops.support import free_port, get, parse_exposition, value
from tests.support.telegram_api import TelegramStandIn

SENTINEL = "ZEBRA-SENTINEL-4412"
ROOT = Path(__file__).resolve().parents[2]


async def test_metrics_count_what_the_bot_did_and_name_no_one(tg: TelegramStandIn, tmp_path: Path) -> None:
    port = free_port()
    bot = RunningBot(tg, tmp_path / "bot.sqlite3", speed=200.0, extra_env={"METRICS_PORT": str(port)})
    await bot.start()
    try:
        ada, bo = tg.user(7_700_000_001, "Ada"), tg.user(7_700_000_002, "Bo")
        await consent(ada)  # a command and button presses
        await ada.send(f"just words {SENTINEL}")  # a text outside any exercise
        await ada.next_message()
        await wait_quiet(ada)
        mirrored = MirroredClient(ada, shipped("quick_reframe"), "en")
        await mirrored.open_from_catalogue()  # and left open: one open session

        await consent(bo)
        tg.fail_next("sendMessage", status=429, retry_after=1, chat_id=bo.id)  # waited out, then sent
        await bo.send(forced("sos", "self", f"{SENTINEL} words"))  # a crisis episode
        await bo.next_message()
        await bo.next_message()
        await wait_quiet(bo)

        status, content_type, body = await get(f"http://127.0.0.1:{port}/metrics")
    finally:
        await bot.stop()

    assert status == 200
    assert content_type.startswith("text/plain") and "version=0.0.4" in content_type
    samples = parse_exposition(body)
    assert value(samples, "cbt_updates_total", kind="command", outcome="handled") >= 3  # /start twice, /practice
    assert value(samples, "cbt_updates_total", kind="button", outcome="handled") >= 3
    assert value(samples, "cbt_updates_total", kind="text", outcome="handled") >= 2
    assert value(samples, "cbt_update_seconds_count", kind="text") >= 2
    assert value(samples, "cbt_update_seconds_bucket", kind="text", le="+Inf") == value(
        samples, "cbt_update_seconds_count", kind="text")
    sent_ok = value(samples, "cbt_telegram_calls_total", method="sendMessage", outcome="ok")
    assert sent_ok == len([c for c in tg.calls_to("sendMessage") if c.status == 200])
    assert value(samples, "cbt_telegram_calls_total", method="sendMessage", outcome="rate_limited") == 1
    assert value(samples, "cbt_telegram_calls_total", method="getUpdates", outcome="ok") >= 1
    assert value(samples, "cbt_telegram_retry_after_waits_total") == 1
    assert value(samples, "cbt_telegram_retry_after_seconds_total") == 1
    assert value(samples, "cbt_db_transaction_seconds_count") >= 10
    assert value(samples, "cbt_open_sessions") == 1
    assert value(samples, "cbt_crisis_episodes", response="sos", category="self") == 1
    assert value(samples, "cbt_database_read_ok") == 1
    assert value(samples, "process_resident_memory_bytes") > 10_000_000

    forbidden = {str(ada.id), str(bo.id), SENTINEL.lower(), "zebra", tg.token.split(":")[1].lower(), "ada", "bo"}
    for name, labels, _ in samples:
        for label_value in labels.values():
            assert not any(bad in label_value.lower() for bad in forbidden if len(bad) > 2 or label_value == bad), (
                f"{name}{labels}")
    assert SENTINEL not in body and str(ada.id) not in body and str(bo.id) not in body


async def test_reminders_due_sent_and_late_are_counted(tmp_path: Path) -> None:
    """The dispatcher's hook, with the reminder machinery's real rounds on a real store; what is claimed here
    is made up (the claiming queries have their own tests), the counting is not."""
    now = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
    due = {1: now - timedelta(seconds=5), 2: now - timedelta(seconds=LATE_AFTER + 30), 3: now}
    outcome = {1: SendResult.SENT, 2: SendResult.SENT, 3: SendResult.FAILED}

    class Reminders(ClaimingDispatcher[int]):
        kind = "reminder"

        async def _claim(self, tx: UnitOfWork, batch: int, lease: timedelta) -> list[int]:
            return list(due)

        async def _mark(self, tx: UnitOfWork, item: int, result: SendResult) -> None:
            pass

        def _name(self, item: int) -> str:
            return f"item {item}"

        def _due_at(self, item: int) -> datetime | None:
            return due[item]

    async def send(item: int) -> SendResult:
        return outcome[item]

    store = await open_store(f"sqlite:///{tmp_path / 'bot.sqlite3'}")
    try:
        metrics = Metrics(store)
        store.on_transaction = metrics.transaction
        done = await Reminders(store, send, lambda: now, RateLimiter(), observer=metrics).run_round()
        samples = parse_exposition(await metrics.render())
    finally:
        await store.close()
    assert (done.claimed, done.sent, done.failed) == (3, 2, 1)
    assert value(samples, "cbt_reminders_due_total", what="reminder") == 3
    assert value(samples, "cbt_reminders_sent_total", what="reminder", result="sent") == 2
    assert value(samples, "cbt_reminders_sent_total", what="reminder", result="failed") == 1
    assert value(samples, "cbt_reminders_late_total", what="reminder") == 1
    assert value(samples, "cbt_db_transaction_seconds_count") == 3  # the claim and two marks
    assert value(samples, "cbt_open_sessions") == 0


def test_with_metrics_off_the_metrics_module_is_never_loaded() -> None:
    script = ("import sys, bot.transport.app, bot.cli, bot.ops.running; "
              "print(sorted(m for m in sys.modules if m in ('bot.ops.metrics', 'bot.ops.exposition')))")
    loaded = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True,
                            cwd=ROOT).stdout.strip()
    assert loaded == "[]"
