"""The running bot: storage, flows, the conversation and Telegram wired together, in polling or webhook
mode, until asked to stop."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from urllib.parse import urlparse

from aiohttp import web
from telegram import Bot, BotCommand
from telegram.request import HTTPXRequest

from bot.conversation.flow_library import FlowLibrary
from bot.conversation.service import Conversation
from bot.conversation.texts import LANGUAGES, ui
from bot.flow_dirs import SHIPPED_FLOWS
from bot.settings import Settings
from bot.storage import open_store
from bot.transport.chat_locks import ChatLocks
from bot.transport.inbound import ALLOWED_UPDATES
from bot.transport.pipeline import Pipeline
from bot.transport.polling import Poller
from bot.transport.sender import Sender
from bot.transport.webhook import webhook_app

log = logging.getLogger(__name__)

MENU = ("practice", "resume", "back", "pause", "cancel", "history", "language", "help", "sos")


def make_bot(settings: Settings) -> Bot:
    return Bot(
        settings.token,
        base_url=settings.api_base_url,
        base_file_url=settings.api_file_url,
        request=HTTPXRequest(connection_pool_size=128, read_timeout=15.0, write_timeout=15.0),
        get_updates_request=HTTPXRequest(connection_pool_size=2, read_timeout=60.0),
    )


async def register_commands(bot: Bot) -> None:
    for language in LANGUAGES:
        commands = [BotCommand(name, ui(f"menu_{name}", language)) for name in MENU]
        await bot.set_my_commands(commands, language_code=None if language == "en" else language)


async def serve(settings: Settings, stop: asyncio.Event, clock: Callable[[], float] = time.time,
                poll_timeout: int = 30) -> None:
    """Runs until `stop` is set. `clock` stamps every event (tests run timers on a faster one)."""
    store = await open_store(settings.database_url)
    library = FlowLibrary.from_dirs([SHIPPED_FLOWS, *settings.flows_dirs])
    bot = make_bot(settings)
    try:
        async with bot:
            conversation = Conversation(store, library, bot.id)
            pipeline = Pipeline(conversation, Sender(bot, store), ChatLocks(), clock)
            await register_commands(bot)
            await pipeline.recover()
            try:
                if settings.webhook_url:
                    await _serve_webhook(bot, pipeline, settings, stop)
                else:
                    await _serve_polling(bot, pipeline, stop, poll_timeout)
            finally:
                await pipeline.timers.stop_all()
    finally:
        await store.close()


async def _serve_polling(bot: Bot, pipeline: Pipeline, stop: asyncio.Event, poll_timeout: int) -> None:
    await bot.delete_webhook()
    poller = Poller(bot, pipeline, poll_timeout)
    task = asyncio.create_task(poller.run())
    log.info("polling for updates")
    await stop.wait()
    poller.stop()
    await task


async def _serve_webhook(bot: Bot, pipeline: Pipeline, settings: Settings, stop: asyncio.Event) -> None:
    assert settings.webhook_url
    assert settings.webhook_secret
    path = urlparse(settings.webhook_url).path or "/"
    runner = web.AppRunner(webhook_app(bot, pipeline, path, settings.webhook_secret))
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
