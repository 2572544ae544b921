"""The therapist's reading: /export, /progress (and the client picker of /review and /session; /clients is in
caseload.py, reading the exercises themselves in exercises.py). Every read of a client's data is
checked against the link first and written to the audit log (who, whose, what, when — no content)."""

from __future__ import annotations

import html
import re
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from bot.conversation.access import client_html, client_label, is_therapist, linked_client, named_clients
from bot.conversation.callback_data import MenuButton, encode
from bot.conversation.flow_library import FlowLibrary, stored_engine
from bot.conversation.messages import ButtonSpec, Reply, Send, SendDocument, SendPhoto
from bot.conversation.therapist import picker
from bot.conversation.therapist.exercises import card_declaration
from bot.conversation.therapist.review_texts import rt
from bot.flowspec.model import Flow
from bot.storage import Person, StoredSession, UnitOfWork
from bot.therapist.cards import build_card
from bot.therapist.charts import progress_points
from bot.therapist.export_cards import ANSWER_LIMIT as EXPORT_ANSWER_LIMIT
from bot.therapist.export_csv import export_csv
from bot.therapist.export_extras import ExportExtras, HomeworkDone
from bot.therapist.export_json import export_json
from bot.therapist.measures import series_lines
from bot.therapist.review import ExerciseReview, build_review

if TYPE_CHECKING:
    from bot.conversation.turn import Turn

CAPTION_LIMIT = 1024  # Telegram's limit on a photo's caption
RANGES = ("7", "30", "90", "0")  # days; 0 = everything
FORMATS = ("pdf", "csv", "json")
# an export's options: (c)ompact cards or (f)ull transcripts, then (d)one (completed) only or (a)ll exercises
OPTIONS = ("cd", "ca", "fd", "fa")
DEFAULT_OPTIONS = "cd"


def _b(label: str, menu: str, arg: str) -> ButtonSpec:
    return ButtonSpec(label, encode(MenuButton(menu, arg)))


async def choose_client(turn: Turn, menu: str) -> list[Reply]:
    if not is_therapist(turn.person):
        return [Send(turn.chat_id, rt("therapists_only", turn.language))]
    clients = await named_clients(turn.tx, turn.person, turn.language)
    if not clients:
        return [Send(turn.chat_id, rt("no_clients", turn.language))]
    return [await picker.show(turn, picker.Picker(menu, rt(f"choose_client_{menu}", turn.language)), clients)]


def file_name_part(label: str) -> str:
    """A client's name made fit for a file name: letters and digits, the rest as single hyphens."""
    return re.sub(r"[\W_]+", "-", label).strip("-")[:40] or "client"


async def _review(tx: UnitOfWork, library: FlowLibrary, row: StoredSession,
                  language: str) -> tuple[ExerciseReview, Flow] | None:
    engine = await stored_engine(tx, library, row.flow_version_id)
    if engine is None:
        return None
    entries = await tx.transcript.for_session(row.id)
    return build_review(row, entries, engine.flow, language, engine=engine), engine.flow


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
        return [_format_menu(turn, client, parts[2], DEFAULT_OPTIONS)]
    if parts[0] == "o" and len(parts) == 4 and parts[2] in RANGES and parts[3] in OPTIONS:
        return [_format_menu(turn, client, parts[2], parts[3])]
    if parts[0] == "x" and len(parts) == 5 and parts[2] in RANGES and parts[3] in OPTIONS and parts[4] in FORMATS:
        return await _export(turn, library, client, int(parts[2]), parts[4], parts[3])
    if parts[0] == "f" and len(parts) == 4 and parts[2] in RANGES and parts[3] in FORMATS:  # a button sent before
        return await _export(turn, library, client, int(parts[2]), parts[3], DEFAULT_OPTIONS)
    return [Send(turn.chat_id, rt("not_yours", turn.language))]


def _format_menu(turn: Turn, client: Person, days: str, options: str) -> Send:
    """The formats, with the two options as buttons that switch them: compact cards or full transcripts,
    completed exercises only or all of them."""
    layout, scope = options[0], options[1]
    formats = tuple(_b(f.upper(), "ex", f"x.{client.id}.{days}.{options}.{f}") for f in FORMATS)
    other_layout = "f" if layout == "c" else "c"
    other_scope = "a" if scope == "d" else "d"
    switches = (
        _b(rt(f"switch_layout_{other_layout}", turn.language), "ex", f"o.{client.id}.{days}.{other_layout}{scope}"),
        _b(rt(f"switch_scope_{other_scope}", turn.language), "ex", f"o.{client.id}.{days}.{layout}{other_scope}"),
    )
    text = rt("choose_format_with", turn.language, layout=rt(f"layout_{layout}", turn.language),
              scope=rt(f"scope_{scope}", turn.language))
    return Send(turn.chat_id, text, (formats, switches))


