"""The therapist's caseload at a glance: /clients (one row per client, paged), a client's card, /digest (how
often a digest of who did what and who missed what comes, and notices per missed item), and the words of
the digest and the notices, which the dispatchers in bot/therapist/caseload_dispatch.py send.

Every figure comes from one read of the whole caseload (SqlCaseload.caseload): a fixed number of queries
however many clients there are. Never a client's words: exercise titles, counts, dates and ratings only.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from typing import TYPE_CHECKING, TypeVar
from zoneinfo import ZoneInfo

from bot.conversation.access import client_html, client_labels, is_therapist, linked_client
from bot.conversation.callback_data import MenuButton, encode
from bot.conversation.flow_library import FlowLibrary, stored_engine
from bot.conversation.messages import ButtonSpec, Keyboard, Reply, Send
from bot.conversation.therapist.caseload_texts import kt
from bot.engine.session import Session
from bot.flowspec.texts import localize
from bot.i18n import languages
from bot.storage import Person, StoredSession, UnitOfWork
from bot.storage.records import Caseload, CaseloadItem, DigestSettings, DueDigest, MissedNotice, SafetyEvent
from bot.therapist.caseload import (
    WeekFigures,
    activity_day,
    digest_period,
    local_date,
    missed_between,
    next_digest_at,
    status,
    week_figures,
    week_start,
)
from bot.therapist.schedule import ScheduleError, parse_local_time, time_zone

if TYPE_CHECKING:
    from bot.conversation.turn import Turn

MENU = "cl"
DIGEST_MENU = "dg"
PAGE_SIZE = 8
RECENT = 5  # exercises on a card
RATED = 3  # the newest completed exercises looked at for the latest rating change
SOS_RECENT = timedelta(days=7)  # an SOS episode this recent flags the client even once closed
MESSAGE_LIMIT = 4096
DIGEST_TIMES = ("0700", "0800", "0900", "1200", "1800", "2000", "2100")
_SPACES = re.compile(r"\s+")


def _b(label: str, menu: str, arg: str) -> ButtonSpec:
    return ButtonSpec(label, encode(MenuButton(menu, arg)))


def _now(turn: Turn) -> datetime:
    return datetime.fromtimestamp(turn.at, UTC)


@dataclass(frozen=True, slots=True)
class ClientRow:
    """One client's figures, as the overview and the card show them."""

    client: Person
    label: str
    last_activity: datetime | None
    week: WeekFigures
    rating: str | None  # "mood 7 → 4": the latest change of the latest exercise with ratings
    sos: SafetyEvent | None  # the newest open, or recent, SOS episode
    recent: tuple[StoredSession, ...]
    missed: tuple[CaseloadItem, ...]  # this week's missed items

    @property
    def attention(self) -> tuple[int, int, str]:
        """Sort key: an SOS flag first, then the most missed, then by name."""
        return (0 if self.sos else 1, -self.week.missed, self.label.casefold())


async def read_caseload(tx: UnitOfWork, library: FlowLibrary, therapist: Person, now: datetime,
                        language: str, recent: int = RATED, only: int | None = None) -> list[ClientRow]:
    """Every linked client's row (or only the client `only`'s); `recent` sessions of each are read (a card shows
    more than the list)."""
    today = now.date()
    caseload = await tx.caseload.caseload(therapist.id, today - timedelta(days=8), today + timedelta(days=8),
                                          recent, now - SOS_RECENT, None if only is None else [only])
    return await _rows(tx, library, therapist.id, caseload, now, language)


async def _rows(tx: UnitOfWork, library: FlowLibrary, therapist_id: int, caseload: Caseload, now: datetime,
                language: str) -> list[ClientRow]:
    items, recent, completed, sos = (_by_client(caseload.items), _by_person(caseload.recent),
                                     _by_person(caseload.completed), _by_person(caseload.sos))
    rows = []
    labels = await client_labels(tx, therapist_id, caseload.clients, language)
    for client in caseload.clients:
        own_items = items.get(client.id, [])
        sessions = recent.get(client.id, [])
        week = week_figures(own_items, now, client.timezone)
        start = week_start(now, client.timezone)
        missed = tuple(i for i in own_items if i.due_on >= start and status(i, now, client.timezone) == "missed"
                       and not i.cancelled)
        rows.append(ClientRow(
            client=client, label=labels[client.id],
            last_activity=max((s.updated_at for s in sessions), default=None), week=week,
            rating=await _latest_rating(tx, library, completed.get(client.id, [])),
            sos=_flag(sos.get(client.id, [])), recent=tuple(sessions), missed=missed,
        ))
    return rows


