"""/review and /session: a client's exercises page by page (completed only, or all), each shown as its compact
card first and as the full transcript on request; "since last session" (the session the therapist marked
as held, else their last review before today); marking a session held. Times are in the therapist's zone,
and the zone is named. Every read is checked against the link and written to the audit log."""

from __future__ import annotations

import html
from dataclasses import dataclass
from datetime import UTC, datetime, time, tzinfo
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.conversation.access import client_html, client_label, linked_client, readable_session
from bot.conversation.callback_data import MenuButton, encode
from bot.conversation.flow_library import FlowLibrary, stored_engine
from bot.conversation.messages import ButtonSpec, Keyboard, Reply, Send
from bot.conversation.therapist import notes
from bot.conversation.therapist.exercise_texts import et
from bot.conversation.therapist.measures_view import trend_html, trend_lines
from bot.conversation.therapist.review_texts import rt
from bot.flowspec.model import CardItem, Flow
from bot.storage import Person, StoredSession, UnitOfWork
from bot.therapist import texts
from bot.therapist.cards import ExerciseCard, build_card, card_lines
from bot.therapist.paging import LINE_GAP, Line, units
from bot.therapist.review import (
    ExerciseReview,
    build_review,
    rating_text,
    review_pages,
    status_text,
    zone_name,
)

if TYPE_CHECKING:
    from bot.conversation.turn import Turn

MENU = "rv"
PAGE_SIZE = 10
COMPLETED, EVERYTHING = "d", "a"  # the list's filter: completed only (the default), or every exercise
PAGE_LIMIT = 3500  # Telegram allows 4096 characters; room for the heading
BUTTON_LIMIT = 60


def _b(label: str, arg: str, menu: str = MENU) -> ButtonSpec:
    return ButtonSpec(label, encode(MenuButton(menu, arg)))


def therapist_zone(person: Person) -> tzinfo:
    try:
        return ZoneInfo(person.timezone)
    except (ZoneInfoNotFoundError, ValueError):
        return UTC


def _not_yours(turn: Turn) -> list[Reply]:
    return [Send(turn.chat_id, rt("not_yours", turn.language))]


def _numbers(parts: list[str]) -> list[int] | None:
    return [int(p) for p in parts] if all(p.isdigit() for p in parts) else None


async def review_button(turn: Turn, library: FlowLibrary, arg: str) -> list[Reply]:
    """c.<client>: the list · l.<client>.<filter>.<page> · s.<session>: its card · t.<session>.<page> (and
    the older p.): its transcript · n.<client>.<page>: since last session · h.<client>: session held today."""
    kind, *rest = arg.split(".")
    filter_ = rest.pop(1) if kind == "l" and len(rest) == 3 else COMPLETED
    numbers = _numbers(rest)
    if not numbers or filter_ not in (COMPLETED, EVERYTHING):
        return _not_yours(turn)
    if kind == "c" and len(numbers) == 1:
        return await exercise_list(turn, library, numbers[0], COMPLETED, 0)
    if kind == "l" and len(numbers) == 2:
        return await exercise_list(turn, library, numbers[0], filter_, numbers[1])
    if kind == "s" and len(numbers) == 1:
        return await card(turn, library, numbers[0])
    if kind in ("t", "p") and len(numbers) in (1, 2):
        return await transcript(turn, library, numbers[0], numbers[1] if len(numbers) == 2 else 0)
    if kind == "n" and len(numbers) in (1, 2):
        return await since_last_session(turn, library, numbers[0], numbers[1] if len(numbers) == 2 else 0)
    if kind == "h" and len(numbers) == 1:
        return await session_held_today(turn, numbers[0])
    return _not_yours(turn)


# --- the list ----------------------------------------------------------------------------------------------