async def _export(turn: Turn, library: FlowLibrary, client: Person, days: int, fmt: str,
                  options: str = DEFAULT_OPTIONS) -> list[Reply]:
    until = datetime.fromtimestamp(turn.at, UTC)
    since = until - timedelta(days=days) if days else None
    completed_only = options[1] == "d"
    chosen = [(review, flow) for review, flow in await _reviews_between(turn.tx, library, client, since, turn.language)
              if review.finished or not completed_only]
    reviews = [review for review, _ in chosen]
    extras = ExportExtras(
        layout="compact" if options[0] == "c" else "full",
        homework=await homework_done(turn.tx, turn.person, client),
        notes=tuple(await turn.tx.notes.for_client(turn.person.id, client.id)),
        completed_only=completed_only,
        cards={review.session_id: build_card(review, flow, turn.language, card=card_declaration(library, flow),
                                             limit=EXPORT_ANSWER_LIMIT)
               for review, flow in chosen},
    )
    label = await client_label(turn.tx, turn.person.id, client, turn.language)
    if fmt == "pdf":
        from bot.therapist.export_pdf import export_pdf  # fpdf and fonts: loaded on the first PDF, not at start

        content = export_pdf(label, reviews, since.date() if since else None, until.date(), turn.language, extras)
    elif fmt == "csv":
        content = export_csv(label, reviews, extras)
    else:
        content = export_json(label, reviews, extras)
    span = f"from={since.date() if since else 'start'} to={until.date()}"
    scope = "completed" if completed_only else "all"
    await turn.tx.audit.record(turn.person.id, client.id, "export", f"format={fmt} {span} exercises={len(reviews)} "
                               f"layout={extras.layout} scope={scope} notes={len(extras.notes)}")
    name = f"cbt-{file_name_part(label)}-{until:%Y%m%d}-{extras.layout}.{fmt}"
    caption_label = html.escape(label, quote=False)
    return [SendDocument(turn.chat_id, name, content, rt("export_caption", turn.language, client=caption_label,
                                                         count=len(reviews)))]


async def homework_done(tx: UnitOfWork, therapist: Person, client: Person) -> dict[int, HomeworkDone]:
    """Session id -> the homework item it did: its due day and its assignment's note."""
    notes: dict[int, str | None] = {}
    done: dict[int, HomeworkDone] = {}
    for item in await tx.homework.items_for(therapist.id, client.id):
        if item.session_id is None:
            continue
        if item.assignment_id not in notes:
            assignment = await tx.homework.get_assignment(item.assignment_id)
            notes[item.assignment_id] = assignment.note if assignment is not None else None
        done[item.session_id] = HomeworkDone(item.due_on, notes[item.assignment_id])
    return done


async def progress_button(turn: Turn, library: FlowLibrary, arg: str) -> list[Reply]:
    kind, _, rest = arg.partition(".")
    client = await linked_client(turn.tx, turn.person, int(rest)) if kind == "c" and rest.isdigit() else None
    if client is None:
        return [Send(turn.chat_id, rt("not_yours", turn.language))]
    reviews = [review for review, _ in await _reviews_between(turn.tx, library, client, None, turn.language)]
    points = progress_points(reviews)
    await turn.tx.audit.record(turn.person.id, client.id, "progress", f"exercises={len(reviews)}")
    if not points:
        return [Send(turn.chat_id, rt("no_ratings", turn.language,
                                      client=await client_html(turn.tx, turn.person.id, client, turn.language)))]
    from bot.therapist.charts import progress_chart

    caption = rt("progress_caption", turn.language,
                 client=await client_html(turn.tx, turn.person.id, client, turn.language))
    trends = series_lines(reviews, turn.language)  # questionnaires: scores over time, reliable changes
    if trends:
        caption = "\n".join([caption, *trends])[:CAPTION_LIMIT]
    return [SendPhoto(turn.chat_id, progress_chart(points, turn.language), caption)]


async def _reviews_between(tx: UnitOfWork, library: FlowLibrary, client: Person, since: datetime | None,
                           language: str) -> list[tuple[ExerciseReview, Flow]]:
    found = []
    for row in await tx.sessions.list_for_person(client.id):
        if since is not None and row.started_at < since:
            continue
        pair = await _review(tx, library, row, language)
        if pair is not None:
            found.append(pair)
    return found
