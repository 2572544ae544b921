"""Which questions reached their clients: noted in memory the moment Telegram accepts them, written to the
sessions in batches.

A question is saved (with its answer) before it is sent, and marked delivered after. The mark is what tells
a restarted bot which questions to send again, so it need not be written at once: a transaction per answer
for it cost as much as the answer's own. Marks are kept here and written together every fraction of a second,
and when the bot stops. If the bot is killed in between, the questions whose marks were lost are sent again
after the restart, with a note that this is a repeat — the safe direction to err in."""

from __future__ import annotations

from bot.storage import Storage, StoredSession


class Deliveries:
    def __init__(self, storage: Storage) -> None:
        self._storage = storage
        self._pending: dict[int, int] = {}  # session id -> newest prompt seq sent, not yet written

    def confirm(self, session_id: int, seq: int) -> None:
        if seq > self._pending.get(session_id, 0):
            self._pending[session_id] = seq

    def seen(self, session: StoredSession) -> int:
        """The newest prompt of `session` known to have reached its client, written or not."""
        return max(session.delivered_seq, self._pending.get(session.id, 0))

    @property
    def pending(self) -> int:
        return len(self._pending)

    async def save(self) -> int:
        """Writes every pending mark in one transaction; returns how many. A mark stays pending (and counts
        for `seen`) until the transaction that writes it has committed; if it fails, the next save tries again."""
        batch = dict(self._pending)
        if not batch:
            return 0
        async with self._storage.transaction() as tx:
            for session_id, seq in batch.items():
                await tx.sessions.mark_delivered(session_id, seq)
        for session_id, seq in batch.items():
            if self._pending.get(session_id) == seq:  # a newer mark that came meanwhile stays pending
                del self._pending[session_id]
        return len(batch)
