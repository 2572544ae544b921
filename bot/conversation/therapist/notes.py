"""A therapist's private notes on a client or on one of the client's exercises: /note (or the buttons in /review)
lists them, adds one (the next message is the note) and deletes one after a confirmation.

The notes are the therapist's record, never shown to the client (nor in the client's /mydata); each read is
written to the audit log like a read of the client's data ("notes"), and every id in a button is checked
against the link again.
"""

from __future__ import annotations

import html
from datetime import UTC, datetime
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.conversation.access import (
    client_html,
    client_label,
    is_therapist,
    linked_client,
    named_clients,
    readable_session,
)
from bot.conversation.callback_data import MenuButton, encode
from bot.conversation.flow_library import FlowLibrary, stored_engine
from bot.conversation.messages import ButtonSpec, Reply, Send, TextMessage
from bot.conversation.therapist import picker
from bot.conversation.therapist.notes_texts import nt
from bot.conversation.therapist.review_texts import rt
from bot.engine.render import plain_text
from bot.flowspec.texts import localize
from bot.storage import Person, StoredSession
from bot.storage.records import NOTE_LENGTH, TherapistNote
from bot.therapist import texts
from bot.therapist.paging import Line, Span, paginate

if TYPE_CHECKING:
    from bot.conversation.turn import Turn

DIALOG = "note"  # the dialog kind while the next message is a note
MENU = "nt"
PAGE_LIMIT = 3500  # Telegram allows 4096; room for the markup
DELETE_PER_ROW = 3
DELETE_BUTTONS = 30  # Telegram takes at most 100 buttons on a message: the newest notes get one


def _b(label: str, arg: str) -> ButtonSpec:
    return ButtonSpec(label, encode(MenuButton(MENU, arg)))


def client_button(client: Person, label: str, language: str) -> ButtonSpec:
    """"Notes on Maria K.": for a client's card or the list of their exercises; `label` is the client's name
    as the therapist sees it (plain text: a button)."""
    return _b(nt("notes_on_client_button", language, client=label)[:60], f"c.{client.id}")


def exercise_button(session_id: int, language: str) -> ButtonSpec:
    return _b(nt("add_note_on_exercise", language), f"e.{session_id}")


async def note_command(turn: Turn) -> list[Reply]:
    if not is_therapist(turn.person):
        return [Send(turn.chat_id, rt("therapists_only", turn.language))]
    clients = await named_clients(turn.tx, turn.person, turn.language)
    if not clients:
        return [Send(turn.chat_id, rt("no_clients", turn.language))]
    return [await picker.show(turn, picker.Picker(MENU, nt("choose_client", turn.language)), clients)]


async def note_button(turn: Turn, library: FlowLibrary, arg: str) -> list[Reply]:
    kind, _, rest = arg.partition(".")
    if not rest.isdigit() or not is_therapist(turn.person):
        return [Send(turn.chat_id, rt("not_yours", turn.language))]
    number = int(rest)
    if kind == "c":
        return await _list(turn, library, number)
    if kind == "a":
        return await _start_writing(turn, library, number, None)
    if kind == "e":
        row = await readable_session(turn.tx, turn.person, number)
        return await _start_writing(turn, library, row.person_id, row) if row is not None else \
            [Send(turn.chat_id, rt("not_yours", turn.language))]
    if kind in ("d", "x", "k"):
        return await _delete(turn, kind, number)
    return [Send(turn.chat_id, rt("not_yours", turn.language))]


# --- reading ---------------------------------------------------------------------------------------------


