"""An exercise's title in a language, whether built in or a therapist's own; and HTML escaping for the words
a therapist typed."""

from __future__ import annotations

from bot.conversation.available_flows import available_flows
from bot.conversation.flow_library import FlowLibrary
from bot.flowspec.texts import localize
from bot.storage import Person, UnitOfWork


async def flow_title(tx: UnitOfWork, library: FlowLibrary, person: Person | None, flow_id: str,
                     language: str) -> str:
    flow = library.current(flow_id)
    if flow is None and person is not None:
        found = (await available_flows(tx, library, person)).get(flow_id)
        flow = found.flow if found else None
    return localize(flow.title, language) if flow else flow_id


def escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
