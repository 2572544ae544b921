"""The running bot: storage, flows, the conversation and Telegram wired together, in polling or webhook
mode, until asked to stop."""

from __future__ import annotations

import asyncio
import contextlib
import gc
import logging
import time
from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime
from functools import partial
from urllib.parse import urlparse

from aiohttp import web
from telegram import Bot
from telegram.constants import ParseMode
from telegram.error import TelegramError

from bot.conversation.deliveries import Deliveries
from bot.conversation.flow_library import FlowLibrary
from bot.conversation.messages import Keyboard
from bot.conversation.safety.trigger import Detector
from bot.conversation.service import Conversation
from bot.conversation.texts import language_of
from bot.conversation.therapist.caseload import digest_messages, missed_notice
from bot.conversation.therapist.homework import reminder_message
from bot.flow_dirs import SHIPPED_FLOWS
from bot.log_safety import log_failure
from bot.logging_setup import quiet_libraries
from bot.media_dirs import SHIPPED_MEDIA
from bot.ops.observer import Observer
from bot.ops.probes import Readiness
from bot.ops.running import Operations
from bot.safety.detector import assess, warm_up
from bot.settings import Settings
from bot.storage import StorageError, encryption_warning, open_store
from bot.storage.ports import Storage
from bot.storage.records import DueDigest, DueReminder, MissedNotice
from bot.therapist.caseload_dispatch import DigestDispatcher, MissedNoticeDispatcher
from bot.therapist.rate_limit import RateLimiter
from bot.therapist.reminders import ReminderDispatcher, SendResult
from bot.transport.chat_locks import ChatLocks
from bot.transport.commands import register_commands, set_therapist_menus
from bot.transport.http import AiohttpRequest
from bot.transport.inbound import ALLOWED_UPDATES
from bot.transport.pipeline import Pipeline
from bot.transport.polling import Poller
from bot.transport.recordings import Recordings
from bot.transport.sender import ChatUnreachable, Sender, markup
from bot.transport.telegram_bot import CbtBot
from bot.transport.webhook import webhook_app
from bot.web.app import Dashboard, mount

log = logging.getLogger(__name__)

DELIVERY_MARKS_EVERY = 0.25  # seconds; a crash re-sends at most this long's worth of questions, marked as repeats


def make_bot(settings: Settings, observer: Observer | None = None) -> CbtBot:
    return CbtBot(
        settings.token,
        base_url=settings.api_base_url,
        base_file_url=settings.api_file_url,
        request=AiohttpRequest(connection_pool_size=128, read_timeout=15.0, write_timeout=15.0, observer=observer),
        get_updates_request=AiohttpRequest(connection_pool_size=2, read_timeout=60.0, observer=observer),
    )


