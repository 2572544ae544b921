"""What an operator's probes and metrics read from the database: the schema revision, how many exercise
sessions are open, how many crisis episodes are on record by kind. Counts and revision ids only: no row,
person or text ever leaves here."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select, text
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.storage.records import OPEN_STATUSES
from bot.storage.schema import SafetyEventRow, SessionRow

# Written out, as the partial index of open sessions is: a planner matches the index by its literal condition.
_OPEN = text(f"status IN ({', '.join(repr(status) for status in OPEN_STATUSES)})")


@dataclass(frozen=True, slots=True)
class EpisodeCount:
    """Crisis episodes on record of one kind: how they began (detected or /sos), the response given
    (check_in or sos), the level and the category (None for /sos)."""

    source: str
    response: str
    level: str
    category: str | None
    count: int


async def schema_revision(engine: AsyncEngine) -> str | None:
    """The database's Alembic revision, read with one SELECT (no Alembic import); None if there is none."""
    async with engine.connect() as connection:
        found = await connection.scalar(text("SELECT version_num FROM alembic_version"))
    return None if found is None else str(found)


async def open_sessions(engine: AsyncEngine) -> int:
    """Exercise sessions active or paused: a count over the partial index of open sessions."""
    async with engine.connect() as connection:
        found = await connection.scalar(
            select(func.count()).select_from(SessionRow).where(_OPEN))
    return int(found or 0)


async def crisis_episodes(engine: AsyncEngine) -> list[EpisodeCount]:
    row = SafetyEventRow
    query = (select(row.source, row.response, row.level, row.category, func.count())
             .group_by(row.source, row.response, row.level, row.category))
    async with engine.connect() as connection:
        rows = (await connection.execute(query)).all()
    return [EpisodeCount(source, response, level, category, int(count))
            for source, response, level, category, count in rows]
