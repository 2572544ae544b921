"""The webhook endpoint. The secret header is compared in constant time, and the update is committed
before 200 is returned: if the bot dies first, Telegram's retry delivers it again."""

from __future__ import annotations

import hmac
import json
import logging

from aiohttp import web
from telegram import Bot, Update

from bot.log_safety import log_failure
from bot.ops.probes import Readiness, add_probe_routes
from bot.transport.pipeline import Pipeline

log = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"  # noqa: S105 (a header name)
MAX_BODY = 1 << 20


def webhook_app(bot: Bot, pipeline: Pipeline, path: str, secret: str,
                readiness: Readiness | None = None) -> web.Application:
    """The webhook at `path`, with /healthz beside it, and /readyz when given the `readiness` checks."""
    expected = secret.encode()

    async def receive(request: web.Request) -> web.Response:
        given = request.headers.get(SECRET_HEADER, "").encode()
        if not hmac.compare_digest(given, expected):
            return web.Response(status=403, text="forbidden")
        try:
            data = json.loads(await request.read())
            update = Update.de_json(data, bot)
        except (ValueError, TypeError, KeyError):
            return web.Response(status=400, text="not an update")
        try:
            await pipeline.process(update)
        except Exception as error:
            log_failure(log, f"update {update.update_id} failed; Telegram will retry it", error)
            return web.Response(status=500, text="retry later")
        return web.Response(text="ok")

    app = web.Application(client_max_size=MAX_BODY)
    app.router.add_post(path, receive)
    add_probe_routes(app, readiness)
    return app
