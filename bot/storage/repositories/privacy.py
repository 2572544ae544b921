"""A person's rights over their data: everything stored about them (access, /mydata), erasure (/deleteme),
and retention (`cbt-bot purge`).

Erasure deletes, in the caller's transaction and in foreign-key order, every row that names the person:

- their sessions and the transcripts of those sessions;
- homework: the items and assignments given to them as a client, and — when a therapist erases themselves
  — the assignments they made and all their items (done or not). The clients' own sessions stay: they are
  the clients' exercises; only the record that a session was homework from that therapist goes;
- a therapist's private notes about them, and the notes they wrote as a therapist (therapist_notes);
- links on either side (the caller tells the other side: `ErasureReport.therapists_to_tell` /
  `clients_to_tell`);
- their dialog, and a therapist's dialog about them (an /assign wizard holding their id); their custom
  flows; a flow version of one of their custom flows is deleted too unless a
  session or another custom flow still uses it (flow versions hold no personal data, and a client's session
  must stay readable);
- invites they made (used or not: an unused one must not link anybody to a person who is gone); invites
  they used stay spent, with `used_by` set to NULL;
- the therapy sessions a therapist marked as held with them, on either side (only dates);
- processed updates they sent (found by `processed_updates.telegram_id`); their safety events;
- rows of any table added later that references people (see _erase_from_other_tables): a NOT NULL
  reference deletes the row, a nullable one becomes NULL — a safety net, not a substitute for a step of
  its own;
- the people row. Audit entries stay, with the person's actor/subject reference set to NULL — done here
  explicitly, not left to ON DELETE SET NULL, so the count is known and it works whatever the connection's
  foreign-key setting.

Nothing is soft-deleted: what is erased is gone when the transaction commits.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta
from typing import Any, cast

from sqlalchemy import (
    ColumnElement,
    CursorResult,
    Delete,
    Executable,
    Select,
    Update,
    and_,
    case,
    delete,
    exists,
    false,
    func,
    not_,
    or_,
    select,
    update,
)
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from bot.storage.errors import RecordNotFound
from bot.storage.records import (
    AuditData,
    ErasureReport,
    FlowVersion,
    HomeworkData,
    LinkData,
    PersonalData,
    PurgeReport,
    SessionData,
    SessionStatus,
    TherapySession,
)
from bot.storage.repositories.audit import _entry as _audit_entry
from bot.storage.repositories.caseload import _settings as _digest
from bot.storage.repositories.custom_flows import _custom
from bot.storage.repositories.dialogs import _dialog
from bot.storage.repositories.homework import _assignment, _item
from bot.storage.repositories.homework_templates import _template
from bot.storage.repositories.invites import _invite
from bot.storage.repositories.kept_lists import _kept
from bot.storage.repositories.links import _link
from bot.storage.repositories.notes import _note
from bot.storage.repositories.people import _person
from bot.storage.repositories.safety import _event as _safety_event
from bot.storage.repositories.sessions import _stored
from bot.storage.repositories.transcript import _entry as _transcript_entry
from bot.storage.schema import (
    AssignmentRow,
    AuditRow,
    CustomFlowRow,
    CustomFlowVersionRow,
    DialogRow,
    DigestSettingsRow,
    FlowVersionRow,
    HomeworkItemRow,
    HomeworkTemplateRow,
    InviteRow,
    KeptListRow,
    LinkRow,
    PersonRow,
    ProcessedUpdateRow,
    SafetyEventRow,
    SessionRow,
    TherapistNoteRow,
    TherapySessionRow,
    TranscriptRow,
    WebSessionRow,
    WebSignInRow,
    metadata,
)
from bot.storage.timestamps import Clock

# Telegram redelivers an update within hours; a processed update is kept this long to refuse a duplicate,
# then it is only a record that someone wrote (with their Telegram id), and goes.
DEDUP_WINDOW = timedelta(days=2)
FINISHED_STATUSES: tuple[SessionStatus, ...] = ("completed", "cancelled", "ended", "abandoned")

# The tables erasure touches, in the order it deletes from them (the report lists every one, zeros too).
ERASED_TABLES = (
    "homework_items", "assignments", "therapist_notes", "transcript", "sessions", "links", "dialogs", "custom_flows",
    "custom_flow_versions", "flow_versions", "invites", "processed_updates", "safety_events", "people",
    "therapy_sessions", "web_sessions", "web_signins", "kept_lists",
)
HANDLED_TABLES = frozenset(ERASED_TABLES) | {"audit_log"}


class SqlPrivacy:
    def __init__(self, db: AsyncSession, clock: Clock) -> None:
        self._db = db
        self._clock = clock

    # --- access ---------------------------------------------------------------------------------------

    async def everything_about(self, person_id: int) -> PersonalData:
        """All the person's data, as of this transaction. Other people appear only by a therapist's display
        name or a client's number; their content never. RecordNotFound if there is no such person."""
        row = await self._db.get(PersonRow, person_id, populate_existing=True)
        if row is None:
            raise RecordNotFound(f"no person with id {person_id}")
        sessions = await self._rows(
            select(SessionRow).where(SessionRow.person_id == person_id).order_by(SessionRow.started_at, SessionRow.id)
        )
        entries: dict[int, list[Any]] = defaultdict(list)
        for entry in await self._rows(
            select(TranscriptRow)
            .where(TranscriptRow.session_id.in_(_sessions_of(person_id)))
            .order_by(TranscriptRow.session_id, TranscriptRow.seq)
        ):
            entries[entry.session_id].append(_transcript_entry(entry))

        given = await self._rows(
            select(AssignmentRow).where(AssignmentRow.client_id == person_id)
            .order_by(AssignmentRow.created_at, AssignmentRow.id)
        )
        items: dict[int, list[Any]] = defaultdict(list)
        for item in await self._rows(
            select(HomeworkItemRow).where(HomeworkItemRow.client_id == person_id)
            .order_by(HomeworkItemRow.due_on, HomeworkItemRow.remind_at, HomeworkItemRow.id)
        ):
            items[item.assignment_id].append(_item(item))
        made = await self._rows(
            select(AssignmentRow).where(AssignmentRow.therapist_id == person_id)
            .order_by(AssignmentRow.created_at, AssignmentRow.id)
        )
        links = await self._rows(
            select(LinkRow).where(or_(LinkRow.therapist_id == person_id, LinkRow.client_id == person_id))
            .order_by(LinkRow.linked_at, LinkRow.id)
        )
        invites = await self._rows(
            select(InviteRow).where(or_(InviteRow.created_by == person_id, InviteRow.used_by == person_id))
            .order_by(InviteRow.created_at, InviteRow.id)
        )
        about = await self._rows(
            select(AuditRow).where(AuditRow.subject_id == person_id).order_by(AuditRow.at, AuditRow.id)
        )
        by = await self._rows(
            select(AuditRow).where(AuditRow.actor_id == person_id).order_by(AuditRow.at, AuditRow.id)
        )
        dialog = await self._db.scalar(
            select(DialogRow).where(DialogRow.person_id == person_id).execution_options(populate_existing=True)
        )
        custom = await self._rows(
            select(CustomFlowRow).where(CustomFlowRow.therapist_id == person_id).order_by(CustomFlowRow.flow_id)
        )
        safety = await self._rows(
            select(SafetyEventRow).where(SafetyEventRow.person_id == person_id)
            .order_by(SafetyEventRow.at, SafetyEventRow.id)
        )
        held = await self._rows(
            select(TherapySessionRow).where(or_(TherapySessionRow.therapist_id == person_id,
                                                TherapySessionRow.client_id == person_id))
            .order_by(TherapySessionRow.held_at, TherapySessionRow.id)
        )
        # A therapist's notes are their own record: in their data, not in the data of the client they are about.
        notes = await self._rows(
            select(TherapistNoteRow).where(TherapistNoteRow.therapist_id == person_id)
            .order_by(TherapistNoteRow.created_at, TherapistNoteRow.id)
        )
        digest = await self._db.get(DigestSettingsRow, person_id, populate_existing=True)
        version_ids = {s.flow_version_id for s in sessions} | {c.flow_version_id for c in custom}
        versions = await self._rows(
            select(FlowVersionRow).where(FlowVersionRow.id.in_(version_ids)).order_by(FlowVersionRow.id)
        )
        # Display names are shown for therapists only: of an assignment's giver, a link's therapist, a reader.
        names = await self._display_names(
            [a.therapist_id for a in given]
            + [link.therapist_id for link in links if link.client_id == person_id]
            + [a.actor_id for a in about if a.actor_id is not None]
        )
        return PersonalData(
            person=_person(row),
            sessions=tuple(SessionData(_stored(s), tuple(entries[s.id])) for s in sessions),
            flow_versions=tuple(_version(v) for v in versions),
            homework=tuple(
                HomeworkData(_assignment(a), tuple(items[a.id]), names.get(a.therapist_id)) for a in given
            ),
            assignments_made=tuple(_assignment(a) for a in made),
            links=tuple(_link_data(link, person_id, names) for link in links),
            invites=tuple(_invite(i) for i in invites),
            reads_of_their_data=tuple(
                AuditData(_audit_entry(a), names.get(a.actor_id) if a.actor_id is not None else None) for a in about
            ),
            their_reads=tuple(AuditData(_audit_entry(a)) for a in by),
            dialog=None if dialog is None else _dialog(dialog),
            custom_flows=tuple(_custom(c) for c in custom),
            purged_activity_at=row.purged_activity_at,
            safety_events=tuple(_safety_event(e) for e in safety),
            therapy_sessions=tuple(TherapySession(h.therapist_id, h.client_id, h.held_at) for h in held),
            homework_templates=tuple(_template(t) for t in await self._rows(
                select(HomeworkTemplateRow).where(HomeworkTemplateRow.therapist_id == person_id)
                .order_by(HomeworkTemplateRow.created_at, HomeworkTemplateRow.id)
            )),
            notes_written=tuple(_note(n) for n in notes),
            digest=None if digest is None else _digest(digest),
            kept_lists=tuple(_kept(k) for k in await self._rows(
                select(KeptListRow).where(KeptListRow.person_id == person_id)
                .order_by(KeptListRow.saved_at, KeptListRow.id)
            )),
        )

    # --- erasure --------------------------------------------------------------------------------------

    async def erase_person(self, person_id: int) -> ErasureReport:
        """Deletes every row that names the person, in this transaction (see the module's docstring for
        what goes and what stays). RecordNotFound if there is no such person.

        The person's row is locked first (FOR UPDATE on PostgreSQL; SQLite writers run one at a time), then
        their sessions: a concurrent step of theirs either finished before, and its rows are erased too, or
        waits and then finds the person gone."""
        row = await self._lock_person(person_id)
        if row is None:
            raise RecordNotFound(f"no person with id {person_id}")
        return await self._erase(row)

    async def _erase(self, person: PersonRow) -> ErasureReport:
        person_id, telegram_id = person.id, person.telegram_id
        await self._db.execute(select(SessionRow.id).where(SessionRow.person_id == person_id).with_for_update())
        therapists = await self._ids(
            select(LinkRow.therapist_id).where(LinkRow.client_id == person_id, LinkRow.ended_at.is_(None))
        )
        clients = await self._ids(
            select(LinkRow.client_id).where(LinkRow.therapist_id == person_id, LinkRow.ended_at.is_(None))
        )
        ever_linked = await self._ids(select(LinkRow.therapist_id).where(LinkRow.client_id == person_id))
        their_sessions = _sessions_of(person_id)
        their_assignments = select(AssignmentRow.id).where(
            or_(AssignmentRow.client_id == person_id, AssignmentRow.therapist_id == person_id)
        )
        deleted: dict[str, int] = dict.fromkeys(ERASED_TABLES, 0)
        anonymised: dict[str, int] = {"audit_log": 0, "invites": 0}

        deleted["homework_items"] = await self._count(delete(HomeworkItemRow).where(
            or_(HomeworkItemRow.client_id == person_id, HomeworkItemRow.assignment_id.in_(their_assignments))
        ))
        # Only their own items can point at their sessions; should any other, it merely forgets the session.
        await self._count(
            update(HomeworkItemRow).where(HomeworkItemRow.session_id.in_(their_sessions)).values(session_id=None)
        )
        deleted["assignments"] = await self._count(delete(AssignmentRow).where(
            or_(AssignmentRow.client_id == person_id, AssignmentRow.therapist_id == person_id)
        ))
        deleted["kept_lists"] = await self._count(delete(KeptListRow).where(KeptListRow.person_id == person_id))
        deleted["therapist_notes"] = await self._count(delete(TherapistNoteRow).where(
            or_(TherapistNoteRow.therapist_id == person_id, TherapistNoteRow.client_id == person_id,
                TherapistNoteRow.session_id.in_(their_sessions))
        ))
        deleted["transcript"] = await self._count(
            delete(TranscriptRow).where(TranscriptRow.session_id.in_(their_sessions))
        )
        deleted["sessions"] = await self._count(delete(SessionRow).where(SessionRow.person_id == person_id))
        deleted["links"] = await self._count(
            delete(LinkRow).where(or_(LinkRow.therapist_id == person_id, LinkRow.client_id == person_id))
        )
        deleted["dialogs"] = await self._count(delete(DialogRow).where(DialogRow.person_id == person_id))
        deleted["therapy_sessions"] = await self._count(delete(TherapySessionRow).where(
            or_(TherapySessionRow.therapist_id == person_id, TherapySessionRow.client_id == person_id)
        ))
        deleted["dialogs"] += await self._delete_dialogs_about(person_id, ever_linked)
        deleted["web_sessions"] = await self._count(delete(WebSessionRow).where(WebSessionRow.person_id == person_id))
        deleted["web_signins"] = await self._count(delete(WebSignInRow).where(WebSignInRow.person_id == person_id))

        their_flow_ids = select(CustomFlowRow.flow_id).where(CustomFlowRow.therapist_id == person_id)
        candidates = await self._ids(select(FlowVersionRow.id).where(FlowVersionRow.flow_id.in_(their_flow_ids)))
        deleted["custom_flows"] = await self._count(
            delete(CustomFlowRow).where(CustomFlowRow.therapist_id == person_id)
        )
        deleted["custom_flow_versions"] = await self._count(
            delete(CustomFlowVersionRow).where(CustomFlowVersionRow.therapist_id == person_id)
        )
        deleted["flow_versions"] = await self._delete_unused_versions(candidates)

        deleted["invites"] = await self._count(delete(InviteRow).where(InviteRow.created_by == person_id))
        anonymised["invites"] = await self._count(
            update(InviteRow).where(InviteRow.used_by == person_id).values(used_by=None)
        )
        deleted["processed_updates"] = await self._count(
            delete(ProcessedUpdateRow).where(ProcessedUpdateRow.telegram_id == telegram_id)
        )
        anonymised["audit_log"] = await self._count(
            update(AuditRow)
            .where(or_(AuditRow.actor_id == person_id, AuditRow.subject_id == person_id))
            .values(
                actor_id=case((AuditRow.actor_id == person_id, None), else_=AuditRow.actor_id),
                subject_id=case((AuditRow.subject_id == person_id, None), else_=AuditRow.subject_id),
            )
        )
        deleted["safety_events"] = await self._count(
            delete(SafetyEventRow).where(SafetyEventRow.person_id == person_id)
        )
        await self._erase_from_other_tables(person_id, deleted, anonymised)
        deleted["people"] = await self._count(delete(PersonRow).where(PersonRow.id == person_id))
        # The bulk statements bypassed the identity map: forget what it holds, so that nothing erased can be
        # read back from it in this transaction (repositories hand out records, never these objects).
        self._db.expunge_all()
        return ErasureReport(
            person_id=person_id,
            telegram_id=telegram_id,
            deleted=deleted,
            anonymised=anonymised,
            therapists_to_tell=tuple(sorted(set(therapists))),
            clients_to_tell=tuple(sorted(set(clients))),
        )

    async def _erase_from_other_tables(
        self, person_id: int, deleted: dict[str, int], anonymised: dict[str, int]
    ) -> None:
        """A table added after this code, with a reference to people, is not left naming the person (nor
        blocking the deletion of their row): a row that needs the person (NOT NULL) goes, a nullable
        reference becomes NULL. Give such a table its own step above, and a place in everything_about."""
        for table in reversed(metadata.sorted_tables):  # those that others depend on last
            if table.name in HANDLED_TABLES:
                continue
            references = [c for c in table.columns if any(fk.column.table.name == "people" for fk in c.foreign_keys)]
            required = [c for c in references if not c.nullable]
            if required:
                deleted[table.name] = await self._count(delete(table).where(or_(*(c == person_id for c in required))))
            for column in (c for c in references if c.nullable):
                anonymised[table.name] = anonymised.get(table.name, 0) + await self._count(
                    update(table).where(column == person_id).values({column.name: None})
                )

    async def _delete_dialogs_about(self, client_id: int, therapists: Iterable[int]) -> int:
        """A therapist's dialog about this client (the /assign wizard keeps a "client_id") names them: it goes.
        The state may be encrypted, so it is read through the ORM rather than matched in SQL."""
        rows = await self._rows(select(DialogRow).where(DialogRow.person_id.in_(set(therapists))))
        about = []
        for row in rows:
            try:
                state = json.loads(row.state)
            except ValueError:
                continue
            picked = state.get("picked") if isinstance(state, dict) else None  # a bulk assignment's clients
            if isinstance(state, dict) and (state.get("client_id") in (client_id, str(client_id))
                                            or (isinstance(picked, list) and client_id in picked)):
                about.append(row.person_id)
        if not about:
            return 0
        return await self._count(delete(DialogRow).where(DialogRow.person_id.in_(about)))

    async def _delete_unused_versions(self, candidates: Sequence[int]) -> int:
        """Deletes the flow versions among `candidates` that no session and no custom flow uses. In a
        savepoint: should a concurrent session start on one meanwhile, the versions simply stay."""
        if not candidates:
            return 0
        unused = delete(FlowVersionRow).where(
            FlowVersionRow.id.in_(candidates),
            ~exists().where(SessionRow.flow_version_id == FlowVersionRow.id),
            ~exists().where(CustomFlowRow.flow_version_id == FlowVersionRow.id),
            ~exists().where(CustomFlowVersionRow.flow_version_id == FlowVersionRow.id),  # another's, same text
        )
        try:
            async with self._db.begin_nested():
                return await self._count(unused)
        except IntegrityError:
            return 0

    # --- retention ------------------------------------------------------------------------------------

    async def purge(self, finished_before: datetime | None, inactive_before: datetime | None) -> PurgeReport:
        """Applies a retention policy, in this transaction:

        - with `inactive_before`: everyone with no activity since then is erased, as by erase_person (see
          `_inactive_people` for what counts as activity). This runs first, while the evidence of activity
          that the steps below delete is still there;
        - with `finished_before`: sessions that finished (completed, cancelled, ended, abandoned) before it,
          with their transcripts; homework items completed before it, and never-done items of assignments
          cancelled before it; then assignments made before it (or cancelled before it) that have no items
          left. An item still open keeps its assignment; an open item whose session is deleted only forgets
          that session. Before deleting, each author's newest deleted activity is kept in
          people.purged_activity_at (updated_at is not touched), so they do not look inactive sooner;
        - always: processed updates older than the deduplication window (2 days by the unit of work's
          clock): they carry the sender's Telegram id and serve no purpose after that; and the dashboard's
          sign-in links expired, and sessions unused, for as long (a session is over after 30 idle minutes).
        """
        now = self._clock()
        for cutoff, name in ((finished_before, "finished_before"), (inactive_before, "inactive_before")):
            if cutoff is not None and cutoff.tzinfo is None:
                raise ValueError(f"{name} {cutoff.isoformat()} is naive; pass a timezone-aware datetime")
        deleted: Counter[str] = Counter()
        anonymised: Counter[str] = Counter()
        erased = 0
        if inactive_before is not None:
            for person_id in await self._inactive_people(inactive_before):
                person = await self._lock_person(person_id)
                # Checked again under the lock: they may have written while the list was made.
                if person is None or not await self._still_inactive(person_id, inactive_before):
                    continue
                report = await self._erase(person)
                deleted.update(report.deleted)
                anonymised.update(report.anonymised)
                erased += 1
        if finished_before is not None:
            deleted.update(await self._purge_finished(finished_before))
        updates_before = now - DEDUP_WINDOW
        deleted["processed_updates"] += await self._count(
            delete(ProcessedUpdateRow).where(ProcessedUpdateRow.processed_at < updates_before)
        )
        deleted["web_sessions"] += await self._count(
            delete(WebSessionRow).where(WebSessionRow.last_seen_at < updates_before))
        deleted["web_signins"] += await self._count(
            delete(WebSignInRow).where(WebSignInRow.expires_at < updates_before))
        self._db.expunge_all()
        return PurgeReport(
            finished_before=finished_before,
            inactive_before=inactive_before,
            updates_before=updates_before,
            deleted={table: deleted[table] for table in (*ERASED_TABLES, *sorted(set(deleted) - set(ERASED_TABLES)))},
            anonymised={table: anonymised[table] for table in ("audit_log", "invites", *sorted(
                set(anonymised) - {"audit_log", "invites"}))},
            people_erased=erased,
        )

    async def _purge_finished(self, cutoff: datetime) -> dict[str, int]:
        finished_early = and_(
            SessionRow.status.in_(FINISHED_STATUSES),
            func.coalesce(SessionRow.finished_at, SessionRow.updated_at) < cutoff,
        )
        old_sessions = select(SessionRow.id).where(finished_early)
        cancelled = select(AssignmentRow.id).where(AssignmentRow.cancelled_at < cutoff)
        old_items = or_(
            HomeworkItemRow.completed_at < cutoff,
            and_(HomeworkItemRow.completed_at.is_(None), HomeworkItemRow.assignment_id.in_(cancelled)),
        )
        await self._keep_activity(
            select(SessionRow.person_id, func.max(SessionRow.updated_at))
            .where(finished_early).group_by(SessionRow.person_id)
        )
        await self._keep_activity(
            select(HomeworkItemRow.client_id, func.max(HomeworkItemRow.completed_at))
            .where(HomeworkItemRow.completed_at < cutoff).group_by(HomeworkItemRow.client_id)
        )
        counts = {"homework_items": await self._count(delete(HomeworkItemRow).where(old_items))}
        # An open item whose (abandoned) session goes forgets the session; it can be started again.
        await self._count(
            update(HomeworkItemRow).where(HomeworkItemRow.session_id.in_(old_sessions)).values(session_id=None)
        )
        emptied = and_(
            or_(AssignmentRow.created_at < cutoff, AssignmentRow.cancelled_at < cutoff),
            ~exists().where(HomeworkItemRow.assignment_id == AssignmentRow.id),
        )
        await self._keep_activity(
            select(AssignmentRow.therapist_id,
                   func.max(func.coalesce(AssignmentRow.cancelled_at, AssignmentRow.created_at)))
            .where(emptied).group_by(AssignmentRow.therapist_id)
        )
        counts["assignments"] = await self._count(delete(AssignmentRow).where(emptied))
        # a note on an exercise goes with the exercise; notes on the client stay while the link does
        counts["therapist_notes"] = await self._count(
            delete(TherapistNoteRow).where(TherapistNoteRow.session_id.in_(old_sessions))
        )
        counts["transcript"] = await self._count(
            delete(TranscriptRow).where(TranscriptRow.session_id.in_(old_sessions))
        )
        counts["sessions"] = await self._count(delete(SessionRow).where(finished_early))
        return counts

    async def _keep_activity(self, newest: Executable) -> None:
        """people.purged_activity_at = the newest of it and each (person id, time) row of `newest`."""
        for person_id, at in (await self._db.execute(newest)).all():
            if at is None:
                continue
            await self._count(
                update(PersonRow)
                .where(PersonRow.id == person_id,
                       or_(PersonRow.purged_activity_at.is_(None), PersonRow.purged_activity_at < at))
                .values(purged_activity_at=at)
            )

    async def _inactive_people(self, since: datetime) -> list[int]:
        """People with no activity at or after `since`, by id. Activity is anything the person did that left
        a trace (conservatively: a doubt keeps the person):

        - their people row was created or changed (consent, language, time zone, name, role, blocking),
          or purge deleted activity of theirs that late (people.purged_activity_at);
        - a session of theirs changed (every answer, pause or end changes it);
        - their dialog changed; a link of theirs began or ended (either side); a homework item of theirs was
          completed; they made or redeemed an invite;
        - as a therapist: they assigned or cancelled homework, saved a custom flow, or read a client's data
          (the audit log);
        - a crisis episode of theirs began or ended (safety events);
        - the bot processed an update they sent (kept two days only, so this counts for recent activity).

        A therapist still linked to a client who is active counts as active too: their clients practise
        under their care, and their links and assignments would go with them."""
        inactive = set(await self._ids(_without_activity(since)))
        if not inactive:
            return []
        links = (await self._db.execute(
            select(LinkRow.therapist_id, LinkRow.client_id)
            .where(LinkRow.therapist_id.in_(inactive), LinkRow.ended_at.is_(None))
        )).all()
        busy = {therapist for therapist, client in links if client not in inactive}
        return sorted(inactive - busy)

    async def _still_inactive(self, person_id: int, since: datetime) -> bool:
        """_inactive_people's verdict for one person, read again (under the lock on their row)."""
        if not await self._ids(_without_activity(since).where(PersonRow.id == person_id)):
            return False
        clients = set(await self._ids(
            select(LinkRow.client_id).where(LinkRow.therapist_id == person_id, LinkRow.ended_at.is_(None))
        ))
        if not clients:
            return True
        return clients <= set(await self._ids(_without_activity(since).where(PersonRow.id.in_(clients))))

    # --- helpers --------------------------------------------------------------------------------------

    async def _lock_person(self, person_id: int) -> PersonRow | None:
        query = select(PersonRow).where(PersonRow.id == person_id).with_for_update()
        row: PersonRow | None = await self._db.scalar(query.execution_options(populate_existing=True))
        return row

    async def _display_names(self, ids: Iterable[int]) -> dict[int, str | None]:
        wanted = set(ids)
        if not wanted:
            return {}
        rows = await self._db.execute(select(PersonRow.id, PersonRow.display_name).where(PersonRow.id.in_(wanted)))
        return {row[0]: row[1] for row in rows.all()}

    async def _rows(self, query: Any) -> list[Any]:
        return list(await self._db.scalars(query.execution_options(populate_existing=True)))

    async def _ids(self, query: Any) -> list[int]:
        return [int(value) for value in await self._db.scalars(query)]

    async def _count(self, statement: Delete | Update) -> int:
        result = await self._db.execute(statement.execution_options(synchronize_session=False))
        return cast(CursorResult[Any], result).rowcount


