"""TelegramStandIn: the test-facing handle on the running stand-in."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any

from aiohttp import web

from .chats import Chat
from .faults import Fault
from .messages import UploadedFile
from .people import SimulatedUser
from .server import create_app
from .state import ApiCall, CallbackQuery, StandInOptions, StandInState
from .webhook_delivery import DeliveryAttempt, WebhookConfig

DEFAULT_TOKEN = StandInOptions.token


class TelegramStandIn:
    def __init__(self, state: StandInState, origin: str) -> None:
        self._state = state
        self.origin = origin
        self._users: dict[int, SimulatedUser] = {}

    @classmethod
    @asynccontextmanager
    async def start(
        cls,
        token: str = DEFAULT_TOKEN,
        *,
        bot_username: str = StandInOptions.bot_username,
        bot_first_name: str = StandInOptions.bot_first_name,
        first_update_id: int = StandInOptions.first_update_id,
        callback_query_ttl: float = StandInOptions.callback_query_ttl,
        webhook_retry_delay: float = StandInOptions.webhook_retry_delay,
        webhook_max_attempts: int = StandInOptions.webhook_max_attempts,
        webhook_timeout: float = StandInOptions.webhook_timeout,
    ) -> AsyncIterator[TelegramStandIn]:
        """Serves the Bot API on 127.0.0.1 at a free port until the block ends."""
        state = StandInState(
            StandInOptions(
                token=token,
                bot_username=bot_username,
                bot_first_name=bot_first_name,
                first_update_id=first_update_id,
                callback_query_ttl=callback_query_ttl,
                webhook_retry_delay=webhook_retry_delay,
                webhook_max_attempts=webhook_max_attempts,
                webhook_timeout=webhook_timeout,
            )
        )
        runner = web.AppRunner(create_app(state), access_log=None, shutdown_timeout=1.0)
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        host, port = runner.addresses[0][:2]
        try:
            yield cls(state, f"http://{host}:{port}")
        finally:
            state.closing = True
            state.updates.changed.notify()  # long polls answer at once
            await state.webhook.close()
            await runner.cleanup()

    # Where the bot connects: Bot(token, base_url=tg.base_url, base_file_url=tg.base_file_url)

    @property
    def base_url(self) -> str:
        return f"{self.origin}/bot"

    @property
    def base_file_url(self) -> str:
        return f"{self.origin}/file/bot"

    @property
    def token(self) -> str:
        return self._state.token

    @property
    def bot_user(self) -> dict[str, Any]:
        return dict(self._state.bot_user)

    # People

    def user(
        self,
        user_id: int,
        first_name: str = "User",
        *,
        last_name: str | None = None,
        username: str | None = None,
        language_code: str | None = "en",
    ) -> SimulatedUser:
        """A simulated user (the same one for the same id); they must write to the bot before it may write."""
        if user_id not in self._users:
            profile: dict[str, Any] = {"id": user_id, "is_bot": False, "first_name": first_name}
            optional = {"last_name": last_name, "username": username, "language_code": language_code}
            profile.update({k: v for k, v in optional.items() if v is not None})
            chat = Chat(profile)
            self._state.chats[user_id] = chat
            self._users[user_id] = SimulatedUser(self._state, chat)
        return self._users[user_id]

    @property
    def users(self) -> list[SimulatedUser]:
        return list(self._users.values())

    def block(self, user: SimulatedUser, *, notify_bot: bool = True) -> None:
        """The user blocks the bot: sends now get 403; the bot gets a my_chat_member update (kicked)."""
        self._set_blocked(user, True, notify_bot)

    def unblock(self, user: SimulatedUser, *, notify_bot: bool = True) -> None:
        self._set_blocked(user, False, notify_bot)

    def _set_blocked(self, user: SimulatedUser, blocked: bool, notify_bot: bool) -> None:
        chat = self._state.chats[user.id]
        if chat.blocked == blocked:
            return
        chat.blocked = blocked
        if notify_bot:
            old, new = ("member", "kicked") if blocked else ("kicked", "member")
            member = {"user": self._state.bot_user}
            body = {
                "chat": chat.api_chat,
                "from": chat.user,
                "date": self._state.now(),
                "old_chat_member": {**member, "status": old},
                "new_chat_member": {**member, "status": new, **({"until_date": 0} if blocked else {})},
            }
            self._state.add_update("my_chat_member", body, user.id)

    # Faults

    def fail_next(
        self,
        method: str | None,
        *,
        status: int = 429,
        retry_after: int = 1,
        times: int | None = 1,
        chat_id: int | str | None = None,
        description: str | None = None,
    ) -> Fault:
        """The next `times` calls of the method (None: any method; times None: until cleared) fail.

        429 carries parameters.retry_after; 5xx get Telegram's phrase; other statuses need a description.
        """
        return self._state.faults.add(
            Fault(
                kind="error",
                method=method,
                chat_id=chat_id,
                remaining=times,
                status=status,
                retry_after=retry_after if status == 429 else None,
                description=description,
            )
        )

    def drop_next(
        self,
        method: str | None,
        *,
        times: int | None = 1,
        chat_id: int | str | None = None,
        after_processing: bool = False,
    ) -> Fault:
        """Cuts the connection instead of answering; after_processing=True: the call takes effect first."""
        return self._state.faults.add(
            Fault("drop", method, chat_id, times, after_processing=after_processing)
        )

    def delay_next(
        self,
        method: str | None,
        seconds: float,
        *,
        times: int | None = 1,
        chat_id: int | str | None = None,
        after_processing: bool = False,
    ) -> Fault:
        """Holds the answer for `seconds`: before the call takes effect, or after it with after_processing."""
        return self._state.faults.add(
            Fault(
                "delay",
                method,
                chat_id,
                times,
                seconds=seconds,
                after_processing=after_processing,
            )
        )

    def clear_faults(self) -> None:
        self._state.faults.clear()

    # Updates

    def inject_update(self, update: dict[str, Any]) -> int:
        """Queues a raw update as is (e.g. a duplicate of an earlier one); returns its update_id."""
        return self._state.updates.inject(update, _chat_key(update)).update_id

    @property
    def next_update_id(self) -> int:
        return self._state.updates.next_update_id

    @next_update_id.setter
    def next_update_id(self, value: int) -> None:
        self._state.updates.next_update_id = value

    @property
    def updates(self) -> list[dict[str, Any]]:
        """Every update created or injected so far, delivered or not."""
        return list(self._state.updates.history)

    @property
    def pending_updates(self) -> list[dict[str, Any]]:
        return [update.payload for update in self._state.updates.pending]

    @property
    def webhook(self) -> WebhookConfig | None:
        return self._state.webhook.config

    @property
    def webhook_attempts(self) -> list[DeliveryAttempt]:
        return list(self._state.webhook.attempts)

    @property
    def webhook_given_up(self) -> list[dict[str, Any]]:
        """Updates dropped after every delivery attempt failed."""
        return list(self._state.webhook.given_up)

    # What the bot did

    @property
    def calls(self) -> list[ApiCall]:
        return list(self._state.calls)

    def calls_to(self, method: str) -> list[ApiCall]:
        return [call for call in self._state.calls if call.method.lower() == method.lower()]

    @property
    def callback_queries(self) -> list[CallbackQuery]:
        return list(self._state.callback_queries.values())

    def unanswered_callback_queries(self) -> list[CallbackQuery]:
        return [query for query in self._state.callback_queries.values() if not query.answered]

    def commands(self, scope: dict[str, Any] | None = None, language_code: str = "") -> list[dict[str, Any]]:
        key = json.dumps(scope or {"type": "default"}, sort_keys=True), language_code
        return list(self._state.commands.get(key, []))

    def menu_button(self, chat_id: int | None = None) -> dict[str, Any] | None:
        return self._state.menu_buttons.get(chat_id)

    @property
    def files(self) -> list[UploadedFile]:
        return list(self._state.files.values())

    async def wait_until(
        self,
        condition: Callable[[], bool],
        timeout: float = 5.0,  # noqa: ASYNC109 - a plain timeout keyword reads best in tests
    ) -> None:
        """Waits until condition() holds, re-checking after every API call and every new update."""
        if not await self._state.changed.wait_until(condition, timeout):
            raise TimeoutError(f"condition still false after {timeout} s")


def _chat_key(update: dict[str, Any]) -> int | None:
    for key, body in update.items():
        if key == "update_id" or not isinstance(body, dict):
            continue
        chat = body.get("chat") or (body.get("message") or {}).get("chat") or {}
        sender = body.get("from") or {}
        found = chat.get("id", sender.get("id"))
        return int(found) if found is not None else None
    return None