async def exercise_list(turn: Turn, library: FlowLibrary, client_id: int, filter_: str, page: int) -> list[Reply]:
    client = await linked_client(turn.tx, turn.person, client_id)
    if client is None:
        return _not_yours(turn)
    label = await client_html(turn.tx, turn.person.id, client, turn.language)
    rows = await turn.tx.sessions.list_for_person(client.id)
    if filter_ == COMPLETED:
        rows = [r for r in rows if r.status == "completed"]  # cancelled and unfinished ones only under "all"
    pages = max(1, -(-len(rows) // PAGE_SIZE))
    page = min(max(page, 0), pages - 1)
    shown = rows[page * PAGE_SIZE:(page + 1) * PAGE_SIZE]
    zone = therapist_zone(turn.person)
    buttons: list[tuple[ButtonSpec, ...]] = []
    for row in shown:
        review = await _review(turn.tx, library, row, turn.language, zone)
        if review is not None:
            line = _list_line(review, turn.language)
            buttons.append((_b(line[:BUTTON_LIMIT], f"s.{row.id}"),))
    navigation = []
    if page > 0:
        navigation.append(_b(et("newer", turn.language), f"l.{client.id}.{filter_}.{page - 1}"))
    if page + 1 < pages:
        navigation.append(_b(et("older", turn.language), f"l.{client.id}.{filter_}.{page + 1}"))
    if navigation:
        buttons.append(tuple(navigation))
    other = EVERYTHING if filter_ == COMPLETED else COMPLETED
    buttons.append((_b(et("show_all" if other == EVERYTHING else "show_completed", turn.language),
                       f"l.{client.id}.{other}.0"),))
    buttons.append((_b(et("since_button", turn.language), f"n.{client.id}.0"),
                    _b(et("held_button", turn.language), f"h.{client.id}")))
    buttons.append((notes.client_button(client, await client_label(turn.tx, turn.person.id, client, turn.language),
                                        turn.language),))
    if rows:
        heading = et("list_completed" if filter_ == COMPLETED else "list_all", turn.language, client=label,
                     first=page * PAGE_SIZE + 1, last=page * PAGE_SIZE + len(shown), count=len(rows))
        heading += "\n" + _zone_line(zone, turn.language)
        trends = await trend_lines(turn.tx, library, client.id, turn.language, zone)
        if trends:
            heading += "\n\n" + trend_html(trends)
    else:
        heading = et("none_completed" if filter_ == COMPLETED else "none_at_all", turn.language, client=label)
    await turn.tx.audit.record(turn.person.id, client.id, "review", f"list filter={filter_} page={page}")
    return [Send(turn.chat_id, heading, tuple(buttons))]


def _list_line(review: ExerciseReview, language: str) -> str:
    """"12 Nov 2026, 20:15 · Thought record · Mood: 80 → 40": the time tells two of one day apart, and only an
    unfinished exercise says its status (the button has room for about 60 characters)."""
    parts = [texts.format_datetime(review.started_at, language), review.title]
    if not review.finished:
        parts.append(status_text(review, language))
    return " · ".join([*parts, *(rating_text(r) for r in review.ratings)])


def _zone_line(zone: tzinfo, language: str) -> str:
    return f"<i>{html.escape(et('times_in', language, zone=zone_name(zone)), quote=False)}</i>"


# --- one exercise: its card, then its transcript ---------------------------------------------------------


async def card(turn: Turn, library: FlowLibrary, session_id: int) -> list[Reply]:
    row = await readable_session(turn.tx, turn.person, session_id)
    zone = therapist_zone(turn.person)
    found = await review_and_flow(turn.tx, library, row, turn.language, zone) if row else None
    if row is None or found is None:
        return _not_yours(turn)
    review, flow = found
    shown = build_card(review, flow, turn.language, card=card_declaration(library, flow))
    text = _html(card_lines(shown, turn.language)) + "\n" + _zone_line(zone, turn.language)
    if flow.scores:  # a questionnaire: its scores over time, reliable changes pointed out
        trends = await trend_lines(turn.tx, library, row.person_id, turn.language, zone, flow.id)
        text += "\n\n" + trend_html(trends) if trends else ""
    keyboard: Keyboard = ((_b(et("transcript_button", turn.language), f"t.{row.id}.0"),),
                          (notes.exercise_button(row.id, turn.language),),
                          (_b(et("back_button", turn.language), f"c.{row.person_id}"),))
    await turn.tx.audit.record(turn.person.id, row.person_id, "review", f"session={row.id} card")
    return [Send(turn.chat_id, text, keyboard)]


async def transcript(turn: Turn, library: FlowLibrary, session_id: int, page: int) -> list[Reply]:
    row = await readable_session(turn.tx, turn.person, session_id)
    review = await _review(turn.tx, library, row, turn.language, therapist_zone(turn.person)) if row else None
    if row is None or review is None:
        return _not_yours(turn)
    pages = review_pages(review, turn.language)
    page = min(max(page, 0), len(pages) - 1)
    if page == 0:
        await turn.tx.audit.record(turn.person.id, row.person_id, "review", f"session={row.id}")
    if page + 1 < len(pages):
        keyboard: Keyboard = ((_b(rt("next_page", turn.language, page=page + 2, pages=len(pages)),
                                  f"t.{row.id}.{page + 1}"),),)
        return [Send(turn.chat_id, pages[page], keyboard)]
    # the last page: the therapist's own notes on it follow the client's words
    last: list[Reply] = [Send(turn.chat_id, pages[page], ((notes.exercise_button(row.id, turn.language),),))]
    return last + await notes.exercise_notes(turn, row)


# --- since last session ---------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SinceWhen:
    kind: str  # "session" (marked as held), "review" (the therapist's last before today), "start" (neither)
    at: datetime | None


async def since_when(tx: UnitOfWork, therapist: Person, client: Person, now: datetime) -> SinceWhen:
    """Where "since last session" starts: the newest session marked as held, else the therapist's last look
    at the client's exercises before today (in the therapist's zone: reading them this morning before the
    session does not move the start), else the beginning."""
    marked = await tx.therapy_sessions.latest(therapist.id, client.id)
    if marked is not None:
        return SinceWhen("session", marked)
    zone = therapist_zone(therapist)
    today = datetime.combine(now.astimezone(zone).date(), time(0), tzinfo=zone)
    reviewed = await tx.audit.latest(therapist.id, client.id, "review", today.astimezone(UTC))
    return SinceWhen("review", reviewed) if reviewed is not None else SinceWhen("start", None)


async def since_last_session(turn: Turn, library: FlowLibrary, client_id: int, page: int) -> list[Reply]:
    client = await linked_client(turn.tx, turn.person, client_id)
    if client is None:
        return _not_yours(turn)
    now = datetime.fromtimestamp(turn.at, UTC)
    since = await since_when(turn.tx, turn.person, client, now)
    zone = therapist_zone(turn.person)
    rows = [r for r in await turn.tx.sessions.list_for_person(client.id) if r.status == "completed"
            and (since.at is None or (r.finished_at or r.updated_at) >= since.at)]
    cards: list[ExerciseCard] = []
    for row in reversed(rows):  # oldest first: read as what happened, in order
        found = await review_and_flow(turn.tx, library, row, turn.language, zone)
        if found is not None:
            review, flow = found
            cards.append(build_card(review, flow, turn.language, card=card_declaration(library, flow)))
    label = await client_html(turn.tx, turn.person.id, client, turn.language)
    when = texts.format_datetime(since.at.astimezone(zone), turn.language) if since.at else ""
    heading = et(f"since_{since.kind}", turn.language, client=label, when=when, count=len(cards))
    heading += "\n" + _zone_line(zone, turn.language)
    numbered = list(enumerate(cards, 1))
    pages = _card_pages(numbered, turn.language, PAGE_LIMIT - units(heading) - 40)
    page = min(max(page, 0), len(pages) - 1)
    body = [heading]
    if len(pages) > 1:
        body.append(et("since_page", turn.language, page=page + 1, pages=len(pages)))
    body += [_html(card_lines(c, turn.language, number)) for number, c in pages[page]]
    buttons: list[tuple[ButtonSpec, ...]] = [
        (_b(et("transcript_of", turn.language, number=number, title=c.title)[:BUTTON_LIMIT], f"t.{c.session_id}.0"),)
        for number, c in pages[page]
    ]
    if page + 1 < len(pages):
        buttons.append((_b(rt("next_page", turn.language, page=page + 2, pages=len(pages)),
                           f"n.{client.id}.{page + 1}"),))
    buttons.append((_b(et("held_button", turn.language), f"h.{client.id}"),))
    if page == 0:
        start = since.at.date().isoformat() if since.at else "start"
        await turn.tx.audit.record(turn.person.id, client.id, "review",
                                   f"since={since.kind}:{start} exercises={len(cards)}")
    return [Send(turn.chat_id, "\n\n".join(body), tuple(buttons))]


def _card_pages(cards: list[tuple[int, ExerciseCard]], language: str,
                limit: int) -> list[list[tuple[int, ExerciseCard]]]:
    """Cards grouped into pages under `limit` (a card is never split; one longer than a page has its own)."""
    pages: list[list[tuple[int, ExerciseCard]]] = [[]]
    size = 0
    for number, shown in cards:
        length = units(_html(card_lines(shown, language, number))) + 2
        if pages[-1] and size + length > limit:
            pages.append([])
            size = 0
        pages[-1].append((number, shown))
        size += length
    return pages


async def session_held_today(turn: Turn, client_id: int) -> list[Reply]:
    client = await linked_client(turn.tx, turn.person, client_id)
    if client is None:
        return _not_yours(turn)
    zone = therapist_zone(turn.person)
    today = datetime.fromtimestamp(turn.at, zone).date()
    label = await client_html(turn.tx, turn.person.id, client, turn.language)
    date = texts.format_date(today, turn.language)
    latest = await turn.tx.therapy_sessions.latest(turn.person.id, client.id)
    if latest is not None and latest.astimezone(zone).date() == today:
        return [Send(turn.chat_id, et("session_already_marked", turn.language, client=label, date=date))]
    await turn.tx.therapy_sessions.mark_held(turn.person.id, client.id)
    return [Send(turn.chat_id, et("session_marked", turn.language, client=label, date=date))]


async def session_menu(turn: Turn, library: FlowLibrary, arg: str) -> list[Reply]:
    """/session, after the client is chosen: when the last session was, "since last session" and "held today"."""
    kind, _, rest = arg.partition(".")
    client = await linked_client(turn.tx, turn.person, int(rest)) if kind == "c" and rest.isdigit() else None
    if client is None:
        return _not_yours(turn)
    label = await client_html(turn.tx, turn.person.id, client, turn.language)
    latest = await turn.tx.therapy_sessions.latest(turn.person.id, client.id)
    if latest is not None:
        date = texts.format_date(latest.astimezone(therapist_zone(turn.person)).date(), turn.language)
        text = et("session_last", turn.language, client=label, date=date)
    else:
        text = et("session_none", turn.language, client=label)
    keyboard: Keyboard = ((_b(et("since_button", turn.language), f"n.{client.id}.0"),),
                          (_b(et("held_button", turn.language), f"h.{client.id}"),))
    return [Send(turn.chat_id, text, keyboard)]


# --- shared ---------------------------------------------------------------------------------------------------


def _html(lines: list[Line]) -> str:
    return LINE_GAP.join(line.html() for line in lines)


def card_declaration(library: FlowLibrary, flow: Flow) -> list[CardItem] | None:
    """The flow version's own card; for a session run before its flow declared one, the newer version's."""
    if flow.card is not None:
        return None
    current = library.current(flow.id)
    return current.card if current is not None else None


async def review_and_flow(tx: UnitOfWork, library: FlowLibrary, row: StoredSession, language: str,
                           zone: tzinfo) -> tuple[ExerciseReview, Flow] | None:
    engine = await stored_engine(tx, library, row.flow_version_id)
    if engine is None:
        return None
    entries = await tx.transcript.for_session(row.id)
    return build_review(row, entries, engine.flow, language, tz=zone, engine=engine), engine.flow


async def _review(tx: UnitOfWork, library: FlowLibrary, row: StoredSession, language: str,
                  zone: tzinfo) -> ExerciseReview | None:
    found = await review_and_flow(tx, library, row, language, zone)
    return found[0] if found is not None else None