def _sessions_of(person_id: int) -> Select[int]:
    return select(SessionRow.id).where(SessionRow.person_id == person_id)


def _without_activity(since: datetime) -> Select[int]:
    """The ids of people who left no trace of activity at or after `since` (see _inactive_people)."""
    p = PersonRow
    traces: list[ColumnElement[bool]] = [
        p.created_at >= since,
        p.updated_at >= since,
        p.purged_activity_at >= since,
        exists().where(SessionRow.person_id == p.id, SessionRow.updated_at >= since),
        exists().where(DialogRow.person_id == p.id, DialogRow.updated_at >= since),
        exists().where(or_(LinkRow.therapist_id == p.id, LinkRow.client_id == p.id),
                       or_(LinkRow.linked_at >= since, LinkRow.ended_at >= since)),
        exists().where(HomeworkItemRow.client_id == p.id, HomeworkItemRow.completed_at >= since),
        exists().where(InviteRow.created_by == p.id, InviteRow.created_at >= since),
        exists().where(InviteRow.used_by == p.id, InviteRow.used_at >= since),
        exists().where(AssignmentRow.therapist_id == p.id,
                       or_(AssignmentRow.created_at >= since, AssignmentRow.cancelled_at >= since)),
        exists().where(CustomFlowRow.therapist_id == p.id, CustomFlowRow.updated_at >= since),
        exists().where(AuditRow.actor_id == p.id, AuditRow.at >= since),
        exists().where(SafetyEventRow.person_id == p.id,
                       or_(SafetyEventRow.at >= since, SafetyEventRow.closed_at >= since)),
        exists().where(ProcessedUpdateRow.telegram_id == p.telegram_id, ProcessedUpdateRow.processed_at >= since),
    ]
    # `>=` on a NULL column is NULL, not false: coalesce so that NOT (...) is true when nothing matched.
    return select(p.id).where(not_(func.coalesce(or_(*traces), false()))).order_by(p.id)


def _link_data(row: LinkRow, person_id: int, names: dict[int, str | None]) -> LinkData:
    if row.client_id == person_id:
        return LinkData(_link(row), "client", row.therapist_id, names.get(row.therapist_id))
    # a client: by number, and by the therapist's own private name for them (the therapist's record)
    return LinkData(_link(row), "therapist", row.client_id, row.client_name)


def _version(row: FlowVersionRow) -> FlowVersion:
    return FlowVersion(
        id=row.id, flow_id=row.flow_id, version=row.version, content_hash=row.content_hash, source=row.source,
        created_at=row.created_at,
    )
