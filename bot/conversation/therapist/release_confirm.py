"""/release asks first: ending a link cannot be undone by the therapist (the client must be invited again),
so the chosen client is named and the release confirmed with a second tap, in the same message."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.conversation.access import client_html, linked_client
from bot.conversation.callback_data import MenuButton, encode
from bot.conversation.messages import ButtonSpec, EditMessage, Reply, Send
from bot.conversation.texts import ui
from bot.conversation.therapist import linking
from bot.conversation.therapist.homework_texts import ht
from bot.conversation.therapist.texts import tt
from bot.conversation.therapist.wizard_view import finish, pressed_message

if TYPE_CHECKING:
    from bot.conversation.turn import Turn


async def on_button(turn: Turn, arg: str) -> list[Reply]:
    """`<client id>`: asks; `<client id>.y`: releases; `<client id>.n`: keeps the link."""
    client_id, _, answer = arg.partition(".")
    if not client_id.isdigit() or answer not in ("", "y", "n"):
        return [Send(turn.chat_id, ui("stale_menu", turn.language))]
    client = await linked_client(turn.tx, turn.person, int(client_id))
    if client is None:
        return [Send(turn.chat_id, tt("not_your_client", turn.language))]
    label = await client_html(turn.tx, turn.person.id, client, turn.language)
    if answer == "y":
        released = await linking.release(turn, client.id)
        said = [r for r in released if isinstance(r, Send)]
        return [*finish(turn, said[0].text), *(r for r in released if not isinstance(r, Send))] if said else released
    if answer == "n":
        return finish(turn, ht("release_kept", turn.language, client=label))
    keyboard = ((ButtonSpec(ht("release_yes", turn.language), encode(MenuButton("release", f"{client.id}.y"))),
                 ButtonSpec(ht("release_no", turn.language), encode(MenuButton("release", f"{client.id}.n")))),)
    text = ht("release_sure", turn.language, client=label)
    pressed = pressed_message(turn)
    return [EditMessage(turn.chat_id, pressed, text, keyboard)] if pressed else [Send(turn.chat_id, text, keyboard)]
