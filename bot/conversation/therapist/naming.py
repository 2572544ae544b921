"""Names: the therapist's private name for each client (/rename, or /invite NAME), never shown to the client;
and the therapist's own name as clients see it (/myname, asked when someone registers through a therapist
invitation). Names are typed by people: cleaned by clean_name, and escaped wherever they are shown."""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from bot.conversation.access import client_html, is_therapist, label_of, linked_client, named_clients
from bot.conversation.callback_data import MenuButton, encode
from bot.conversation.messages import ButtonSpec, Reply, Send
from bot.conversation.texts import ui
from bot.conversation.therapist import picker
from bot.conversation.therapist.naming_texts import nmt
from bot.conversation.therapist.texts import tt
from bot.storage import clean_name

if TYPE_CHECKING:
    from bot.conversation.turn import Turn

MENU = "rn"
DIALOG = "naming"  # typed text is a name: {"client_id": id} for a client, {"self": true} for the therapist


def _escape(text: str) -> str:
    return html.escape(text, quote=False)


async def rename_command(turn: Turn) -> list[Reply]:
    if not is_therapist(turn.person):
        return [Send(turn.chat_id, tt("therapists_only", turn.language))]
    clients = await named_clients(turn.tx, turn.person, turn.language)
    if not clients:
        return [Send(turn.chat_id, tt("no_clients", turn.language))]
    return [await picker.show(turn, picker.Picker(MENU, nmt("rename_choose", turn.language)), clients)]


async def rename_button(turn: Turn, arg: str) -> list[Reply]:
    """`<client id>`: asks for the new name; `<client id>.x`: back to the name in their Telegram profile."""
    client_id, _, clear = arg.partition(".")
    client = await linked_client(turn.tx, turn.person, int(client_id)) if client_id.isdigit() else None
    if client is None:
        return [Send(turn.chat_id, tt("not_your_client", turn.language))]
    if clear == "x":
        await turn.tx.links.set_client_name(turn.person.id, client.id, None)
        await _close(turn)
        shown = _escape(label_of(client, None, turn.language))
        return [Send(turn.chat_id, nmt("rename_cleared", turn.language, client=shown))]
    await turn.tx.dialogs.put(turn.person.id, DIALOG, {"client_id": client.id})
    keyboard = ((ButtonSpec(nmt("rename_clear", turn.language), encode(MenuButton(MENU, f"{client.id}.x"))),),)
    text = nmt("rename_ask", turn.language, client=await client_html(turn.tx, turn.person.id, client, turn.language))
    return [Send(turn.chat_id, text, keyboard if client.first_name else ())]


async def myname_command(turn: Turn) -> list[Reply]:
    if not is_therapist(turn.person):
        return [Send(turn.chat_id, tt("therapists_only", turn.language))]
    return await start_own_name(turn, "myname_show" if turn.person.display_name else "myname_none")


async def start_own_name(turn: Turn, text: str = "ask_own_name") -> list[Reply]:
    """Asks the therapist for the name clients see; what they type next is it (receive_text)."""
    await turn.tx.dialogs.put(turn.person.id, DIALOG, {"self": True})
    name = _escape(turn.person.display_name or "")
    return [Send(turn.chat_id, nmt(text, turn.language, name=name))]


async def receive_text(turn: Turn, text: str) -> list[Reply]:
    """The name typed while a naming dialog is open: kept, or refused with the reason (the dialog stays)."""
    dialog = await turn.tx.dialogs.get(turn.person.id)
    if dialog is None or dialog.kind != DIALOG:
        return [Send(turn.chat_id, ui("stale_menu", turn.language))]
    try:
        name = clean_name(text)
    except ValueError:
        return [Send(turn.chat_id, nmt("name_invalid", turn.language))]
    if dialog.state.get("self"):
        turn.person = await turn.tx.people.set_display_name(turn.person.id, name)
        await _close(turn)
        return [Send(turn.chat_id, nmt("myname_set", turn.language, name=_escape(name)))]
    client_id = dialog.state.get("client_id")
    if not isinstance(client_id, int) or not await turn.tx.links.set_client_name(turn.person.id, client_id, name):
        await _close(turn)
        return [Send(turn.chat_id, tt("not_your_client", turn.language))]
    await _close(turn)
    return [Send(turn.chat_id, nmt("renamed", turn.language, client=_escape(name)))]


async def is_naming(turn: Turn) -> bool:
    dialog = await turn.tx.dialogs.get(turn.person.id)
    return dialog is not None and dialog.kind == DIALOG


async def stop(turn: Turn, announce: bool) -> list[Reply]:
    """Another command while a name was awaited: nothing is changed (and, for /cancel, said so)."""
    await _close(turn)
    return [Send(turn.chat_id, nmt("name_kept", turn.language))] if announce else []


async def _close(turn: Turn) -> None:
    if await is_naming(turn):
        await turn.tx.dialogs.clear(turn.person.id)
