"""The therapist's digests and missed-item notices, sent by the reminders' machinery (reminders.py): claimed
with a lease in one transaction, sent, and marked each right after, so a restart neither loses nor
repeats one (a process that dies between sending and marking sends that one again after the lease)."""

from __future__ import annotations

from datetime import datetime, timedelta

from bot.storage.ports import UnitOfWork
from bot.storage.records import DueDigest, MissedNotice
from bot.therapist.caseload import next_digest_at
from bot.therapist.reminders import ClaimingDispatcher, SendResult


class DigestDispatcher(ClaimingDispatcher[DueDigest]):
    """Each digest once at its time; the next is scheduled from the therapist's zone as it is then. A digest
    late because the bot was down goes once, and the next one is the next time still to come."""

    what = "digest"
    kind = "digest"

    async def _claim(self, tx: UnitOfWork, batch: int, lease: timedelta) -> list[DueDigest]:
        return await tx.caseload.claim_due_digests(batch, lease)

    async def _mark(self, tx: UnitOfWork, item: DueDigest, result: SendResult) -> None:
        after = max(self._clock(), item.scheduled_at)
        await tx.caseload.digest_sent(item.therapist_id, item.scheduled_at,
                                      next_digest_at(item.frequency, item.send_at, item.weekday, item.timezone, after))
        if result is SendResult.UNREACHABLE:
            await tx.people.mark_blocked(item.therapist_id)

    def _name(self, item: DueDigest) -> str:
        return f"therapist {item.therapist_id}"

    def _due_at(self, item: DueDigest) -> datetime | None:
        return item.scheduled_at


class MissedNoticeDispatcher(ClaimingDispatcher[MissedNotice]):
    """A notice per homework item undone at the end of its due day, to therapists who asked for them."""

    what = "missed-item notice"
    kind = "missed_notice"

    async def _claim(self, tx: UnitOfWork, batch: int, lease: timedelta) -> list[MissedNotice]:
        return await tx.caseload.claim_missed_notices(batch, lease)

    async def _mark(self, tx: UnitOfWork, item: MissedNotice, result: SendResult) -> None:
        await tx.caseload.missed_notice_sent(item.item_id)
        if result is SendResult.UNREACHABLE:
            await tx.people.mark_blocked(item.therapist_id)

    def _name(self, item: MissedNotice) -> str:
        return f"homework item {item.item_id}"
