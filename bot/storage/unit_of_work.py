"""A unit of work: repositories sharing one AsyncSession, committed together or rolled back together."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager

from sqlalchemy.exc import DBAPIError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlalchemy.orm.exc import StaleDataError

from bot.storage.errors import ConcurrentUpdate, StorageBusy, is_busy
from bot.storage.repositories.audit import SqlAudit
from bot.storage.repositories.caseload import SqlCaseload
from bot.storage.repositories.custom_flows import SqlCustomFlows
from bot.storage.repositories.dialogs import SqlDialogs
from bot.storage.repositories.flow_versions import SqlFlowVersions
from bot.storage.repositories.homework import SqlHomework
from bot.storage.repositories.homework_templates import SqlHomeworkTemplates
from bot.storage.repositories.invites import SqlInvites
from bot.storage.repositories.kept_lists import SqlKeptLists
from bot.storage.repositories.links import SqlLinks
from bot.storage.repositories.notes import SqlNotes
from bot.storage.repositories.people import SqlPeople
from bot.storage.repositories.privacy import SqlPrivacy
from bot.storage.repositories.processed_updates import SqlProcessedUpdates
from bot.storage.repositories.safety import SqlSafetyEvents
from bot.storage.repositories.sessions import SqlSessions
from bot.storage.repositories.therapy_sessions import SqlTherapySessions
from bot.storage.repositories.transcript import SqlTranscript
from bot.storage.repositories.web_auth import SqlWebAuth
from bot.storage.timestamps import Clock


class SqlUnitOfWork:
    def __init__(self, db: AsyncSession, clock: Clock) -> None:
        self.people = SqlPeople(db, clock)
        self.flow_versions = SqlFlowVersions(db, clock)
        self.sessions = SqlSessions(db, clock)
        self.transcript = SqlTranscript(db)
        self.updates = SqlProcessedUpdates(db, clock)
        self.invites = SqlInvites(db, clock)
        self.links = SqlLinks(db, clock)
        self.homework = SqlHomework(db, clock)
        self.audit = SqlAudit(db, clock)
        self.custom_flows = SqlCustomFlows(db, clock)
        self.dialogs = SqlDialogs(db, clock)
        self.privacy = SqlPrivacy(db, clock)
        self.safety = SqlSafetyEvents(db, clock)
        self.therapy_sessions = SqlTherapySessions(db, clock)
        self.templates = SqlHomeworkTemplates(db, clock)
        self.notes = SqlNotes(db, clock)
        self.caseload = SqlCaseload(db, clock)
        self.web = SqlWebAuth(db, clock)
        self.kept = SqlKeptLists(db, clock)


@asynccontextmanager
async def unit_of_work(
    sessions: async_sessionmaker[AsyncSession], clock: Clock
) -> AsyncIterator[SqlUnitOfWork]:
    """Commit when the block ends, roll back if it raises. A lock timeout or conflict abort becomes
    StorageBusy: the caller may run the whole block again."""
    with storage_errors():
        async with sessions() as db, db.begin():
            yield SqlUnitOfWork(db, clock)


@contextmanager
def storage_errors() -> Iterator[None]:
    """The database's errors as the storage's own: ConcurrentUpdate, StorageBusy."""
    try:
        yield
    except StaleDataError as exc:
        raise ConcurrentUpdate(str(exc)) from exc
    except PoolTimeout as exc:  # every connection held too long: as busy as a lock held too long
        raise StorageBusy("no database connection came free in time") from exc
    except DBAPIError as exc:
        if is_busy(exc):
            raise StorageBusy(f"the database was busy: {exc.orig}") from exc
        raise
