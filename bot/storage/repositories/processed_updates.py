"""Telegram update ids already handled, so a redelivered update is not processed twice."""

from __future__ import annotations

from datetime import timedelta
from typing import Any, cast

from sqlalchemy import CursorResult, bindparam, delete
from sqlalchemy.ext.asyncio import AsyncSession

from bot.storage.repositories.insert_or_ignore import PerDialect
from bot.storage.schema import ProcessedUpdateRow
from bot.storage.timestamps import Clock

_UPDATES = ProcessedUpdateRow.__table__
_CLAIM = PerDialect(lambda dialect: dialect.insert(_UPDATES).values(
    bot_id=bindparam("bot_id"), update_id=bindparam("update_id"), telegram_id=bindparam("telegram_id"),
    processed_at=bindparam("processed_at"),
).on_conflict_do_nothing().returning(_UPDATES.c.update_id))


class SqlProcessedUpdates:
    def __init__(self, db: AsyncSession, clock: Clock) -> None:
        self._db = db
        self._clock = clock

    async def claim(self, bot_id: int, update_id: int, telegram_id: int | None = None) -> bool:
        """True the first time; False if the update was already processed. The claim commits or rolls
        back with the rest of the transaction, so a failed step leaves the update claimable again.
        `telegram_id` is the sender's: erasing a person deletes their updates by it."""
        result = await self._db.execute(_CLAIM(self._db), {
            "bot_id": bot_id, "update_id": update_id, "telegram_id": telegram_id, "processed_at": self._clock()})
        return result.first() is not None

    async def prune(self, older_than: timedelta) -> int:
        """Forget updates processed more than `older_than` ago; returns how many. Telegram redelivers
        within hours, and its ids can restart, so old rows only risk refusing a new update."""
        cutoff = self._clock() - older_than
        old = delete(ProcessedUpdateRow).where(ProcessedUpdateRow.processed_at < cutoff)
        result = await self._db.execute(old)
        return cast(CursorResult[Any], result).rowcount
