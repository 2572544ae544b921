"""The therapist's caseload: the overview's figures for all their clients in a fixed number of queries, the
digest's settings and schedule, and missed-item notices.

Digests and missed-item notices are claimed like homework reminders (repositories/homework.py): a process
claims due ones in one transaction (a lease), sends them, and marks each done right after; a claim not
marked within the lease is claimed again. So each is sent once while every process finishes within the
lease, and at least once whatever happens.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime, time, timedelta
from typing import cast
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import ColumnElement, exists, or_, select, true, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from bot.storage.records import (
    Caseload,
    CaseloadItem,
    DigestFrequency,
    DigestSettings,
    DueDigest,
    MissedNotice,
    Schedule,
    StoredSession,
)
from bot.storage.repositories.insert_or_ignore import references_must_exist
from bot.storage.repositories.people import _person
from bot.storage.repositories.safety import _event
from bot.storage.repositories.sessions import _stored
from bot.storage.schema import (
    AssignmentRow,
    DigestSettingsRow,
    HomeworkItemRow,
    LinkRow,
    PersonRow,
    SafetyEventRow,
    SessionRow,
)
from bot.storage.timestamps import Clock

# The earliest and latest UTC offsets in use: a due day has surely begun, or may have ended, within these.
_EARLIEST_OFFSET = timedelta(hours=14)
_SCAN_ROWS = 1000  # missed-item candidates read per round; those whose day has not ended stay for later
_SESSION_COLUMNS = tuple(SessionRow.__table__.columns)


def end_of_day(day: date, timezone: str) -> datetime:
    """The UTC instant the local day `day` ends in `timezone` (UTC for an unknown zone)."""
    try:
        zone = ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError):
        zone = ZoneInfo("UTC")
    return datetime.combine(day + timedelta(days=1), time(0), tzinfo=zone).astimezone(UTC)


def _still_linked() -> ColumnElement[bool]:
    """The item's client is still linked to the therapist who assigned it."""
    return exists().where(LinkRow.therapist_id == AssignmentRow.therapist_id,
                          LinkRow.client_id == HomeworkItemRow.client_id, LinkRow.ended_at.is_(None))


