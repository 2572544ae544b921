"""Choosing one of the therapist's clients: a button per client, eight to a page with ‹ › between pages, and
— past one page — a typed search: the therapist types part of a name and the list narrows to the clients
whose name (as the therapist sees it) contains it. Used by every client picker but the /assign wizard's,
which pages the same way inside its own message (assign_wizard.py)."""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeVar

from bot.conversation.access import named_clients
from bot.conversation.callback_data import MenuButton, encode
from bot.conversation.messages import ButtonSpec, EditMessage, Keyboard, Reply, Send
from bot.conversation.texts import ui
from bot.conversation.therapist.naming_texts import nmt
from bot.conversation.therapist.wizard_view import pressed_message
from bot.storage import Person

if TYPE_CHECKING:
    from bot.conversation.turn import Turn

PAGE = 8
MENU = "pick"  # the ‹ › buttons
DIALOG = "picker"  # an open picker: typed text searches it
T = TypeVar("T")

# What a client's button does, by picker: the callback data of each picker's choice.
TARGETS: dict[str, Callable[[int], MenuButton]] = {
    "rv": lambda c: MenuButton("rv", f"c.{c}"),
    "ex": lambda c: MenuButton("ex", f"c.{c}"),
    "pg": lambda c: MenuButton("pg", f"c.{c}"),
    "ss": lambda c: MenuButton("ss", f"c.{c}"),
    "hwl": lambda c: MenuButton("hwl", str(c)),
    "nt": lambda c: MenuButton("nt", f"c.{c}"),
    "release": lambda c: MenuButton("release", str(c)),
    "rn": lambda c: MenuButton("rn", str(c)),
}


@dataclass(frozen=True, slots=True)
class Picker:
    target: str  # a key of TARGETS
    title: str  # Telegram HTML


def narrow(clients: Sequence[tuple[T, str]], query: str) -> list[tuple[T, str]]:
    """The clients whose name contains `query`, case and surrounding blanks aside; all for an empty query."""
    wanted = " ".join(query.split()).casefold()
    return [c for c in clients if wanted in c[1].casefold()] if wanted else list(clients)


def page_of(items: Sequence[T], page: int) -> tuple[list[T], int, int]:
    """The items on `page` (counted from 0, kept within range), that page, and the number of pages."""
    pages = max(1, -(-len(items) // PAGE))
    page = min(max(page, 0), pages - 1)
    return list(items[page * PAGE:(page + 1) * PAGE]), page, pages


def nav_row(page: int, pages: int, language: str, button: Callable[[str, int], ButtonSpec]) -> tuple[ButtonSpec, ...]:
    """‹ and › around the page number, for more than one page; `button(label, page)` makes each."""
    if pages <= 1:
        return ()
    row = []
    if page > 0:
        row.append(button(nmt("page_prev", language), page - 1))
    row.append(button(nmt("page_of", language, page=page + 1, pages=pages), page))
    if page < pages - 1:
        row.append(button(nmt("page_next", language), page + 1))
    return tuple(row)


def search_hint(total: int, query: str, found: int, language: str) -> str:
    """The line under the title: how to search (past one page), or what the search found."""
    if query:
        shown = html.escape(query, quote=False)
        return nmt("search_found", language, query=shown, count=found) if found else \
            nmt("search_none", language, query=shown)
    return nmt("search_how", language) if total > PAGE else ""


async def show(turn: Turn, picker: Picker, clients: Sequence[tuple[Person, str]] | None = None, page: int = 0,
               query: str = "", *, edit: bool = False) -> Reply:
    """The picker's page as a message: a new one, or with `edit` the pressed one edited (‹ ›)."""
    everyone = clients if clients is not None else await named_clients(turn.tx, turn.person, turn.language)
    found = narrow(everyone, query)
    shown, page, pages = page_of(found, page)
    target = TARGETS[picker.target]
    rows: list[tuple[ButtonSpec, ...]] = [(ButtonSpec(label, encode(target(client.id))),) for client, label in shown]
    nav = nav_row(page, pages, turn.language,
                  lambda label, to: ButtonSpec(label, encode(MenuButton(MENU, f"{picker.target}.{to}"))))
    if nav:
        rows.append(nav)
    hint = search_hint(len(everyone), query, len(found), turn.language)
    text = picker.title + (f"\n\n<i>{hint}</i>" if hint else "")
    if len(everyone) > PAGE:  # typed text searches this picker until something else is done
        await turn.tx.dialogs.put(turn.person.id, DIALOG, {"target": picker.target, "title": picker.title,
                                                           "query": query})
    keyboard: Keyboard = tuple(rows)
    pressed = pressed_message(turn) if edit else None
    return EditMessage(turn.chat_id, pressed, text, keyboard) if pressed is not None else \
        Send(turn.chat_id, text, keyboard)


async def on_button(turn: Turn, arg: str) -> list[Reply]:
    """‹ or ›: `<target>.<page>`, within the search typed last, if any."""
    target, _, page = arg.rpartition(".")
    dialog = await turn.tx.dialogs.get(turn.person.id)
    if dialog is None or dialog.kind != DIALOG or dialog.state.get("target") != target or not page.isdigit():
        return [Send(turn.chat_id, ui("stale_menu", turn.language))]
    picker = Picker(target, str(dialog.state.get("title", "")))
    return [await show(turn, picker, page=int(page), query=str(dialog.state.get("query", "")),
                       edit=True)]


async def search(turn: Turn, text: str) -> list[Reply]:
    """Typed text while a picker is open: the picker again, narrowed to the names containing it."""
    dialog = await turn.tx.dialogs.get(turn.person.id)
    if dialog is None or dialog.kind != DIALOG or dialog.state.get("target") not in TARGETS:
        return [Send(turn.chat_id, ui("stale_menu", turn.language))]
    picker = Picker(str(dialog.state["target"]), str(dialog.state.get("title", "")))
    return [await show(turn, picker, query=text.strip()[:64])]


async def is_open(turn: Turn) -> bool:
    dialog = await turn.tx.dialogs.get(turn.person.id)
    return dialog is not None and dialog.kind == DIALOG


async def close(turn: Turn) -> None:
    """Something else was done: typed text no longer searches."""
    if await is_open(turn):
        await turn.tx.dialogs.clear(turn.person.id)