async def _list(turn: Turn, library: FlowLibrary, client_id: int) -> list[Reply]:
    client = await linked_client(turn.tx, turn.person, client_id)
    if client is None:
        return [Send(turn.chat_id, rt("not_yours", turn.language))]
    notes = list(reversed(await turn.tx.notes.for_client(turn.person.id, client.id)))  # newest first
    await turn.tx.audit.record(turn.person.id, client.id, "notes", f"notes={len(notes)}")
    language = turn.language
    name = await client_label(turn.tx, turn.person.id, client, language)  # plain: a Span escapes it
    heading = [Line((Span(nt("notes_of", language, client=name), "b"),)),
               Line((Span(nt("private", language), "i"),))]
    blocks: list[list[Line]] = [heading]
    titles: dict[int, str] = {}
    for number, note in enumerate(notes, start=1):
        about = ""
        if note.session_id is not None:
            about = " · " + await _exercise_name(turn, library, note.session_id, titles)
        when = _when(note.created_at, turn.person, language)
        blocks.append([Line((Span(f"{number}. ", "b"), Span(when + about, "i"))), Line((Span(note.text),))])
    if not notes:
        blocks.append([Line((Span(nt("no_notes", language), "i"),))])
    pages = _pages(blocks)
    rows: list[tuple[ButtonSpec, ...]] = [(_b(nt("add_note", language), f"a.{client.id}"),)]
    deletes = [_b(nt("delete", language, number=n), f"d.{note.id}")
               for n, note in enumerate(notes[:DELETE_BUTTONS], start=1)]
    rows += [tuple(deletes[i:i + DELETE_PER_ROW]) for i in range(0, len(deletes), DELETE_PER_ROW)]
    return [*(Send(turn.chat_id, page) for page in pages[:-1]), Send(turn.chat_id, pages[-1], tuple(rows))]


async def exercise_notes(turn: Turn, row: StoredSession) -> list[Reply]:
    """The therapist's notes on one exercise, shown with its transcript (nothing when there are none)."""
    notes = await turn.tx.notes.for_session(turn.person.id, row.id)
    if not notes:
        return []
    await turn.tx.audit.record(turn.person.id, row.person_id, "notes", f"session={row.id} notes={len(notes)}")
    blocks = [[Line((Span(nt("exercise_notes", turn.language), "b"),))]]
    blocks += [[Line((Span(_when(note.created_at, turn.person, turn.language), "i"),)), Line((Span(note.text),))]
               for note in notes]
    return [Send(turn.chat_id, page) for page in _pages(blocks)]


async def _exercise_name(turn: Turn, library: FlowLibrary, session_id: int, titles: dict[int, str]) -> str:
    if session_id not in titles:
        row = await turn.tx.sessions.get(session_id)
        engine = await stored_engine(turn.tx, library, row.flow_version_id) if row is not None else None
        if row is None or engine is None:
            titles[session_id] = nt("on_exercise_gone", turn.language)
        else:
            title = plain_text(localize(engine.flow.title, turn.language))
            when = texts.format_date(_local(row.started_at, turn.person), turn.language)
            titles[session_id] = nt("on_exercise", turn.language, exercise=f"{title}, {when}")
    return titles[session_id]


def _pages(blocks: list[list[Line]]) -> list[str]:
    return paginate(blocks, PAGE_LIMIT, lambda index: None) or [""]


# --- writing ---------------------------------------------------------------------------------------------


async def _start_writing(turn: Turn, library: FlowLibrary, client_id: int, row: StoredSession | None) -> list[Reply]:
    client = await linked_client(turn.tx, turn.person, client_id)
    if client is None:
        return [Send(turn.chat_id, rt("not_yours", turn.language))]
    label = await client_html(turn.tx, turn.person.id, client, turn.language)
    await turn.tx.dialogs.put(turn.person.id, DIALOG, {"client_id": client.id,
                                                       "session_id": row.id if row is not None else None})
    if row is None:
        return [Send(turn.chat_id, nt("write_note", turn.language, client=label))]
    engine = await stored_engine(turn.tx, library, row.flow_version_id)
    title = plain_text(localize(engine.flow.title, turn.language)) if engine is not None else row.flow_id
    date = texts.format_date(_local(row.started_at, turn.person), turn.language)
    return [Send(turn.chat_id, nt("write_note_on_exercise", turn.language, client=label, exercise=title, date=date))]


