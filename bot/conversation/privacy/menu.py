"""A person's rights over their data: /privacy explains, /mydata hands everything over, /deleteme erases
everything after a confirmation. A therapist is told that the client left — never why."""

from __future__ import annotations

import os
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from bot.conversation.access import client_html
from bot.conversation.callback_data import MenuButton, encode
from bot.conversation.messages import ButtonSpec, CommandMenu, Keyboard, Notify, Reply, Send, SendDocument
from bot.conversation.privacy.texts import pt
from bot.conversation.texts import language_of
from bot.privacy.export import export_personal_json, export_personal_pdf
from bot.privacy.retention import RetentionPolicy

if TYPE_CHECKING:
    from bot.conversation.turn import Turn


def _b(label: str, menu: str, arg: str = "") -> ButtonSpec:
    return ButtonSpec(label, encode(MenuButton(menu, arg)))


def privacy(turn: Turn) -> list[Reply]:
    try:
        days = RetentionPolicy.from_environment(os.environ).finished_days
    except ValueError:
        days = None
    retention = pt("retention_days", turn.language, days=days) if days else pt("retention_none", turn.language)
    keyboard: Keyboard = ((_b(pt("button_mydata", turn.language), "priv", "mydata"),),
                          (_b(pt("button_delete", turn.language), "priv", "deleteme"),))
    if turn.person.has_consent:
        keyboard += ((_b(pt("button_withdraw", turn.language), "consent", "no"),),)
    return [Send(turn.chat_id, pt("policy", turn.language, retention=retention), keyboard)]


async def my_data(turn: Turn) -> list[Reply]:
    data = await turn.tx.privacy.everything_about(turn.person.id)
    stamp = datetime.fromtimestamp(turn.at, UTC).strftime("%Y%m%d")
    return [
        SendDocument(turn.chat_id, f"my-data-{stamp}.json", export_personal_json(data, language=turn.language),
                     pt("mydata_json", turn.language)),
        SendDocument(turn.chat_id, f"my-data-{stamp}.pdf", export_personal_pdf(data, turn.language),
                     pt("mydata_pdf", turn.language)),
    ]


def confirm_erasure(turn: Turn) -> list[Reply]:
    keyboard: Keyboard = ((_b(pt("erase_yes", turn.language), "erase", "yes"),),
                          (_b(pt("erase_no", turn.language), "erase", "no"),))
    return [Send(turn.chat_id, pt("erase_question", turn.language), keyboard)]


async def erase(turn: Turn, confirmed: bool) -> list[Reply]:
    if not confirmed:
        return [Send(turn.chat_id, pt("erase_kept", turn.language))]
    replies: list[Reply] = []
    link = await turn.tx.links.active_for_client(turn.person.id)
    therapist = await turn.tx.people.get(link.therapist_id) if link else None
    if therapist is not None:
        language = language_of(therapist)
        client = await client_html(turn.tx, therapist.id, turn.person, language)  # before the erasure
        replies.append(Notify(therapist.telegram_id, pt("therapist_client_left", language, client=client)))
    if turn.person.role == "therapist":  # their command menu goes with them
        replies.append(CommandMenu(turn.chat_id, therapist=False))
    await turn.tx.privacy.erase_person(turn.person.id)
    return [Send(turn.chat_id, pt("erased", turn.language)), *replies]


async def privacy_button(turn: Turn, arg: str) -> list[Reply]:
    if arg == "mydata":
        return await my_data(turn)
    if arg == "deleteme":
        return confirm_erasure(turn)
    return [Send(turn.chat_id, pt("gone", turn.language))]