def _by_client(items: Iterable[CaseloadItem]) -> dict[int, list[CaseloadItem]]:
    found: dict[int, list[CaseloadItem]] = defaultdict(list)
    for item in items:
        found[item.client_id].append(item)
    return found


R = TypeVar("R", StoredSession, SafetyEvent)


def _by_person(records: Iterable[R]) -> dict[int, list[R]]:
    found: dict[int, list[R]] = defaultdict(list)
    for record in records:
        found[record.person_id].append(record)
    return found


def _flag(events: Sequence[SafetyEvent]) -> SafetyEvent | None:
    """The open episode if any, else the newest recent one (the query returns nothing else)."""
    return next((e for e in events if e.closed_at is None), events[0] if events else None)


async def _latest_rating(tx: UnitOfWork, library: FlowLibrary, completed: Sequence[StoredSession]) -> str | None:
    for row in completed:
        engine = await stored_engine(tx, library, row.flow_version_id)
        if engine is None:
            continue
        changes = [f"{measure} {before:g} → {after:g}"
                   for measure, (before, after) in engine.rating_changes(Session.from_json(row.state)).items()
                   if before is not None and after is not None]
        if changes:
            return "; ".join(changes)
    return None


def _when(at: datetime | None, now: datetime, zone: str, language: str) -> str:
    day = activity_day(at, now, zone)
    return kt(day, language) if isinstance(day, str) else day.isoformat()


def _sos_mark(row: ClientRow, now: datetime, zone: str, language: str) -> str:
    if row.sos is None:
        return ""
    if row.sos.closed_at is None:
        return kt("sos_open", language)
    return kt("sos_recent", language, date=local_date(row.sos.at, zone).isoformat())


def overview_line(row: ClientRow, now: datetime, zone: str, language: str) -> str:
    """One client's row: name, last activity, this week's homework (due so far · done · missed), the latest
    rating change, an SOS flag. `zone` is the therapist's."""
    rating = f" · {row.rating}" if row.rating else ""
    fields = {"flag": _sos_mark(row, now, zone, language), "client": _escape(row.label),
              "last": _when(row.last_activity, now, zone, language), "rating": _escape(rating)}
    if row.week.due == 0:
        return kt("row_no_homework", language, none=kt("no_homework", language), **fields)
    return kt("row", language, due=row.week.due, done=row.week.done, missed=row.week.missed, **fields)


# --- /clients and the card ---------------------------------------------------------------------------


async def clients(turn: Turn, library: FlowLibrary, page: int = 0) -> list[Reply]:
    if not is_therapist(turn.person):
        return [Send(turn.chat_id, kt("therapists_only", turn.language))]
    rows = sorted(await read_caseload(turn.tx, library, turn.person, _now(turn), turn.language),
                  key=lambda r: r.attention)
    if not rows:
        return [Send(turn.chat_id, kt("no_clients", turn.language))]
    text, keyboard, shown = overview_page(rows, page, _now(turn), turn.person.timezone, turn.language)
    for row in shown:  # each row tells something of that client's week: a read like any other, audited
        await turn.tx.audit.record(turn.person.id, row.client.id, "caseload", f"list page={page}")
    return [Send(turn.chat_id, text, keyboard)]