async def is_writing(turn: Turn) -> bool:
    if not is_therapist(turn.person):
        return False
    dialog = await turn.tx.dialogs.get(turn.person.id)
    return dialog is not None and dialog.kind == DIALOG


def is_note_text(turn: Turn) -> bool:
    """A new typed message (what a note dialog takes as the note), not an edit."""
    payload = turn.incoming.payload
    return isinstance(payload, TextMessage) and not payload.edited


async def receive_text(turn: Turn, text: str) -> list[Reply]:
    dialog = await turn.tx.dialogs.get(turn.person.id)
    state = dialog.state if dialog is not None and dialog.kind == DIALOG else {}
    client_id, session_id = state.get("client_id"), state.get("session_id")
    client = await linked_client(turn.tx, turn.person, client_id) if isinstance(client_id, int) else None
    if client is None:
        await turn.tx.dialogs.clear(turn.person.id)
        return [Send(turn.chat_id, rt("not_yours", turn.language))]
    cleaned = text.strip()
    if not cleaned:
        return [Send(turn.chat_id, nt("empty", turn.language))]
    if len(cleaned) > NOTE_LENGTH:  # the dialog stays open: they can send it shorter
        return [Send(turn.chat_id, nt("too_long", turn.language, limit=NOTE_LENGTH, length=len(cleaned)))]
    if isinstance(session_id, int) and await readable_session(turn.tx, turn.person, session_id) is None:
        await turn.tx.dialogs.clear(turn.person.id)
        return [Send(turn.chat_id, rt("not_yours", turn.language))]
    await turn.tx.notes.add(turn.person.id, client.id, cleaned, session_id if isinstance(session_id, int) else None)
    await turn.tx.dialogs.clear(turn.person.id)
    label = await client_label(turn.tx, turn.person.id, client, turn.language)
    return [Send(turn.chat_id, nt("saved", turn.language), ((client_button(client, label, turn.language),),))]


async def stop_writing(turn: Turn, announce: bool) -> list[Reply]:
    """Another command while a note was awaited: the note is dropped (said so after /cancel)."""
    await turn.tx.dialogs.clear(turn.person.id)
    return [Send(turn.chat_id, nt("cancelled", turn.language))] if announce else []


# --- deleting --------------------------------------------------------------------------------------------


async def _delete(turn: Turn, kind: str, note_id: int) -> list[Reply]:
    note = await turn.tx.notes.get(turn.person.id, note_id)
    if note is None or await linked_client(turn.tx, turn.person, note.client_id) is None:
        return [Send(turn.chat_id, nt("gone", turn.language))]
    if kind == "d":
        await turn.tx.audit.record(turn.person.id, note.client_id, "notes", f"note={note.id}")
        return [Send(turn.chat_id, nt("confirm_delete", turn.language, text=_escaped(note)),
                     ((_b(nt("yes_delete", turn.language), f"x.{note.id}"), _b(nt("keep", turn.language),
                                                                                 f"k.{note.id}")),))]
    if kind == "k":
        return [Send(turn.chat_id, nt("kept", turn.language))]
    await turn.tx.notes.delete(turn.person.id, note.id)
    return [Send(turn.chat_id, nt("deleted", turn.language))]


def _escaped(note: TherapistNote, limit: int = 600) -> str:
    shown = note.text if len(note.text) <= limit else note.text[: limit - 1] + "…"
    return html.escape(shown, quote=False)


# --- times in the therapist's zone -------------------------------------------------------------------------


def _local(moment: datetime, person: Person) -> datetime:
    try:
        zone = ZoneInfo(person.timezone)
    except (ZoneInfoNotFoundError, ValueError):
        zone = ZoneInfo("UTC")
    return (moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)).astimezone(zone)


def _when(moment: datetime, person: Person, language: str) -> str:
    """"12 Nov 2026, 20:05 (Europe/Berlin)": the zone named, so a time is never read in the wrong one."""
    return f"{texts.format_datetime(_local(moment, person), language)} ({person.timezone})"