async def serve(settings: Settings, stop: asyncio.Event, clock: Callable[[], float] = time.time,
                poll_timeout: int = 30, reminder_interval: float = 20.0, detector: Detector = assess) -> None:
    """Runs until `stop` is set. `clock` stamps every event and every stored time (tests move it); `detector`
    reads crisis language (tests force its answer)."""
    quiet_libraries()
    warning = encryption_warning(settings.keyring)
    if warning:
        log.warning(warning)
    store = await open_store(settings.database_url, clock=lambda: datetime.fromtimestamp(clock(), UTC),
                             keyring=settings.keyring)
    await store.check_keys()
    media = [*settings.media_dirs, SHIPPED_MEDIA]
    library = FlowLibrary.from_dirs([SHIPPED_FLOWS, *settings.flows_dirs], media)
    ops = Operations(settings, store, stop)  # probes, metrics and the hooks they read (bot/ops)
    observer = ops.observer
    bot = make_bot(settings, observer)
    try:
        async with bot:
            await ops.start(bot)
            conversation = Conversation(store, library, bot.id, bot.username, detector, settings.dashboard_url)
            dashboard = Dashboard(store, library, settings.token, clock)
            sender = Sender(bot, store, conversation.deliveries, observer=observer, recordings=Recordings(media))
            pipeline = Pipeline(conversation, sender, ChatLocks(), clock, observer=observer)
            # The sentence encoder loads (about a second) while interrupted chats are recovered, and before the
            # bot announces its commands and takes updates, so that nobody's first message waits for it; a
            # failure leaves the phrase rules alone working (logged by the detector).
            encoder = asyncio.create_task(asyncio.to_thread(warm_up))
            await pipeline.recover()
            await encoder
            await register_commands(bot)
            await set_therapist_menus(bot, await therapist_chats(store))
            settle_startup_objects()
            limiter = RateLimiter()  # one for every bulk send: Telegram's limit is the bot's, not a loop's
            reminders = ReminderDispatcher(store, partial(send_reminder, sender, library),
                                           lambda: datetime.fromtimestamp(clock(), UTC), limiter, observer=observer)
            reminder_loop = asyncio.create_task(reminders.run(stop, reminder_interval))
            caseload_loops = start_caseload_dispatch(store, sender, library, clock, limiter, stop, reminder_interval,
                                                     observer)
            deliveries_loop = asyncio.create_task(keep_saving(conversation.deliveries, stop))
            ops.serving()
            try:
                if settings.webhook_url:
                    await _serve_webhook(bot, pipeline, settings, stop, dashboard, ops.readiness)
                else:
                    async with serving_dashboard(dashboard, settings.port):
                        await _serve_polling(bot, pipeline, stop, poll_timeout)
            finally:
                await reminder_loop
                await asyncio.gather(*caseload_loops)
                await pipeline.timers.stop_all()
                await deliveries_loop
                await save_deliveries(conversation.deliveries)  # the marks of what was sent while stopping
    finally:
        await ops.stop()
        await store.close()


async def therapist_chats(store: Storage) -> list[int]:
    try:
        async with store.transaction() as tx:
            return [p.telegram_id for p in await tx.people.with_role("therapist")]
    except StorageError as error:
        log_failure(log, "therapists not read for their command menus", error)
        return []


def settle_startup_objects() -> None:
    """What start-up built (modules, flows, crisis rules) lives as long as the bot: collected once and frozen,
    a full garbage collection no longer walks it. Walking it took about 90 ms, during which no chat moved."""
    assess("warm-up")  # compiles the crisis rules now rather than in the first client's answer
    gc.collect()
    gc.freeze()


async def keep_saving(deliveries: Deliveries, stop: asyncio.Event, interval: float = DELIVERY_MARKS_EVERY) -> None:
    """Writes the delivery marks every `interval` seconds until `stop` is set (serve() writes the last ones
    once the updates in hand are done)."""
    while not stop.is_set():
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), interval)
        await save_deliveries(deliveries)


async def save_deliveries(deliveries: Deliveries) -> None:
    try:
        await deliveries.save()
    except StorageError as error:  # kept pending: the next round writes them
        log_failure(log, "delivery marks not saved", error)


async def send_reminder(sender: Sender, library: FlowLibrary, due: DueReminder) -> SendResult:
    text, keyboard = reminder_message(library, due)
    try:
        await sender.call(partial(sender.bot.send_message, due.client_telegram_id, text,
                                  parse_mode=ParseMode.HTML, reply_markup=markup(keyboard)))
    except ChatUnreachable:
        await sender.mark_blocked(due.client_telegram_id)
        return SendResult.UNREACHABLE
    except TelegramError as error:
        log.warning("reminder for item %s not sent: %s", due.item_id, type(error).__name__)
        return SendResult.FAILED
    return SendResult.SENT