def overview_page(rows: Sequence[ClientRow], page: int, now: datetime, zone: str,
                  language: str) -> tuple[str, Keyboard, Sequence[ClientRow]]:
    """The page's text and buttons, and the rows it shows."""
    pages = max(1, -(-len(rows) // PAGE_SIZE))
    page = min(max(page, 0), pages - 1)
    shown = rows[page * PAGE_SIZE:(page + 1) * PAGE_SIZE]
    lines = [kt("overview_title", language, count=len(rows))]
    if pages > 1:
        lines.append(kt("overview_page", language, page=page + 1, pages=pages))
    for row in shown:
        line = overview_line(row, now, zone, language)
        if len("\n\n".join([*lines, line])) > MESSAGE_LIMIT - 100:
            break  # names are short; this only guards the limit
        lines.append(line)
    buttons = [_b(row.label[:40], MENU, f"c.{row.client.id}") for row in shown]
    keyboard: list[tuple[ButtonSpec, ...]] = [tuple(buttons[i:i + 2]) for i in range(0, len(buttons), 2)]
    paging = []
    if page > 0:
        paging.append(_b(kt("previous", language), MENU, f"p.{page - 1}"))
    if page + 1 < pages:
        paging.append(_b(kt("next", language), MENU, f"p.{page + 1}"))
    if paging:
        keyboard.append(tuple(paging))
    return "\n\n".join(lines), tuple(keyboard), shown


async def caseload_button(turn: Turn, library: FlowLibrary, arg: str) -> list[Reply]:
    kind, _, value = arg.partition(".")
    if not is_therapist(turn.person) or not value.isdigit():
        return [Send(turn.chat_id, kt("not_yours", turn.language))]
    if kind == "p":
        return await clients(turn, library, int(value))
    if kind == "c":
        return await card(turn, library, int(value))
    return [Send(turn.chat_id, kt("not_yours", turn.language))]


async def card(turn: Turn, library: FlowLibrary, client_id: int) -> list[Reply]:
    client = await linked_client(turn.tx, turn.person, client_id)
    if client is None:
        return [Send(turn.chat_id, kt("not_yours", turn.language))]
    rows = await read_caseload(turn.tx, library, turn.person, _now(turn), turn.language, RECENT)
    row = next((r for r in rows if r.client.id == client.id), None)
    if row is None:
        return [Send(turn.chat_id, kt("not_yours", turn.language))]
    text = await card_text(turn.tx, library, row, _now(turn), turn.person.timezone, turn.language)
    await turn.tx.audit.record(turn.person.id, client.id, "caseload", "card")
    keyboard: Keyboard = ((_b(kt("button_review", turn.language), "rv", f"c.{client.id}"),
                           _b(kt("button_assign", turn.language), MENU_ASSIGN, str(client.id))),
                          (_b(kt("button_back", turn.language), MENU, "p.0"),))
    return [Send(turn.chat_id, text, keyboard)]


MENU_ASSIGN = "cla"


async def card_text(tx: UnitOfWork, library: FlowLibrary, row: ClientRow, now: datetime, zone: str,
                    language: str) -> str:
    lines = [kt("card_title", language, client=_escape(row.label)),
             kt("card_last", language, last=_when(row.last_activity, now, zone, language)),
             kt("card_week", language, due=row.week.due, done=row.week.done, missed=row.week.missed),
             kt("card_rating", language, rating=_escape(row.rating)) if row.rating else kt("card_no_rating", language)]
    if row.sos is not None:
        key = "card_sos_open" if row.sos.closed_at is None else "card_sos_recent"
        lines.append(kt(key, language, date=local_date(row.sos.at, zone).isoformat()))
    if row.missed:
        lines += ["", kt("card_missed", language)]
        for item in row.missed:
            title = await flow_title(tx, library, item.flow_id, None, language)
            lines.append(f"• {_escape(title)} — {kt('due_on', language, date=item.due_on.isoformat())}")
    lines += ["", kt("card_recent", language)]
    if not row.recent:
        lines.append(kt("card_no_recent", language))
    for session in row.recent:
        title = await flow_title(tx, library, session.flow_id, session.flow_version_id, language)
        status = {"completed": "status_completed", "active": "status_in_progress",
                  "paused": "status_in_progress"}.get(session.status, "status_stopped")
        rating = await _latest_rating(tx, library, [session]) if session.status == "completed" else None
        lines.append(f"• {local_date(session.updated_at, zone).isoformat()} {_escape(title)} — "
                     f"{kt(status, language)}{' · ' + rating if rating else ''}")
    return "\n".join(lines)[:MESSAGE_LIMIT]


async def flow_title(tx: UnitOfWork, library: FlowLibrary, flow_id: str, flow_version_id: int | None,
                     language: str) -> str:
    """An exercise's title: of the version the session ran when known, else the current shipped flow."""
    flow = library.current(flow_id)
    if flow_version_id is not None:
        engine = await stored_engine(tx, library, flow_version_id)
        flow = engine.flow if engine is not None else flow
    return localize(flow.title, language) if flow else flow_id


# --- /digest -----------------------------------------------------------------------------------------


async def digest_command(turn: Turn, args: str) -> list[Reply]:
    if not is_therapist(turn.person):
        return [Send(turn.chat_id, kt("therapists_only", turn.language))]
    words = _SPACES.split(args.strip().lower()) if args.strip() else []
    if not words:
        return [await _digest_menu(turn)]
    try:
        frequency, weekday, at = _parse_digest(words)
    except ValueError:
        return [Send(turn.chat_id, kt("digest_bad_args", turn.language))]
    return [await _set_digest(turn, frequency, weekday, at)]


def _parse_digest(words: list[str]) -> tuple[str, int | None, time | None]:
    if words == ["off"]:
        return "off", None, None
    if len(words) == 2 and words[0] == "daily":
        return "daily", None, parse_local_time(words[1])
    if len(words) == 3 and words[0] == "weekly":
        return "weekly", _weekday(words[1]), parse_local_time(words[2])
    raise ValueError("not a digest setting")


def _weekday(word: str) -> int:
    if word.isdigit() and 1 <= int(word) <= 7:
        return int(word) - 1
    for n in range(7):
        short = {kt(f"weekday_short_{n}", language).lower() for language in languages()}
        names = {kt(f"weekday_{n}", language).lower() for language in languages()}
        if word in short or (len(word) >= 3 and any(name.startswith(word) for name in names)):
            return n
    raise ScheduleError("date_format", f"{word!r} is not a day of the week")


async def digest_button(turn: Turn, library: FlowLibrary, arg: str) -> list[Reply]:
    if not is_therapist(turn.person):
        return [Send(turn.chat_id, kt("therapists_only", turn.language))]
    parts = arg.split(".")
    lang = turn.language
    if parts == ["off"]:
        return [await _set_digest(turn, "off", None, None)]
    if parts[0] == "n" and parts[1:] in (["on"], ["off"]):
        await turn.tx.caseload.set_missed_notices(turn.person.id, parts[1] == "on")
        return [Send(turn.chat_id, await _describe(turn))]
    if parts == ["f", "weekly"]:
        rows = [tuple(_b(kt(f"weekday_{d}", lang), DIGEST_MENU, f"w.{d}") for d in range(row, min(row + 4, 7)))
                for row in (0, 4)]
        return [Send(turn.chat_id, kt("digest_choose_day", lang), tuple(rows))]
    if parts == ["f", "daily"] or (parts[0] == "w" and len(parts) == 2 and parts[1] in "0123456"):
        day = parts[1] if parts[0] == "w" else "d"
        buttons = [_b(f"{t[:2]}:{t[2:]}", DIGEST_MENU, f"t.{day}.{t}") for t in DIGEST_TIMES]
        keyboard = tuple(tuple(buttons[i:i + 4]) for i in range(0, len(buttons), 4))
        return [Send(turn.chat_id, kt("digest_choose_time", lang, zone=turn.person.timezone), keyboard)]
    if parts[0] == "t" and len(parts) == 3 and parts[2] in DIGEST_TIMES and parts[1] in "d0123456":
        at = time(int(parts[2][:2]), int(parts[2][2:]))
        if parts[1] == "d":
            return [await _set_digest(turn, "daily", None, at)]
        return [await _set_digest(turn, "weekly", int(parts[1]), at)]
    return [Send(turn.chat_id, kt("not_yours", lang))]


async def _digest_menu(turn: Turn) -> Send:
    lang = turn.language
    settings = await turn.tx.caseload.digest_settings(turn.person.id)
    notices = settings is not None and settings.missed_notices
    keyboard: Keyboard = ((_b(kt("button_daily", lang), DIGEST_MENU, "f.daily"),
                           _b(kt("button_weekly", lang), DIGEST_MENU, "f.weekly"),
                           _b(kt("button_off", lang), DIGEST_MENU, "off")),
                          (_b(kt("button_notices_off" if notices else "button_notices_on", lang), DIGEST_MENU,
                              "n.off" if notices else "n.on"),))
    return Send(turn.chat_id, await _describe(turn) + "\n\n" + kt("digest_menu", lang), keyboard)


async def _set_digest(turn: Turn, frequency: str, weekday: int | None, at: time | None) -> Send:
    next_at = None
    if frequency != "off":
        assert at is not None
        next_at = next_digest_at(frequency, at, weekday, turn.person.timezone, _now(turn))  # type: ignore[arg-type]
    await turn.tx.caseload.set_digest(turn.person.id, frequency, at, weekday, next_at)  # type: ignore[arg-type]
    return Send(turn.chat_id, await _describe(turn))


async def zone_changed(turn: Turn) -> None:
    """After /timezone: the digest keeps its wall-clock time in the new zone."""
    settings = await turn.tx.caseload.digest_settings(turn.person.id)
    if settings is None or settings.frequency == "off" or settings.send_at is None:
        return
    next_at = next_digest_at(settings.frequency, settings.send_at, settings.weekday, turn.person.timezone, _now(turn))
    await turn.tx.caseload.set_digest(turn.person.id, settings.frequency, settings.send_at, settings.weekday, next_at)


async def _describe(turn: Turn) -> str:
    settings = await turn.tx.caseload.digest_settings(turn.person.id)
    return describe_settings(settings, turn.person.timezone, turn.language)


def describe_settings(settings: DigestSettings | None, zone: str, language: str) -> str:
    if settings is None or settings.frequency == "off" or settings.send_at is None:
        lines = [kt("digest_off", language)]
    else:
        at = settings.send_at.strftime("%H:%M")
        if settings.frequency == "daily":
            lines = [kt("digest_daily", language, time=at, zone=zone)]
        else:
            lines = [kt("digest_weekly", language, time=at, zone=zone,
                        weekday=kt(f"weekday_{settings.weekday}", language))]
        if settings.next_at is not None:
            local = settings.next_at.astimezone(_zone_info(zone))
            lines.append(kt("digest_next", language, at=local.strftime("%Y-%m-%d %H:%M")))
    notices = settings is not None and settings.missed_notices
    lines.append(kt("notices_on" if notices else "notices_off", language))
    return "\n".join(lines)


def _zone_info(zone: str) -> ZoneInfo:
    try:
        return time_zone(zone)
    except ValueError:
        return ZoneInfo("UTC")


# --- the digest and the notices ------------------------------------------------------------------------


async def digest_messages(tx: UnitOfWork, library: FlowLibrary, due: DueDigest, language: str) -> list[str]:
    """The digest due: who did what and who missed what in its period, SOS episodes first. Split into
    messages under Telegram's limit; empty when the therapist has no clients."""
    start, end = digest_period(due.frequency, due.scheduled_at)
    caseload = await tx.caseload.caseload(due.therapist_id, (start - timedelta(days=2)).date(),
                                          (end + timedelta(days=1)).date(), 1, start)
    if not caseload.clients:
        return []
    ids = [c.id for c in caseload.clients]
    done = await tx.caseload.completed_between(ids, start, end)
    items = _by_client(caseload.items)
    finished = _by_person(done)
    zone = due.timezone
    header = kt("digest_title", language, start=_local(start, zone), end=_local(end, zone), zone=zone)
    lines: list[str] = []
    labels = await client_labels(tx, due.therapist_id, caseload.clients, language)
    flagged = [c for c in caseload.clients if any(e.person_id == c.id for e in caseload.sos)]
    if flagged:
        lines.append(kt("digest_sos", language, clients=", ".join(_escape(labels[c.id]) for c in flagged)))
    done_lines, missed_lines, quiet = [], [], []
    for client in caseload.clients:
        label = _escape(labels[client.id])
        titles = [await flow_title(tx, library, s.flow_id, s.flow_version_id, language)
                  for s in finished.get(client.id, [])]
        missed = missed_between(items.get(client.id, []), start, end, client.timezone)
        if titles:
            counts = Counter(titles)
            done_lines.append(f"• {label}: " + ", ".join(
                _escape(t) if n == 1 else kt("times", language, title=_escape(t), count=n) for t, n in counts.items()))
        if missed:
            names = [f"{_escape(await flow_title(tx, library, i.flow_id, None, language))} "
                     f"({kt('due_on', language, date=i.due_on.isoformat())})" for i in missed]
            missed_lines.append(f"• {label}: " + ", ".join(names))
        if not titles:
            quiet.append(label)
    if done_lines:
        lines += ["", kt("digest_done", language), *done_lines]
    if missed_lines:
        lines += ["", kt("digest_missed", language), *missed_lines]
    if not done_lines and not missed_lines:
        lines += ["", kt("digest_nothing", language)]
    if quiet and done_lines:
        lines += ["", kt("digest_quiet", language, clients=", ".join(quiet))]
    lines += ["", kt("digest_more", language)]
    return split_messages([header, *lines])


def split_messages(lines: Sequence[str], limit: int = MESSAGE_LIMIT) -> list[str]:
    """Lines joined into as few messages as fit under `limit`, never splitting a line (a longer line is cut)."""
    messages: list[str] = []
    current = ""
    for line in lines:
        line = line[:limit]
        candidate = f"{current}\n{line}" if current else line
        if len(candidate) > limit:
            messages.append(current)
            candidate = line
        current = candidate
    if current:
        messages.append(current)
    return messages


async def missed_notice(tx: UnitOfWork, library: FlowLibrary, notice: MissedNotice,
                        language: str) -> tuple[str, Keyboard]:
    title = await flow_title(tx, library, notice.flow_id, None, language)
    name = await client_html(tx, notice.therapist_id, notice.client, language)
    text = kt("missed_notice", language, client=name, flow=_escape(title),
              due=notice.due_on.isoformat())
    return text, ((_b(kt("button_card", language), MENU, f"c.{notice.client.id}"),),)


def _local(at: datetime, zone: str) -> str:
    return at.astimezone(_zone_info(zone)).strftime("%Y-%m-%d %H:%M")


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")

