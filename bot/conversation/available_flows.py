"""The flows one person can use: the shipped ones, plus the private flows of their therapist (or, for a
therapist, their own)."""

from __future__ import annotations

from dataclasses import dataclass

from bot.conversation.flow_library import FlowLibrary, stored_engine
from bot.flowspec.model import Flow
from bot.storage import Person, UnitOfWork


@dataclass(frozen=True)
class Available:
    flow: Flow
    flow_version_id: int | None  # set for a private flow: its newest version


async def private_owner(tx: UnitOfWork, person: Person) -> int | None:
    if person.role == "therapist":
        return person.id
    link = await tx.links.active_for_client(person.id)
    return link.therapist_id if link else None


async def available_flows(tx: UnitOfWork, library: FlowLibrary, person: Person) -> dict[str, Available]:
    owner = await private_owner(tx, person)
    found = {flow.id: Available(flow, None) for flow in library.listing() if offered(flow, person, owner is not None)}
    if owner is None:
        return found
    for custom in await tx.custom_flows.for_therapist(owner):
        engine = await stored_engine(tx, library, custom.flow_version_id)
        if engine is not None and custom.flow_id not in found:
            found[custom.flow_id] = Available(engine.flow, custom.flow_version_id)
    return found


def offered(flow: Flow, person: Person, linked: bool) -> bool:
    """A flow's `offered_to`: a therapist sees every flow (to assign it); a client linked to a therapist does not
    see the flows for clients without one, nor the other way round (PHQ-9 with its item-9 alert goes to linked
    clients, PHQ-8 to the rest)."""
    if person.role == "therapist" or flow.offered_to == "everyone":
        return True
    return (flow.offered_to == "linked") == linked
