"""Who may see what. Identity is the numeric Telegram id; every id that arrives in a button is checked
again here, so forged callback data reaches nothing."""

from __future__ import annotations

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


async def readable_session(tx: UnitOfWork, therapist: Person, session_id: int) -> StoredSession | None:
    """A session of one of the therapist's linked clients; None for anyone else's."""
    session = await tx.sessions.get(session_id)
    if session is None or await linked_client(tx, therapist, session.person_id) is None:
        return None
    return session


def client_label(client: Person, language: str) -> str:
    """How a client is named to their therapist: the name the client gave, else a neutral number."""
    return client.display_name or ui("client_number", language, number=client.id)