class SqlCaseload:
    def __init__(self, db: AsyncSession, clock: Clock) -> None:
        self._db = db
        self._clock = clock

    # --- the overview ---------------------------------------------------------------------------------

    async def caseload(self, therapist_id: int, items_from: date, items_to: date, sessions_per_client: int,
                       sos_since: datetime, client_ids: Sequence[int] | None = None) -> Caseload:
        """The therapist's linked clients with: this therapist's homework items due from `items_from` to
        `items_to` (and any completed in that window, however early), each client's newest sessions and
        newest completed sessions (`sessions_per_client` of each), and their SOS episodes still open or begun
        since `sos_since`. Five queries, however many clients. `client_ids`: only these of them (one client's
        page needs only their row)."""
        clients_query = (
            select(PersonRow)
            .join(LinkRow, LinkRow.client_id == PersonRow.id)
            .where(LinkRow.therapist_id == therapist_id, LinkRow.ended_at.is_(None))
            .order_by(LinkRow.linked_at, LinkRow.id)
        )
        if client_ids is not None:
            clients_query = clients_query.where(PersonRow.id.in_(client_ids))
        clients = tuple(_person(row) for row in await self._db.scalars(
            clients_query.execution_options(populate_existing=True)))
        if not clients:
            return Caseload((), (), (), (), ())
        ids = [c.id for c in clients]
        items_query = (
            select(HomeworkItemRow.id, HomeworkItemRow.assignment_id, HomeworkItemRow.client_id,
                   HomeworkItemRow.flow_id, AssignmentRow.schedule, HomeworkItemRow.due_on,
                   HomeworkItemRow.completed_at, AssignmentRow.cancelled_at)
            .join(AssignmentRow, AssignmentRow.id == HomeworkItemRow.assignment_id)
            .where(AssignmentRow.therapist_id == therapist_id, HomeworkItemRow.client_id.in_(ids),
                   HomeworkItemRow.due_on >= items_from, HomeworkItemRow.due_on <= items_to)
            .order_by(HomeworkItemRow.due_on, HomeworkItemRow.id)
        )
        items = tuple(
            CaseloadItem(item_id, assignment_id, client_id, flow_id, cast(Schedule, schedule), due_on, completed_at,
                         cancelled_at is not None)
            for item_id, assignment_id, client_id, flow_id, schedule, due_on, completed_at, cancelled_at
            in await self._db.execute(items_query)
        )
        recent = await self._newest_sessions(ids, sessions_per_client, completed=False)
        completed = await self._newest_sessions(ids, sessions_per_client, completed=True)
        sos_query = (
            select(SafetyEventRow)
            .where(SafetyEventRow.person_id.in_(ids), SafetyEventRow.response == "sos",
                   or_(SafetyEventRow.closed_at.is_(None), SafetyEventRow.at >= sos_since))
            .order_by(SafetyEventRow.at.desc(), SafetyEventRow.id.desc())
        )
        sos = tuple(_event(row) for row in await self._db.scalars(sos_query.execution_options(populate_existing=True)))
        return Caseload(clients, items, recent, completed, sos)

    async def _newest_sessions(self, client_ids: Sequence[int], per_client: int,
                               completed: bool) -> tuple[StoredSession, ...]:
        """Each client's `per_client` newest sessions by start (completed ones only, if asked), newest first.
        One statement that seeks each client's few newest along the (person_id, started_at) index, so its
        time grows with the clients, not with their history: LATERAL on PostgreSQL, a correlated IN on SQLite
        (which has no LATERAL). Ranking every session with a window function took 40 ms for 100 clients
        with 200 sessions each on SQLite; this takes about 1 ms."""
        newest = aliased(SessionRow)
        order = (newest.started_at.desc(), newest.id.desc())
        seek = select(newest.id).where(newest.person_id == PersonRow.id)
        if completed:
            seek = seek.where(newest.status == "completed")
        seek = seek.order_by(*order).limit(per_client)
        if self._db.get_bind().dialect.name == "postgresql":
            lateral = seek.lateral()
            joined = select(*_SESSION_COLUMNS).select_from(PersonRow).join(lateral, true()) \
                .join(SessionRow, SessionRow.id == lateral.c.id)
        else:
            joined = select(*_SESSION_COLUMNS).select_from(PersonRow) \
                .join(SessionRow, SessionRow.id.in_(seek.correlate(PersonRow)))
        query = joined.where(PersonRow.id.in_(client_ids)).order_by(SessionRow.started_at.desc(), SessionRow.id.desc())
        # Plain rows, not ORM objects: a caseload reads hundreds, and none is written back.
        return tuple(_stored(row) for row in await self._db.execute(query))

    async def completed_between(self, client_ids: Sequence[int], start: datetime,
                                end: datetime) -> list[StoredSession]:
        """The clients' sessions completed in [start, end), in order."""
        if not client_ids:
            return []
        query = (
            select(SessionRow)
            .where(SessionRow.person_id.in_(client_ids), SessionRow.status == "completed",
                   SessionRow.finished_at >= start, SessionRow.finished_at < end)
            .order_by(SessionRow.finished_at, SessionRow.id)
        )
        return [_stored(row) for row in await self._db.scalars(query.execution_options(populate_existing=True))]

    # --- the digest's settings --------------------------------------------------------------------------

    async def digest_settings(self, therapist_id: int) -> DigestSettings | None:
        row = await self._db.get(DigestSettingsRow, therapist_id, populate_existing=True)
        return None if row is None else _settings(row)

    async def set_digest(self, therapist_id: int, frequency: DigestFrequency, send_at: time | None,
                         weekday: int | None, next_at: datetime | None) -> DigestSettings:
        """Sets how often the digest goes and when the next one is due (None: off). A claim in flight is
        dropped: the digest it was for is no longer the one asked for."""
        if frequency == "off":
            send_at, weekday, next_at = None, None, None
        elif send_at is None or next_at is None or (frequency == "weekly") != (weekday is not None):
            raise ValueError("a daily digest needs a time; a weekly one a time and a weekday; both the next time")
        row = await self._row(therapist_id)
        row.frequency, row.send_at, row.weekday, row.next_at = frequency, send_at, weekday, next_at
        row.claimed_at, row.updated_at = None, self._clock()
        await self._db.flush()
        return _settings(row)

    async def set_missed_notices(self, therapist_id: int, on: bool) -> DigestSettings:
        """Switches the per-item notices; items whose due day ended before switching on are never told."""
        row = await self._row(therapist_id)
        if on and not row.missed_notices:
            row.missed_notices_since = self._clock()
        row.missed_notices, row.updated_at = on, self._clock()
        await self._db.flush()
        return _settings(row)

    async def _row(self, therapist_id: int) -> DigestSettingsRow:
        row = await self._db.get(DigestSettingsRow, therapist_id, populate_existing=True)
        if row is None:
            row = DigestSettingsRow(therapist_id=therapist_id, frequency="off", missed_notices=False,
                                    updated_at=self._clock())
            self._db.add(row)
            with references_must_exist(f"therapist {therapist_id}"):
                await self._db.flush()
        return row

    # --- sending digests ----------------------------------------------------------------------------------

    async def claim_due_digests(self, limit: int, lease: timedelta) -> list[DueDigest]:
        """Digests due by now, of therapists who are still therapists and reachable, not claimed within
        `lease`: claimed in this transaction, earliest first."""
        _check(limit, lease)
        now = self._clock()
        due = (
            select(DigestSettingsRow.therapist_id)
            .join(PersonRow, PersonRow.id == DigestSettingsRow.therapist_id)
            .where(DigestSettingsRow.next_at <= now, DigestSettingsRow.frequency != "off",
                   PersonRow.role == "therapist", PersonRow.blocked_at.is_(None),
                   or_(DigestSettingsRow.claimed_at.is_(None), DigestSettingsRow.claimed_at < now - lease))
            .order_by(DigestSettingsRow.next_at, DigestSettingsRow.therapist_id)
            .limit(limit)
        )
        if self._db.get_bind().dialect.name == "postgresql":
            due = due.with_for_update(skip_locked=True, of=DigestSettingsRow)
        ids = list(await self._db.scalars(due))
        if not ids:
            return []
        await self._db.execute(
            update(DigestSettingsRow).where(DigestSettingsRow.therapist_id.in_(ids)).values(claimed_at=now)
            .execution_options(synchronize_session=False)
        )
        details = (
            select(DigestSettingsRow, PersonRow)
            .join(PersonRow, PersonRow.id == DigestSettingsRow.therapist_id)
            .where(DigestSettingsRow.therapist_id.in_(ids))
            .order_by(DigestSettingsRow.next_at, DigestSettingsRow.therapist_id)
            .execution_options(populate_existing=True)
        )
        found = []
        for settings, therapist in await self._db.execute(details):
            assert settings.send_at is not None and settings.next_at is not None
            found.append(DueDigest(
                therapist_id=therapist.id, telegram_id=therapist.telegram_id, language=therapist.language,
                telegram_language=therapist.telegram_language, timezone=therapist.timezone,
                frequency=cast(DigestFrequency, settings.frequency), send_at=settings.send_at,
                weekday=settings.weekday, scheduled_at=settings.next_at,
            ))
        return found

    async def digest_sent(self, therapist_id: int, scheduled_at: datetime, next_at: datetime) -> None:
        """Marks the digest due at `scheduled_at` sent and schedules the next. A no-op if the settings
        changed meanwhile (the new schedule stands)."""
        await self._db.execute(
            update(DigestSettingsRow)
            .where(DigestSettingsRow.therapist_id == therapist_id, DigestSettingsRow.next_at == scheduled_at,
                   DigestSettingsRow.claimed_at.is_not(None))
            .values(next_at=next_at, claimed_at=None, last_sent_at=self._clock())
            .execution_options(synchronize_session=False)
        )

    # --- missed items -------------------------------------------------------------------------------------

    async def claim_missed_notices(self, limit: int, lease: timedelta) -> list[MissedNotice]:
        """Items whose due day has ended (in the client's zone) undone: claimed for a notice if their
        therapist asked for notices (since before the day ended), the client is still linked and the
        assignment stands; settled silently otherwise, so that each item is looked at once."""
        _check(limit, lease)
        now = self._clock()
        latest_due = (now + _EARLIEST_OFFSET).date()  # no zone has ended a later day yet
        candidates = (
            select(HomeworkItemRow.id, HomeworkItemRow.due_on, HomeworkItemRow.missed_claimed_at,
                   PersonRow.timezone, DigestSettingsRow.missed_notices, DigestSettingsRow.missed_notices_since,
                   AssignmentRow.cancelled_at, _still_linked())
            .join(AssignmentRow, AssignmentRow.id == HomeworkItemRow.assignment_id)
            .join(PersonRow, PersonRow.id == HomeworkItemRow.client_id)
            .outerjoin(DigestSettingsRow, DigestSettingsRow.therapist_id == AssignmentRow.therapist_id)
            .where(HomeworkItemRow.missed_settled_at.is_(None), HomeworkItemRow.completed_at.is_(None),
                   HomeworkItemRow.due_on < latest_due)
            .order_by(HomeworkItemRow.due_on, HomeworkItemRow.id)
            .limit(_SCAN_ROWS)
        )
        if self._db.get_bind().dialect.name == "postgresql":
            candidates = candidates.with_for_update(skip_locked=True, of=HomeworkItemRow)
        to_tell: list[int] = []
        to_settle: list[int] = []
        rows = await self._db.execute(candidates)
        for item_id, due_on, claimed_at, zone, wanted, since, cancelled_at, linked in rows:
            ended = end_of_day(due_on, zone)
            if ended > now:
                continue
            if not wanted or cancelled_at is not None or not linked or since is None or ended <= since:
                to_settle.append(item_id)
            elif (claimed_at is None or claimed_at < now - lease) and len(to_tell) < limit:
                to_tell.append(item_id)
        if to_settle:
            await self._db.execute(
                update(HomeworkItemRow).where(HomeworkItemRow.id.in_(to_settle)).values(missed_settled_at=now)
                .execution_options(synchronize_session=False)
            )
        if not to_tell:
            return []
        await self._db.execute(
            update(HomeworkItemRow).where(HomeworkItemRow.id.in_(to_tell)).values(missed_claimed_at=now)
            .execution_options(synchronize_session=False)
        )
        therapist = PersonRow.__table__.alias("therapist")
        details = (
            select(HomeworkItemRow.id, AssignmentRow.therapist_id, therapist.c.telegram_id, therapist.c.language,
                   therapist.c.telegram_language, HomeworkItemRow.flow_id, HomeworkItemRow.due_on, PersonRow)
            .join(AssignmentRow, AssignmentRow.id == HomeworkItemRow.assignment_id)
            .join(therapist, therapist.c.id == AssignmentRow.therapist_id)
            .join(PersonRow, PersonRow.id == HomeworkItemRow.client_id)
            .where(HomeworkItemRow.id.in_(to_tell))
            .order_by(HomeworkItemRow.due_on, HomeworkItemRow.id)
            .execution_options(populate_existing=True)
        )
        return [
            MissedNotice(item_id=item_id, therapist_id=therapist_id, therapist_telegram_id=telegram_id,
                         language=language, telegram_language=telegram_language, client=_person(client),
                         flow_id=flow_id, due_on=due_on)
            for item_id, therapist_id, telegram_id, language, telegram_language, flow_id, due_on, client
            in await self._db.execute(details)
        ]

    async def missed_notice_sent(self, item_id: int) -> None:
        """Marks a claimed missed-item notice sent: the item is settled and never told again."""
        await self._db.execute(
            update(HomeworkItemRow)
            .where(HomeworkItemRow.id == item_id, HomeworkItemRow.missed_claimed_at.is_not(None),
                   HomeworkItemRow.missed_settled_at.is_(None))
            .values(missed_settled_at=self._clock())
            .execution_options(synchronize_session=False)
        )


def _check(limit: int, lease: timedelta) -> None:
    if limit < 1:
        raise ValueError("limit must be at least 1")
    if lease <= timedelta(0):
        raise ValueError("lease must be positive")


def _settings(row: DigestSettingsRow) -> DigestSettings:
    return DigestSettings(
        therapist_id=row.therapist_id, frequency=cast(DigestFrequency, row.frequency), send_at=row.send_at,
        weekday=row.weekday, next_at=row.next_at, last_sent_at=row.last_sent_at,
        missed_notices=bool(row.missed_notices), missed_notices_since=row.missed_notices_since,
    )