def start_caseload_dispatch(store: Storage, sender: Sender, library: FlowLibrary, clock: Callable[[], float],
                            limiter: RateLimiter, stop: asyncio.Event, interval: float,
                            observer: Observer | None = None) -> list[asyncio.Task[None]]:
    """The therapists' digests and missed-item notices, sent as reminders are (claimed, sent, marked)."""
    utc_clock = partial(_utc, clock)
    observer = observer or Observer()
    digests = DigestDispatcher(store, partial(send_digest, sender, library, store), utc_clock, limiter, batch=20,
                               observer=observer)
    notices = MissedNoticeDispatcher(store, partial(send_missed_notice, sender, library, store), utc_clock, limiter,
                                     observer=observer)
    return [asyncio.create_task(digests.run(stop, interval)), asyncio.create_task(notices.run(stop, interval))]


def _utc(clock: Callable[[], float]) -> datetime:
    return datetime.fromtimestamp(clock(), UTC)


async def send_digest(sender: Sender, library: FlowLibrary, store: Storage, due: DueDigest) -> SendResult:
    language = language_of(due)
    async with store.transaction() as tx:
        messages = await digest_messages(tx, library, due, language)
    return await _send_texts(sender, due.telegram_id, [(text, ()) for text in messages], "digest")


async def send_missed_notice(sender: Sender, library: FlowLibrary, store: Storage, notice: MissedNotice) -> SendResult:
    async with store.transaction() as tx:
        text, keyboard = await missed_notice(tx, library, notice, language_of(notice))
    return await _send_texts(sender, notice.therapist_telegram_id, [(text, keyboard)], "missed-item notice")


async def _send_texts(sender: Sender, chat_id: int, messages: list[tuple[str, Keyboard]], what: str) -> SendResult:
    try:
        for text, keyboard in messages:
            await sender.call(partial(sender.bot.send_message, chat_id, text, parse_mode=ParseMode.HTML,
                                      reply_markup=markup(keyboard)))
    except ChatUnreachable:
        await sender.mark_blocked(chat_id)
        return SendResult.UNREACHABLE
    except TelegramError as error:
        log.warning("%s not sent: %s", what, type(error).__name__)
        return SendResult.FAILED
    return SendResult.SENT


async def _serve_polling(bot: CbtBot, pipeline: Pipeline, stop: asyncio.Event, poll_timeout: int) -> None:
    await bot.delete_webhook()
    poller = Poller(bot, pipeline, poll_timeout)
    task = asyncio.create_task(poller.run())
    log.info("polling for updates")
    await stop.wait()
    poller.stop()
    await task


@contextlib.asynccontextmanager
async def serving_dashboard(dashboard: Dashboard, port: int) -> AsyncIterator[None]:
    """Polling mode: the dashboard alone on `port` (docs/dashboard.md). A port in use is logged, and the bot
    goes on without the dashboard."""
    app = web.Application()
    mount(app, dashboard)
    runner = web.AppRunner(app)
    await runner.setup()
    try:
        await web.TCPSite(runner, "0.0.0.0", port).start()  # noqa: S104 (behind the proxy, or on a desktop)
        log.info("dashboard listening on port %s", port)
    except OSError as error:  # the bot still works in Telegram; the port is what to change
        log.warning("dashboard not served: port %s is not free (%s); set PORT to another", port, error.strerror)
    try:
        yield
    finally:
        await runner.cleanup()


async def _serve_webhook(bot: Bot, pipeline: Pipeline, settings: Settings, stop: asyncio.Event,
                         dashboard: Dashboard, readiness: Readiness | None = None) -> None:
    assert settings.webhook_url
    assert settings.webhook_secret
    path = urlparse(settings.webhook_url).path or "/"
    app = webhook_app(bot, pipeline, path, settings.webhook_secret, readiness)
    mount(app, dashboard)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "0.0.0.0", settings.port)  # noqa: S104 (a webhook listens for Telegram)
    await site.start()
    await bot.set_webhook(settings.webhook_url, secret_token=settings.webhook_secret,
                          allowed_updates=ALLOWED_UPDATES)
    log.info("webhook listening on port %s", settings.port)
    try:
        await stop.wait()
    finally:
        await runner.cleanup()
