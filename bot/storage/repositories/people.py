"""People: clients and therapists, found by their Telegram id."""

from __future__ import annotations

import re
from typing import Any, cast
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import Row, bindparam, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.storage.errors import RecordNotFound
from bot.storage.records import Person, Role, clean_name
from bot.storage.repositories.insert_or_ignore import PerDialect
from bot.storage.schema import DISPLAY_NAME_LENGTH, TELEGRAM_LANGUAGE_LENGTH, PersonRow
from bot.storage.timestamps import Clock

_PEOPLE = PersonRow.__table__
_BY_TELEGRAM_ID = select(_PEOPLE).where(_PEOPLE.c.telegram_id == bindparam("telegram_id"))
_BY_ID = select(_PEOPLE).where(_PEOPLE.c.id == bindparam("id"))
_CREATE = PerDialect(lambda dialect: dialect.insert(_PEOPLE).on_conflict_do_nothing())
_LONGEST_ZONE_NAME = 64  # the longest in the tz database is 32 characters
_ZONE_NAME = re.compile(r"[A-Za-z0-9_+\-]+(/[A-Za-z0-9_+\-]+)*")


class SqlPeople:
    def __init__(self, db: AsyncSession, clock: Clock) -> None:
        self._db = db
        self._clock = clock

    async def get_or_create(self, telegram_id: int) -> Person:
        found = await self.find_by_telegram_id(telegram_id)
        if found is not None:
            return found
        now = self._clock()
        await self._db.execute(_CREATE(self._db), {"telegram_id": telegram_id, "created_at": now, "updated_at": now})
        created = await self.find_by_telegram_id(telegram_id)  # ours, or a concurrent transaction's
        assert created is not None
        return created

    async def get(self, person_id: int) -> Person | None:
        row = (await self._db.execute(_BY_ID, {"id": person_id})).first()
        return None if row is None else _person(row)

    async def find_by_telegram_id(self, telegram_id: int) -> Person | None:
        row = (await self._db.execute(_BY_TELEGRAM_ID, {"telegram_id": telegram_id})).first()
        return None if row is None else _person(row)

    async def set_role(self, person_id: int, role: Role) -> Person:
        return await self._update(person_id, role=role)

    async def set_language(self, person_id: int, language: str) -> Person:
        return await self._update(person_id, language=language)

    async def note_telegram_language(self, person_id: int, code: str | None) -> Person:
        """Telegram's language_code, kept so that messages nobody asked for (reminders, notices) are in the
        person's language too; an update without one changes nothing."""
        if not code or len(code) > TELEGRAM_LANGUAGE_LENGTH:
            person = await self.get(person_id)
            if person is None:
                raise RecordNotFound(f"no person with id {person_id}")
            return person
        return await self._update(person_id, telegram_language=code)

    async def note_first_name(self, person_id: int, first_name: str | None) -> Person:
        """The first name of the person's Telegram profile, kept (encrypted) as a therapist's name for a client
        they have not named; an update without a usable one changes nothing."""
        try:
            cleaned = clean_name(first_name or "")
        except ValueError:
            cleaned = None
        person = await self.get(person_id)
        if person is None:
            raise RecordNotFound(f"no person with id {person_id}")
        if cleaned is None or cleaned == person.first_name:
            return person
        return await self._update(person_id, first_name=cleaned)

    async def set_timezone(self, person_id: int, timezone: str) -> Person:
        # ZoneInfo opens a file by that name: a long or odd one fails with OSError, naming what was typed
        if len(timezone) > _LONGEST_ZONE_NAME or not _ZONE_NAME.fullmatch(timezone):
            raise ValueError("not an IANA time zone name")
        try:
            ZoneInfo(timezone)
        except (ZoneInfoNotFoundError, ValueError, OSError):
            raise ValueError("not an IANA time zone name") from None
        return await self._update(person_id, timezone=timezone)

    async def set_country(self, person_id: int, country: str | None) -> Person:
        """An ISO 3166 code ("DE"), or None to go back to the time zone's country."""
        if country is not None and not re.fullmatch(r"[A-Z]{2}", country):
            raise ValueError(f"{country!r} is not an ISO 3166 country code")
        return await self._update(person_id, country=country)

    async def give_consent(self, person_id: int) -> Person:
        return await self._update(person_id, consent_given_at=self._clock())

    async def withdraw_consent(self, person_id: int) -> Person:
        return await self._update(person_id, consent_withdrawn_at=self._clock())

    async def mark_blocked(self, person_id: int) -> Person:
        return await self._update(person_id, blocked_at=self._clock())

    async def mark_unblocked(self, person_id: int) -> Person:
        return await self._update(person_id, blocked_at=None)

    async def set_display_name(self, person_id: int, name: str | None) -> Person:
        """The name clients see for a therapist; surrounding blanks are dropped, and a blank name is none."""
        cleaned = name.strip() if name is not None else None
        if cleaned is not None and len(cleaned) > DISPLAY_NAME_LENGTH:
            raise ValueError(f"a display name has at most {DISPLAY_NAME_LENGTH} characters")
        return await self._update(person_id, display_name=cleaned or None)

    async def with_role(self, role: Role) -> list[Person]:
        """Everyone with this role, oldest record first."""
        query = select(PersonRow).where(PersonRow.role == role).order_by(PersonRow.id)
        return [_person(row) for row in await self._db.scalars(query)]

    async def _update(self, person_id: int, **changes: Any) -> Person:
        row = await self._db.get(PersonRow, person_id)
        if row is None:
            raise RecordNotFound(f"no person with id {person_id}")
        for name, value in changes.items():
            setattr(row, name, value)
        row.updated_at = self._clock()
        await self._db.flush()
        return _person(row)


def _person(row: PersonRow | Row[Any]) -> Person:
    return Person(
        id=row.id,
        telegram_id=row.telegram_id,
        role=cast(Role, row.role),
        language=row.language,
        timezone=row.timezone,
        consent_given_at=row.consent_given_at,
        consent_withdrawn_at=row.consent_withdrawn_at,
        blocked_at=row.blocked_at,
        created_at=row.created_at,
        updated_at=row.updated_at,
        display_name=row.display_name,
        telegram_language=row.telegram_language,
        country=row.country,
        first_name=row.first_name,
    )
