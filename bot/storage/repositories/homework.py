"""Homework: assignments, their items (one per occurrence) and the reminders for them.

Reminders are claimed, not just read: a process claims due ones (reminder_claimed_at = now) in one
transaction, sends them, then marks them sent. A claim not marked sent within the lease (the process died
between claiming and sending) can be claimed again, so a reminder is sent at least once and, while every
process finishes within the lease, exactly once.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, time, timedelta
from typing import Any, cast
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import ColumnElement, CursorResult, Select, delete, exists, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.storage.errors import RecordNotFound
from bot.storage.records import Assignment, DueReminder, HomeworkItem, Schedule
from bot.storage.repositories.insert_or_ignore import references_must_exist
from bot.storage.schema import AssignmentRow, HomeworkItemRow, LinkRow, PersonRow, SessionRow
from bot.storage.timestamps import Clock


def _link_active() -> ColumnElement[bool]:
    """The item's client is still linked to the therapist who assigned it, or set it themselves (a follow-up
    scheduled from inside an exercise: assigned by the client to the client)."""
    return or_(
        AssignmentRow.therapist_id == HomeworkItemRow.client_id,
        exists().where(
            LinkRow.therapist_id == AssignmentRow.therapist_id,
            LinkRow.client_id == HomeworkItemRow.client_id,
            LinkRow.ended_at.is_(None),
        ),
    )


def _zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def _aware(value: datetime, what: str) -> datetime:
    if value.tzinfo is None:
        raise ValueError(f"{what} {value.isoformat()} is naive; pass a timezone-aware datetime")
    return value


class SqlHomework:
    def __init__(self, db: AsyncSession, clock: Clock) -> None:
        self._db = db
        self._clock = clock

    async def assign(
        self, therapist_id: int, client_id: int, flow_id: str, schedule: Schedule, times: int,
        first_due_on: date, remind_at: time, timezone: str, note: str | None,
        occurrences: Sequence[tuple[date, datetime]],
    ) -> tuple[Assignment, list[HomeworkItem]]:
        """An assignment and its items: `occurrences` are (due date, UTC reminder instant) pairs, one per
        time (len(occurrences) == times). Items are returned in the order given."""
        if times < 1 or len(occurrences) != times:
            raise ValueError(f"{len(occurrences)} occurrences given for {times} times; they must match")
        if remind_at.tzinfo is not None:
            raise ValueError("remind_at is a wall-clock time in `timezone`; pass it without tzinfo")
        try:
            ZoneInfo(timezone)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"{timezone!r} is not an IANA time zone name") from None
        for _, instant in occurrences:
            _aware(instant, "reminder instant")
        now = self._clock()
        assignment = AssignmentRow(
            therapist_id=therapist_id, client_id=client_id, flow_id=flow_id, schedule=schedule, times=times,
            first_due_on=first_due_on, remind_at=remind_at, timezone=timezone, note=note, created_at=now,
        )
        self._db.add(assignment)
        with references_must_exist(f"therapist {therapist_id} or client {client_id}"):
            await self._db.flush()
            items = [
                HomeworkItemRow(
                    assignment_id=assignment.id, client_id=client_id, flow_id=flow_id, due_on=due_on,
                    remind_at=instant,
                )
                for due_on, instant in occurrences
            ]
            self._db.add_all(items)
            await self._db.flush()
        return _assignment(assignment), [_item(row) for row in items]

    async def open_items_for_client(self, client_id: int) -> list[HomeworkItem]:
        """Not completed, assignment not cancelled, link still active; soonest first."""
        query = (
            select(HomeworkItemRow)
            .join(AssignmentRow, AssignmentRow.id == HomeworkItemRow.assignment_id)
            .where(
                HomeworkItemRow.client_id == client_id,
                HomeworkItemRow.completed_at.is_(None),
                AssignmentRow.cancelled_at.is_(None),
                _link_active(),
            )
            .order_by(HomeworkItemRow.due_on, HomeworkItemRow.remind_at, HomeworkItemRow.id)
        )
        return await self._items(query)

    async def items_for(self, therapist_id: int, client_id: int) -> list[HomeworkItem]:
        """Every item this therapist assigned to this client, done or not, including those of cancelled
        assignments (get_assignment tells); by due date."""
        query = (
            select(HomeworkItemRow)
            .join(AssignmentRow, AssignmentRow.id == HomeworkItemRow.assignment_id)
            .where(AssignmentRow.therapist_id == therapist_id, HomeworkItemRow.client_id == client_id)
            .order_by(HomeworkItemRow.due_on, HomeworkItemRow.remind_at, HomeworkItemRow.id)
        )
        return await self._items(query)

    async def get_item(self, item_id: int) -> HomeworkItem | None:
        row = await self._db.get(HomeworkItemRow, item_id, populate_existing=True)
        return None if row is None else _item(row)

    async def get_assignment(self, assignment_id: int) -> Assignment | None:
        row = await self._db.get(AssignmentRow, assignment_id, populate_existing=True)
        return None if row is None else _assignment(row)

    async def start_item(self, item_id: int, session_id: int) -> HomeworkItem:
        """Records that `session_id` (the client's own session) does this item. Starting again with a new
        session (the first was abandoned) replaces it. A completed item cannot be started (ValueError)."""
        row = await self._db.get(HomeworkItemRow, item_id, populate_existing=True)
        if row is None:
            raise RecordNotFound(f"no homework item with id {item_id}")
        owner = await self._db.scalar(select(SessionRow.person_id).where(SessionRow.id == session_id))
        if owner is None:
            raise RecordNotFound(f"no session with id {session_id}")
        if owner != row.client_id:
            raise ValueError(f"session {session_id} is not a session of client {row.client_id}")
        if row.completed_at is not None:
            raise ValueError(f"homework item {item_id} is already completed")
        other = await self._db.scalar(
            select(HomeworkItemRow.id).where(HomeworkItemRow.session_id == session_id, HomeworkItemRow.id != item_id)
        )
        if other is not None:
            raise ValueError(f"session {session_id} already does homework item {other}")
        row.session_id = session_id
        await self._db.flush()
        return _item(row)

    async def complete_by_session(self, session_id: int) -> HomeworkItem | None:
        """Marks the item done by this session completed (once: a second call keeps the first time); None
        if the session was not homework.

        An item of a repeated (daily, weekly) assignment done before its due day counts for the day it is
        done on, in the client's zone: the same assignment's item due that day is completed instead, and if
        there is none (or it is done already) the session was extra practice and completes no item — so
        doing tomorrow's item today never leaves tomorrow with nothing to do."""
        row = await self._db.scalar(
            select(HomeworkItemRow).where(HomeworkItemRow.session_id == session_id)
            .execution_options(populate_existing=True)
        )
        if row is None:
            return None
        if row.completed_at is None:
            now = self._clock()
            target = await self._item_of_the_day(row, now)
            if target is not row:
                row.session_id = None
                await self._db.flush()
            if target is None:
                return None
            target.session_id, target.completed_at = session_id, now
            await self._db.flush()
            row = target
        return _item(row)

    async def _item_of_the_day(self, row: HomeworkItemRow, now: datetime) -> HomeworkItemRow | None:
        """The item that a completion of `row` at `now` counts for (see complete_by_session)."""
        schedule = await self._db.scalar(select(AssignmentRow.schedule).where(AssignmentRow.id == row.assignment_id))
        zone = await self._db.scalar(select(PersonRow.timezone).where(PersonRow.id == row.client_id))
        today = now.astimezone(_zone(zone or "UTC")).date()
        if schedule == "once" or row.due_on <= today:
            return row
        return await self._db.scalar(
            select(HomeworkItemRow)
            .where(HomeworkItemRow.assignment_id == row.assignment_id, HomeworkItemRow.due_on == today,
                   HomeworkItemRow.completed_at.is_(None))
            .order_by(HomeworkItemRow.id).limit(1)
            .execution_options(populate_existing=True)
        )

    async def cancel_assignment(self, assignment_id: int) -> None:
        """Cancels the assignment: its items are no longer open nor reminded. Cancelling twice keeps the
        first time. RecordNotFound for an unknown id."""
        row = await self._db.get(AssignmentRow, assignment_id, populate_existing=True)
        if row is None:
            raise RecordNotFound(f"no assignment with id {assignment_id}")
        if row.cancelled_at is None:
            row.cancelled_at = self._clock()
            await self._db.flush()

    async def assignments_for(self, therapist_id: int, client_id: int) -> list[Assignment]:
        """Every assignment this therapist made for this client, cancelled ones included; newest first."""
        rows = await self._db.scalars(
            select(AssignmentRow)
            .where(AssignmentRow.therapist_id == therapist_id, AssignmentRow.client_id == client_id)
            .order_by(AssignmentRow.created_at.desc(), AssignmentRow.id.desc())
            .execution_options(populate_existing=True)
        )
        return [_assignment(row) for row in rows]

    async def reschedule(
        self, assignment_id: int, schedule: Schedule, times: int, first_due_on: date, remind_at: time,
        timezone: str, note: str | None, occurrences: Sequence[tuple[date, datetime]], *, keep_due_before: date,
    ) -> tuple[Assignment, list[HomeworkItem]]:
        """Changes a live assignment. Items done, begun, or due before `keep_due_before` (the client's today:
        a missed day stays missed) are kept as they are; the others are replaced by `occurrences` (due date,
        UTC reminder instant), so reminders follow the change. `times` counts both:
        kept + len(occurrences) == times (ValueError otherwise, or for a cancelled assignment).
        Returns the assignment and its new items."""
        row = await self._db.get(AssignmentRow, assignment_id, populate_existing=True, with_for_update=True)
        if row is None:
            raise RecordNotFound(f"no assignment with id {assignment_id}")
        if row.cancelled_at is not None:
            raise ValueError(f"assignment {assignment_id} is cancelled")
        if remind_at.tzinfo is not None:
            raise ValueError("remind_at is a wall-clock time in `timezone`; pass it without tzinfo")
        for _, instant in occurrences:
            _aware(instant, "reminder instant")
        kept_filter = or_(HomeworkItemRow.completed_at.is_not(None), HomeworkItemRow.session_id.is_not(None),
                          HomeworkItemRow.due_on < keep_due_before)
        kept = await self._db.scalar(
            select(func.count()).select_from(HomeworkItemRow)
            .where(HomeworkItemRow.assignment_id == assignment_id, kept_filter)
        ) or 0
        if times < 1 or kept + len(occurrences) != times:
            raise ValueError(f"{kept} kept and {len(occurrences)} new items do not make {times} times")
        await self._db.execute(
            delete(HomeworkItemRow)
            .where(HomeworkItemRow.assignment_id == assignment_id, ~kept_filter)
            .execution_options(synchronize_session=False)
        )
        row.schedule, row.times, row.first_due_on, row.remind_at = schedule, times, first_due_on, remind_at
        row.timezone, row.note = timezone, note
        items = [
            HomeworkItemRow(assignment_id=row.id, client_id=row.client_id, flow_id=row.flow_id, due_on=due_on,
                            remind_at=instant)
            for due_on, instant in occurrences
        ]
        self._db.add_all(items)
        await self._db.flush()
        return _assignment(row), [_item(item) for item in items]

    async def claim_due_reminders(self, limit: int, lease: timedelta) -> list[DueReminder]:
        """Reminders due by now (the unit of work's clock): not completed, not sent, assignment not
        cancelled, client still linked to its therapist and reachable (not blocked, consent not withdrawn),
        and not claimed within `lease`. Claimed in this
        transaction (reminder_claimed_at = now), earliest first. On PostgreSQL the rows are locked with
        SKIP LOCKED, so concurrent claimers take different reminders without waiting for each other; SQLite
        runs write transactions one at a time (BEGIN IMMEDIATE)."""
        if limit < 1:
            raise ValueError("limit must be at least 1")
        if lease <= timedelta(0):
            raise ValueError("lease must be positive")
        now = self._clock()
        # Nobody is reminded who blocked the bot (they get it when they write again) or withdrew consent.
        reachable = (
            select(PersonRow.id)
            .where(PersonRow.id == HomeworkItemRow.client_id, PersonRow.blocked_at.is_(None),
                   or_(PersonRow.consent_withdrawn_at.is_(None),
                       PersonRow.consent_withdrawn_at < PersonRow.consent_given_at))
            .exists()
        )
        due = (
            select(HomeworkItemRow.id)
            .join(AssignmentRow, AssignmentRow.id == HomeworkItemRow.assignment_id)
            .where(
                reachable,
                HomeworkItemRow.remind_at <= now,
                HomeworkItemRow.reminder_sent_at.is_(None),
                HomeworkItemRow.completed_at.is_(None),
                or_(
                    HomeworkItemRow.reminder_claimed_at.is_(None),
                    HomeworkItemRow.reminder_claimed_at < now - lease,
                ),
                AssignmentRow.cancelled_at.is_(None),
                _link_active(),
            )
            .order_by(HomeworkItemRow.remind_at, HomeworkItemRow.id)
            .limit(limit)
        )
        if self._db.get_bind().dialect.name == "postgresql":
            due = due.with_for_update(skip_locked=True, of=HomeworkItemRow)
        ids = list(await self._db.scalars(due))
        if not ids:
            return []
        await self._db.execute(
            update(HomeworkItemRow)
            .where(HomeworkItemRow.id.in_(ids))
            .values(reminder_claimed_at=now)
            .execution_options(synchronize_session=False)
        )
        details = (
            select(
                HomeworkItemRow.id, HomeworkItemRow.client_id, PersonRow.telegram_id, PersonRow.language,
                HomeworkItemRow.flow_id, HomeworkItemRow.due_on, AssignmentRow.note, PersonRow.telegram_language,
                HomeworkItemRow.remind_at,
            )
            .join(AssignmentRow, AssignmentRow.id == HomeworkItemRow.assignment_id)
            .join(PersonRow, PersonRow.id == HomeworkItemRow.client_id)
            .where(HomeworkItemRow.id.in_(ids))
            .order_by(HomeworkItemRow.remind_at, HomeworkItemRow.id)
        )
        return [
            DueReminder(
                item_id=item_id, client_id=client_id, client_telegram_id=telegram_id, language=language,
                flow_id=flow_id, due_on=due_on, note=note, telegram_language=telegram_language, remind_at=remind_at,
            )
            for item_id, client_id, telegram_id, language, flow_id, due_on, note, telegram_language, remind_at
            in await self._db.execute(details)
        ]

    async def reminder_sent(self, item_id: int) -> None:
        """Marks a claimed reminder sent. A no-op once the claim is gone: a snooze pressed the moment the
        reminder arrived must not be undone by this late mark."""
        if await self.get_item(item_id) is None:
            raise RecordNotFound(f"no homework item with id {item_id}")
        await self._db.execute(
            update(HomeworkItemRow)
            .where(HomeworkItemRow.id == item_id, HomeworkItemRow.reminder_claimed_at.is_not(None))
            .values(reminder_sent_at=self._clock())
            .execution_options(synchronize_session=False)
        )

    async def snooze(self, item_id: int, until: datetime) -> None:
        """Remind again at `until`: the reminder becomes unsent and unclaimed."""
        _aware(until, "until")
        await self._set(item_id, remind_at=until, reminder_claimed_at=None, reminder_sent_at=None)

    async def _set(self, item_id: int, **values: Any) -> None:
        result = await self._db.execute(
            update(HomeworkItemRow)
            .where(HomeworkItemRow.id == item_id)
            .values(**values)
            .execution_options(synchronize_session=False)
        )
        if cast(CursorResult[Any], result).rowcount == 0:
            raise RecordNotFound(f"no homework item with id {item_id}")

    async def _items(self, query: Select[HomeworkItemRow]) -> list[HomeworkItem]:
        return [_item(row) for row in await self._db.scalars(query.execution_options(populate_existing=True))]


def _assignment(row: AssignmentRow) -> Assignment:
    return Assignment(
        id=row.id,
        therapist_id=row.therapist_id,
        client_id=row.client_id,
        flow_id=row.flow_id,
        schedule=cast(Schedule, row.schedule),
        times=row.times,
        first_due_on=row.first_due_on,
        remind_at=row.remind_at,
        timezone=row.timezone,
        note=row.note,
        created_at=row.created_at,
        cancelled_at=row.cancelled_at,
    )


def _item(row: HomeworkItemRow) -> HomeworkItem:
    return HomeworkItem(
        id=row.id,
        assignment_id=row.assignment_id,
        client_id=row.client_id,
        flow_id=row.flow_id,
        due_on=row.due_on,
        remind_at=row.remind_at,
        session_id=row.session_id,
        completed_at=row.completed_at,
        reminder_sent_at=row.reminder_sent_at,
    )
