"""The therapist's reading: /review, /export, /progress (/clients is in caseload.py). Every read of a client's data is
checked against the link first and written to the audit log (who, whose, what, when — no content)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from bot.conversation.access import client_label, is_therapist, linked_client, linked_clients, readable_session
from bot.conversation.callback_data import MenuButton, encode
from bot.conversation.flow_library import FlowLibrary, stored_engine
from bot.conversation.messages import ButtonSpec, Reply, Send, SendDocument, SendPhoto
from bot.conversation.therapist.review_texts import rt
from bot.storage import Person, StoredSession, UnitOfWork
from bot.therapist.charts import progress_points
from bot.therapist.export_csv import export_csv
from bot.therapist.export_json import export_json
from bot.therapist.review import ExerciseReview, build_review, exercise_list_line, review_pages

if TYPE_CHECKING:
    from bot.conversation.turn import Turn

LIST_LIMIT = 10
RANGES = ("7", "30", "90", "0")  # days; 0 = everything
FORMATS = ("pdf", "csv", "json")


def _b(label: str, menu: str, arg: str) -> ButtonSpec:
    return ButtonSpec(label, encode(MenuButton(menu, arg)))


async def choose_client(turn: Turn, menu: str) -> list[Reply]:
    if not is_therapist(turn.person):
        return [Send(turn.chat_id, rt("therapists_only", turn.language))]
    rows = [(_b(client_label(c, turn.language), menu, f"c.{c.id}"),)
            for c in await linked_clients(turn.tx, turn.person)]
    if not rows:
        return [Send(turn.chat_id, rt("no_clients", turn.language))]
    return [Send(turn.chat_id, rt(f"choose_client_{menu}", turn.language), tuple(rows))]


# --- /review -------------------------------------------------------------------------------------

async def review_button(turn: Turn, library: FlowLibrary, arg: str) -> list[Reply]:
    kind, _, rest = arg.partition(".")
    if kind == "c" and rest.isdigit():
        return await _exercise_list(turn, library, int(rest))
    session_text, _, page_text = rest.partition(".")
    if kind in ("s", "p") and session_text.isdigit():
        return await _transcript(turn, library, int(session_text), int(page_text) if page_text.isdigit() else 0)
    return [Send(turn.chat_id, rt("not_yours", turn.language))]


async def _exercise_list(turn: Turn, library: FlowLibrary, client_id: int) -> list[Reply]:
    client = await linked_client(turn.tx, turn.person, client_id)
    if client is None:
        return [Send(turn.chat_id, rt("not_yours", turn.language))]
    rows = []
    for row in await turn.tx.sessions.list_for_person(client.id, limit=LIST_LIMIT):
        review = await _review(turn.tx, library, row, turn.language)
        if review is not None:
            rows.append((_b(exercise_list_line(review, turn.language)[:60], "rv", f"s.{row.id}"),))
    if not rows:
        return [Send(turn.chat_id, rt("no_exercises", turn.language, client=client_label(client, turn.language)))]
    label = client_label(client, turn.language)
    return [Send(turn.chat_id, rt("exercises_of", turn.language, client=label), tuple(rows))]


async def _transcript(turn: Turn, library: FlowLibrary, session_id: int, page: int) -> list[Reply]:
    row = await readable_session(turn.tx, turn.person, session_id)
    review = await _review(turn.tx, library, row, turn.language) if row else None
    if row is None or review is None:
        return [Send(turn.chat_id, rt("not_yours", turn.language))]
    pages = review_pages(review, turn.language)
    page = min(max(page, 0), len(pages) - 1)
    if page == 0:
        await turn.tx.audit.record(turn.person.id, row.person_id, "review", f"session={row.id}")
    keyboard = ((_b(rt("next_page", turn.language, page=page + 2, pages=len(pages)), "rv", f"p.{row.id}.{page + 1}"),),
                ) if page + 1 < len(pages) else ()
    return [Send(turn.chat_id, pages[page], keyboard)]


async def _review(tx: UnitOfWork, library: FlowLibrary, row: StoredSession, language: str) -> ExerciseReview | None:
    engine = await stored_engine(tx, library, row.flow_version_id)
    if engine is None:
        return None
    entries = await tx.transcript.for_session(row.id)
    return build_review(row, entries, engine.flow, language, engine=engine)


# --- /export and /progress -------------------------------------------------------------------------

async def export_button(turn: Turn, library: FlowLibrary, arg: str) -> list[Reply]:
    parts = arg.split(".")
    client = await linked_client(turn.tx, turn.person, int(parts[1])) if len(parts) > 1 and parts[1].isdigit() \
        else None
    if client is None:
        return [Send(turn.chat_id, rt("not_yours", turn.language))]
    if parts[0] == "c":
        row = tuple(_b(rt(f"range_{d}", turn.language), "ex", f"r.{client.id}.{d}") for d in RANGES)
        return [Send(turn.chat_id, rt("choose_range", turn.language), (row,))]
    if parts[0] == "r" and len(parts) == 3 and parts[2] in RANGES:
        row = tuple(_b(f.upper(), "ex", f"f.{client.id}.{parts[2]}.{f}") for f in FORMATS)
        return [Send(turn.chat_id, rt("choose_format", turn.language), (row,))]
    if parts[0] == "f" and len(parts) == 4 and parts[2] in RANGES and parts[3] in FORMATS:
        return await _export(turn, library, client, int(parts[2]), parts[3])
    return [Send(turn.chat_id, rt("not_yours", turn.language))]


async def _export(turn: Turn, library: FlowLibrary, client: Person, days: int, fmt: str) -> list[Reply]:
    until = datetime.fromtimestamp(turn.at, UTC)
    since = until - timedelta(days=days) if days else None
    reviews = await _reviews_between(turn.tx, library, client, since, turn.language)
    label = client_label(client, turn.language)
    if fmt == "pdf":
        from bot.therapist.export_pdf import export_pdf  # fpdf and fonts: loaded on the first PDF, not at start

        content = export_pdf(label, reviews, since.date() if since else None, until.date(), turn.language)
    elif fmt == "csv":
        content = export_csv(label, reviews)
    else:
        content = export_json(label, reviews)
    span = f"from={since.date() if since else 'start'} to={until.date()}"
    await turn.tx.audit.record(turn.person.id, client.id, "export", f"format={fmt} {span} exercises={len(reviews)}")
    name = f"cbt-{client.id}-{until:%Y%m%d}.{fmt}"
    return [SendDocument(turn.chat_id, name, content, rt("export_caption", turn.language, client=label,
                                                         count=len(reviews)))]


async def progress_button(turn: Turn, library: FlowLibrary, arg: str) -> list[Reply]:
    kind, _, rest = arg.partition(".")
    client = await linked_client(turn.tx, turn.person, int(rest)) if kind == "c" and rest.isdigit() else None
    if client is None:
        return [Send(turn.chat_id, rt("not_yours", turn.language))]
    reviews = await _reviews_between(turn.tx, library, client, None, turn.language)
    points = progress_points(reviews)
    await turn.tx.audit.record(turn.person.id, client.id, "progress", f"exercises={len(reviews)}")
    if not points:
        return [Send(turn.chat_id, rt("no_ratings", turn.language, client=client_label(client, turn.language)))]
    from bot.therapist.charts import progress_chart

    return [SendPhoto(turn.chat_id, progress_chart(points, turn.language),
                      rt("progress_caption", turn.language, client=client_label(client, turn.language)))]


async def _reviews_between(tx: UnitOfWork, library: FlowLibrary, client: Person, since: datetime | None,
                           language: str) -> list[ExerciseReview]:
    found = []
    for row in await tx.sessions.list_for_person(client.id):
        if since is not None and row.started_at < since:
            continue
        review = await _review(tx, library, row, language)
        if review is not None:
            found.append(review)
    return found
