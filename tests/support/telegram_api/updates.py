"""The bot's pending updates: numbered in order, filtered by allowed_updates, confirmed by offset."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .signals import Signal

# Telegram's default when allowed_updates is empty or was never given.
NOT_DELIVERED_BY_DEFAULT = {"chat_member", "message_reaction", "message_reaction_count"}


@dataclass
class PendingUpdate:
    update_id: int
    payload: dict[str, Any]
    chat_key: int | None  # updates of one chat are delivered in order
    handed_out: bool = False
    # An injected update whose id is not new (a duplicate) survives offsets until it has been handed out.
    replayed: bool = False

    @property
    def kind(self) -> str:
        return next(key for key in self.payload if key != "update_id")


class UpdateQueue:
    def __init__(self, first_update_id: int) -> None:
        self.next_update_id = first_update_id
        self.allowed_updates: list[str] = []
        self.pending: list[PendingUpdate] = []
        self.history: list[dict[str, Any]] = []  # every update created or injected, in order
        self.listeners: list[Callable[[PendingUpdate], None]] = []
        self.changed = Signal()

    def allows(self, kind: str) -> bool:
        if self.allowed_updates:
            return kind in self.allowed_updates
        return kind not in NOT_DELIVERED_BY_DEFAULT

    def add(self, kind: str, body: dict[str, Any], chat_key: int | None) -> PendingUpdate | None:
        """Numbers and queues a new update, or drops it if allowed_updates excludes its kind."""
        if not self.allows(kind):
            return None
        update = PendingUpdate(update_id=self.next_update_id, payload={}, chat_key=chat_key)
        update.payload = {"update_id": update.update_id, kind: body}
        self.next_update_id += 1
        return self._queue(update)

    def inject(self, raw: dict[str, Any], chat_key: int | None) -> PendingUpdate:
        payload = dict(raw)
        if "update_id" not in payload:
            payload["update_id"] = self.next_update_id
        update_id = int(payload["update_id"])
        replayed = update_id < self.next_update_id
        self.next_update_id = max(self.next_update_id, update_id + 1)
        return self._queue(PendingUpdate(update_id, payload, chat_key, replayed=replayed))

    def _queue(self, update: PendingUpdate) -> PendingUpdate:
        self.pending.append(update)
        self.history.append(update.payload)
        for listener in self.listeners:
            listener(update)
        self.changed.notify()
        return update

    def confirm_below(self, offset: int) -> None:
        self.pending = [u for u in self.pending if u.update_id >= offset or (u.replayed and not u.handed_out)]

    def keep_last(self, count: int) -> None:
        """A negative offset: keep only the last `count` updates and forget the rest."""
        self.pending = self.pending[-count:] if count else []

    def take(self, limit: int) -> list[PendingUpdate]:
        taken = self.pending[:limit]
        for update in taken:
            update.handed_out = True
        return taken

    def remove(self, update: PendingUpdate) -> None:
        with contextlib.suppress(ValueError):
            self.pending.remove(update)

    def clear(self) -> None:
        self.pending.clear()
