"""getUpdates (long polling), setWebhook, deleteWebhook, getWebhookInfo."""

from __future__ import annotations

import asyncio
import re
from typing import Any
from urllib.parse import urlsplit

from tests.support.telegram_api.errors import bad_request, conflict
from tests.support.telegram_api.state import StandInState
from tests.support.telegram_api.webhook_delivery import WebhookConfig

SECRET_TOKEN = re.compile(r"[A-Za-z0-9_-]{1,256}")
LOOPBACK_HOSTS = {"127.0.0.1", "localhost", "::1"}
WEBHOOK_ACTIVE = (
    "can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first"
)
TERMINATED = "terminated by other getUpdates request; make sure that only one bot instance is running"


def _allowed_updates(state: StandInState, params: dict[str, Any]) -> None:
    allowed = params.get("allowed_updates")
    if allowed is None:
        return  # Telegram keeps the previous setting
    if not all(isinstance(kind, str) for kind in allowed):
        raise bad_request("allowed_updates must be an Array of String")
    state.updates.allowed_updates = list(allowed)


async def get_updates(state: StandInState, params: dict[str, Any]) -> Any:
    if state.webhook.config is not None:
        raise conflict(WEBHOOK_ACTIVE)
    _allowed_updates(state, params)
    offset = params.get("offset")
    if offset is not None and offset < 0:
        state.updates.keep_last(-offset)
    elif offset is not None:
        state.updates.confirm_below(offset)
    limit = min(max(params.get("limit", 100), 1), 100)
    timeout = max(params.get("timeout", 0), 0)
    # A newer getUpdates ends the one still waiting, as on Telegram.
    state.poll_generation += 1
    generation = state.poll_generation
    state.updates.changed.notify()
    deadline = asyncio.get_running_loop().time() + timeout
    while True:
        if generation != state.poll_generation:
            raise conflict(TERMINATED)
        if state.webhook.config is not None:
            raise conflict(WEBHOOK_ACTIVE)
        remaining = deadline - asyncio.get_running_loop().time()
        updates = state.updates.take(limit)
        if updates or remaining <= 0 or state.closing:
            return [update.payload for update in updates]
        await state.updates.changed.wait(remaining)


def _check_webhook_url(url: str) -> None:
    parts = urlsplit(url)
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        raise bad_request("bad webhook: invalid webhook URL specified")
    # Telegram requires HTTPS; plain HTTP is allowed on loopback so tests can run a local receiver.
    if parts.scheme == "http" and parts.hostname not in LOOPBACK_HOSTS:
        raise bad_request("bad webhook: An HTTPS URL must be provided for webhook")


async def set_webhook(state: StandInState, params: dict[str, Any]) -> Any:
    url = params["url"]
    if not url:
        return await delete_webhook(state, params)
    _check_webhook_url(url)
    secret = params.get("secret_token")
    if secret is not None and not SECRET_TOKEN.fullmatch(secret):
        raise bad_request("secret token contains unallowed characters")
    max_connections = params.get("max_connections", 40)
    if not 1 <= max_connections <= 100:
        raise bad_request("bad webhook: max_connections must be between 1 and 100")
    _allowed_updates(state, params)
    if params.get("drop_pending_updates"):
        state.updates.clear()
    config = WebhookConfig(
        url=url,
        secret_token=secret,
        max_connections=max_connections,
        allowed_updates=list(state.updates.allowed_updates),
    )
    await state.webhook.set(config)
    state.updates.changed.notify()  # a waiting getUpdates now answers with a conflict
    return True


async def delete_webhook(state: StandInState, params: dict[str, Any]) -> Any:
    if params.get("drop_pending_updates"):
        state.updates.clear()
    await state.webhook.delete()
    return True


async def get_webhook_info(state: StandInState, params: dict[str, Any]) -> Any:
    config = state.webhook.config
    info: dict[str, Any] = {
        "url": config.url if config else "",
        "has_custom_certificate": False,
        "pending_update_count": len(state.updates.pending),
    }
    if config is not None:
        info["max_connections"] = config.max_connections
        if config.allowed_updates:
            info["allowed_updates"] = config.allowed_updates
    if state.webhook.last_error is not None:
        info["last_error_date"], info["last_error_message"] = state.webhook.last_error
    return info
