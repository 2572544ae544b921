"""Invitations and links: a therapist invites a client with a single-use, expiring deep link; the client
sees who the therapist is and what they will see, and agrees — or not. Either side can end the link."""

from __future__ import annotations

import html
import re
from datetime import timedelta
from typing import TYPE_CHECKING

from bot.conversation.access import client_html, is_therapist, named_clients
from bot.conversation.callback_data import MenuButton, encode
from bot.conversation.consent import consent_question
from bot.conversation.messages import ButtonSpec, CommandMenu, Keyboard, Notify, Reply, Send
from bot.conversation.texts import language_of, ui
from bot.conversation.therapist import picker
from bot.conversation.therapist.naming import start_own_name
from bot.conversation.therapist.naming_texts import nmt
from bot.conversation.therapist.texts import tt
from bot.storage import clean_name

if TYPE_CHECKING:
    from bot.conversation.turn import Turn

CLIENT_INVITE_VALID = timedelta(days=7)
THERAPIST_INVITE_VALID = timedelta(days=2)
_FIRST_LETTER = re.compile(r"^((?:<[^>]*>|\s)*)(\w)")


def deep_link(bot_username: str, code: str) -> str:
    return f"https://t.me/{bot_username}?start={code}"


async def create_client_invite(turn: Turn, bot_username: str, client_name: str = "") -> list[Reply]:
    """/invite, or /invite NAME: the therapist's private name for the client, which the link gets when the
    invitation is accepted."""
    if not is_therapist(turn.person):
        return [Send(turn.chat_id, tt("therapists_only", turn.language))]
    try:
        name = clean_name(client_name) if client_name.strip() else None
    except ValueError:
        return [Send(turn.chat_id, nmt("name_invalid", turn.language))]
    invite, code = await turn.tx.invites.create("client", turn.person.id, CLIENT_INVITE_VALID, name)
    expires = invite.expires_at.strftime("%Y-%m-%d")
    text = tt("invite_created", turn.language, link=deep_link(bot_username, code), expires=expires)
    if name is not None:
        text = nmt("invite_for", turn.language, client=html.escape(name, quote=False)) + "\n\n" + text
    else:
        text += "\n\n" + nmt("invite_name_hint", turn.language)
    return [Send(turn.chat_id, text)]


async def open_invite(turn: Turn, code: str) -> list[Reply] | None:
    """`/start <code>`: None when the payload is no invite at all (a plain /start follows)."""
    invite = await turn.tx.invites.peek(code)
    if invite is None:
        return _invalid(turn)
    if invite.kind == "therapist":
        redeemed = await turn.tx.invites.redeem(code, turn.person.id)
        if redeemed is None:
            return [Send(turn.chat_id, tt("invite_invalid", turn.language))]
        turn.person = await turn.tx.people.set_role(turn.person.id, "therapist")
        return [Send(turn.chat_id, tt("now_therapist", turn.language)), CommandMenu(turn.chat_id, therapist=True),
                *await start_own_name(turn)]
    therapist = await turn.tx.people.get(invite.created_by) if invite.created_by else None
    if therapist is None or not is_therapist(therapist):
        return _invalid(turn)
    if therapist.id == turn.person.id:
        return [Send(turn.chat_id, tt("invite_own", turn.language))]
    if not turn.person.has_consent:  # the welcome and consent of /start first; linking is a step of its own
        return [consent_question(turn, code)]
    keyboard: Keyboard = ((ButtonSpec(tt("join_yes", turn.language), encode(MenuButton("join", code))),),
                          (ButtonSpec(tt("join_no", turn.language), encode(MenuButton("nojoin"))),))
    name = html.escape(therapist.display_name or tt("your_therapist", turn.language), quote=False)
    return [Send(turn.chat_id, _sentence_case(tt("join_question", turn.language, therapist=name)), keyboard)]


async def asks_to_join(turn: Turn, code: str) -> bool:
    """Whether open_invite put the join question: a valid client invitation, still unredeemed."""
    invite = await turn.tx.invites.peek(code)
    return invite is not None and invite.kind == "client" and invite.created_by not in (None, turn.person.id)


def _sentence_case(html: str) -> str:
    """The question opens with the therapist's name, which may be the generic "your therapist"."""
    return _FIRST_LETTER.sub(lambda m: m.group(1) + m.group(2).upper(), html, count=1)


def _invalid(turn: Turn) -> list[Reply]:
    replies: list[Reply] = [Send(turn.chat_id, tt("invite_invalid", turn.language))]
    return replies if turn.person.has_consent else [*replies, consent_question(turn)]


async def accept_invite(turn: Turn, code: str) -> list[Reply]:
    if not turn.person.has_consent:  # a join button kept from before consent was withdrawn: ask again first
        return [Send(turn.chat_id, ui("consent_needed", turn.language)), consent_question(turn, code)]
    invite = await turn.tx.invites.redeem(code, turn.person.id)
    if invite is None or invite.kind != "client" or invite.created_by is None:
        return [Send(turn.chat_id, tt("invite_invalid", turn.language))]
    therapist = await turn.tx.people.get(invite.created_by)
    if therapist is None or not is_therapist(therapist):
        return [Send(turn.chat_id, tt("invite_invalid", turn.language))]
    await turn.tx.links.link(therapist.id, turn.person.id)
    private_name = await turn.tx.invites.take_client_name(invite.id)
    if private_name is not None:
        await turn.tx.links.set_client_name(therapist.id, turn.person.id, private_name)
    name = html.escape(therapist.display_name or tt("your_therapist", turn.language), quote=False)
    client = await client_html(turn.tx, therapist.id, turn.person, language_of(therapist))
    return [Send(turn.chat_id, tt("joined", turn.language, therapist=name)),
            Notify(therapist.telegram_id, tt("client_joined", language_of(therapist), client=client))]


async def unlink(turn: Turn) -> list[Reply]:
    link = await turn.tx.links.active_for_client(turn.person.id)
    if link is None:
        return [Send(turn.chat_id, tt("not_linked", turn.language))]
    therapist = await turn.tx.people.get(link.therapist_id)
    # named before the link ends: ending it clears the therapist's private name
    client = await client_html(turn.tx, therapist.id, turn.person, language_of(therapist)) if therapist else ""
    await turn.tx.links.end(link.id, "client")
    replies: list[Reply] = [Send(turn.chat_id, tt("unlinked", turn.language))]
    if therapist is not None:
        replies.append(Notify(therapist.telegram_id, tt("client_left", language_of(therapist), client=client)))
    return replies


async def release_menu(turn: Turn) -> list[Reply]:
    if not is_therapist(turn.person):
        return [Send(turn.chat_id, tt("therapists_only", turn.language))]
    clients = await named_clients(turn.tx, turn.person, turn.language)
    if not clients:
        return [Send(turn.chat_id, tt("no_clients", turn.language))]
    return [await picker.show(turn, picker.Picker("release", tt("release_choose", turn.language)), clients)]


async def release(turn: Turn, client_id: int) -> list[Reply]:
    if not is_therapist(turn.person):
        return [Send(turn.chat_id, tt("therapists_only", turn.language))]
    link = await turn.tx.links.active_for_client(client_id)
    if link is None or link.therapist_id != turn.person.id:
        return [Send(turn.chat_id, tt("not_your_client", turn.language))]
    await turn.tx.links.end(link.id, "therapist")
    client = await turn.tx.people.get(client_id)
    replies: list[Reply] = [Send(turn.chat_id, tt("released", turn.language))]
    if client is not None:
        replies.append(Notify(client.telegram_id, tt("therapist_released_you", language_of(client))))
    return replies
