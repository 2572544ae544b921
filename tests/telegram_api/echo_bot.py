"""A trivial PTB Application (echo, plus a one-question quiz) and ways to run it against the stand-in."""

from __future__ import annotations

import hmac
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from aiohttp import web
from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import (
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from tests.support.telegram_api import SECRET_HEADER, TelegramStandIn

from .receivers import serve

AnyApplication = Application[Any, Any, Any, Any, Any, Any]


async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    assert update.message is not None
    assert update.message.text is not None
    await update.message.reply_text(update.message.text)


async def ask(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    assert update.message is not None
    assert update.effective_user is not None
    user_id = update.effective_user.id
    buttons = [InlineKeyboardButton(f"Option {c}", callback_data=f"{user_id}:{c}") for c in "AB"]
    await update.message.reply_text(
        "<b>Pick one</b>", parse_mode="HTML", reply_markup=InlineKeyboardMarkup([buttons])
    )


async def picked(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    query = update.callback_query
    assert query is not None
    assert query.data is not None
    await query.answer()
    await query.edit_message_text(f"{query.from_user.first_name} picked {query.data.split(':')[1]}")


def build_application(tg: TelegramStandIn, *, with_updater: bool = True) -> AnyApplication:
    builder = ApplicationBuilder().token(tg.token).base_url(tg.base_url).base_file_url(tg.base_file_url)
    if not with_updater:
        builder = builder.updater(None)
    application = builder.build()
    application.add_handler(CommandHandler("quiz", ask))
    application.add_handler(CallbackQueryHandler(picked))
    application.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND, echo))
    return application


@asynccontextmanager
async def polling(tg: TelegramStandIn) -> AsyncIterator[AnyApplication]:
    application = build_application(tg)
    async with application:
        assert application.updater is not None
        await application.updater.start_polling(poll_interval=0)
        await application.start()
        try:
            yield application
        finally:
            await application.updater.stop()
            await application.stop()


@asynccontextmanager
async def webhook(tg: TelegramStandIn, secret: str) -> AsyncIterator[AnyApplication]:
    """The Application fed by a tiny aiohttp receiver that checks the secret header itself."""
    application = build_application(tg, with_updater=False)

    async def receive(request: web.Request) -> web.Response:
        if not hmac.compare_digest(request.headers.get(SECRET_HEADER, ""), secret):
            return web.Response(status=403)
        await application.update_queue.put(Update.de_json(await request.json(), application.bot))
        return web.Response()

    async with serve(receive) as url, application:
        await application.start()
        await application.bot.set_webhook(url, secret_token=secret)
        try:
            yield application
        finally:
            await application.bot.delete_webhook()
            await application.stop()
