"""Invitations and links: a therapist invites a client with a single-use, expiring deep link; the client
sees who the therapist is and what they will see, and agrees — or not. Either side can end the link."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import TYPE_CHECKING

from bot.conversation.access import client_label, is_therapist, linked_clients
from bot.conversation.callback_data import MenuButton, encode
from bot.conversation.consent import consent_question
from bot.conversation.messages import ButtonSpec, Keyboard, Notify, Reply, Send
from bot.conversation.texts import language_of, ui
from bot.conversation.therapist.texts import tt

if TYPE_CHECKING:
    from bot.conversation.turn import Turn

CLIENT_INVITE_VALID = timedelta(days=7)
THERAPIST_INVITE_VALID = timedelta(days=2)
_FIRST_LETTER = re.compile(r"^((?:<[^>]*>|\s)*)(\w)")


def deep_link(bot_username: str, code: str) -> str:
    return f"https://t.me/{bot_username}?start={code}"


async def create_client_invite(turn: Turn, bot_username: str) -> list[Reply]:
    if not is_therapist(turn.person):
        return [Send(turn.chat_id, tt("therapists_only", turn.language))]
    invite, code = await turn.tx.invites.create("client", turn.person.id, CLIENT_INVITE_VALID)
    expires = invite.expires_at.strftime("%Y-%m-%d")
    return [Send(turn.chat_id, tt("invite_created", turn.language, link=deep_link(bot_username, code),
                                   expires=expires))]


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
        return [Send(turn.chat_id, tt("now_therapist", turn.language))]
    therapist = await turn.tx.people.get(invite.created_by) if invite.created_by else None
    if therapist is None or not is_therapist(therapist):
        return _invalid(turn)
    if therapist.id == turn.person.id:
        return [Send(turn.chat_id, tt("invite_own", turn.language))]
    if not turn.person.has_consent:  # the welcome and consent of /start first; linking is a step of its own
        return [consent_question(turn, code)]
    keyboard: Keyboard = ((ButtonSpec(tt("join_yes", turn.language), encode(MenuButton("join", code))),),
                          (ButtonSpec(tt("join_no", turn.language), encode(MenuButton("nojoin"))),))
    name = therapist.display_name or tt("your_therapist", turn.language)
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
    name = therapist.display_name or tt("your_therapist", turn.language)
    return [Send(turn.chat_id, tt("joined", turn.language, therapist=name)),
            Notify(therapist.telegram_id, tt("client_joined", language_of(therapist),
                                             client=client_label(turn.person, language_of(therapist))))]


async def unlink(turn: Turn) -> list[Reply]:
    link = await turn.tx.links.active_for_client(turn.person.id)
    if link is None:
        return [Send(turn.chat_id, tt("not_linked", turn.language))]
    await turn.tx.links.end(link.id, "client")
    therapist = await turn.tx.people.get(link.therapist_id)
    replies: list[Reply] = [Send(turn.chat_id, tt("unlinked", turn.language))]
    if therapist is not None:
        language = language_of(therapist)
        replies.append(Notify(therapist.telegram_id, tt("client_left", language,
                                                        client=client_label(turn.person, language))))
    return replies


async def release_menu(turn: Turn) -> list[Reply]:
    if not is_therapist(turn.person):
        return [Send(turn.chat_id, tt("therapists_only", turn.language))]
    rows = [(ButtonSpec(client_label(c, turn.language), encode(MenuButton("release", str(c.id)))),)
            for c in await linked_clients(turn.tx, turn.person)]
    if not rows:
        return [Send(turn.chat_id, tt("no_clients", turn.language))]
    return [Send(turn.chat_id, tt("release_choose", turn.language), tuple(rows))]


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
