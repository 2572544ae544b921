"""Who may see what, and what each person is called. Identity is the numeric Telegram id; every id that
arrives in a button is checked again here, so forged callback data reaches nothing."""

from __future__ import annotations

import html
from collections.abc import Iterable

from bot.conversation.texts import ui
from bot.storage import Person, StoredSession, UnitOfWork


def is_therapist(person: Person) -> bool:
    return person.role == "therapist"


async def linked_client(tx: UnitOfWork, therapist: Person, client_id: int) -> Person | None:
    """The client, if `therapist` is a therapist and the client is linked to them now."""
    if not is_therapist(therapist) or not await tx.links.is_linked(therapist.id, client_id):
        return None
    return await tx.people.get(client_id)


async def linked_clients(tx: UnitOfWork, therapist: Person) -> list[Person]:
    """The therapist's clients, linked now, in the order they were linked."""
    clients = []
    for link in await tx.links.clients_of(therapist.id):
        client = await tx.people.get(link.client_id)
        if client is not None:
            clients.append(client)
    return clients


async def named_clients(tx: UnitOfWork, therapist: Person, language: str) -> list[tuple[Person, str]]:
    """The therapist's clients, linked now, in the order they were linked, each with the name the therapist
    sees (client_label)."""
    clients = await linked_clients(tx, therapist)
    labels = await client_labels(tx, therapist.id, clients, language)
    return [(client, labels[client.id]) for client in clients]


async def readable_session(tx: UnitOfWork, therapist: Person, session_id: int) -> StoredSession | None:
    """A session of one of the therapist's linked clients; None for anyone else's."""
    session = await tx.sessions.get(session_id)
    if session is None or await linked_client(tx, therapist, session.person_id) is None:
        return None
    return session


def label_of(client: Person, private_name: str | None, language: str) -> str:
    """How a client is named to a therapist: the therapist's own private name for them, else the first name of
    their Telegram profile, else a neutral number. Plain text, typed by people: escape it for HTML."""
    return private_name or client.first_name or ui("client_number", language, number=client.id)


async def client_label(tx: UnitOfWork, therapist_id: int, client: Person, language: str) -> str:
    """The client's name as `therapist_id` sees it (label_of). Plain text: see client_html for messages."""
    names = await tx.links.client_names(therapist_id, [client.id])
    return label_of(client, names.get(client.id), language)


async def client_html(tx: UnitOfWork, therapist_id: int, client: Person, language: str) -> str:
    """client_label, escaped for a Telegram HTML message."""
    return html.escape(await client_label(tx, therapist_id, client, language), quote=False)


async def client_labels(tx: UnitOfWork, therapist_id: int, clients: Iterable[Person],
                        language: str) -> dict[int, str]:
    """client_label of each client, by id, in one query."""
    wanted = list(clients)
    names = await tx.links.client_names(therapist_id, [c.id for c in wanted])
    return {c.id: label_of(c, names.get(c.id), language) for c in wanted}
