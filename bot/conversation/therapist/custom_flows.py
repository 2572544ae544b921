"""A therapist's own flows: sent as a YAML file, validated with exactly the messages of
`cbt-bot flows validate`, kept in versions, and visible only to that therapist and their clients."""

from __future__ import annotations

import html
import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from bot.conversation.access import is_therapist
from bot.conversation.flow_library import FlowLibrary
from bot.conversation.messages import DocumentUpload, Reply, Send
from bot.conversation.therapist.texts import tt
from bot.flowspec import LoadResult, load_flow_text
from bot.flowspec.model import Flow
from bot.flowspec.texts import localize
from bot.storage import Person, UnitOfWork

if TYPE_CHECKING:
    from bot.conversation.turn import Turn

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Publication:
    """What publishing a flow's text came to. `refused`: "invalid" (errors in `result`) or "shipped_id" (the
    id of a flow the bot ships); otherwise `flow` is stored as `flow_version_id`, and `updated` says whether
    the therapist had this flow before."""

    result: LoadResult
    refused: Literal["invalid", "shipped_id"] | None = None
    flow: Flow | None = None
    flow_version_id: int | None = None
    updated: bool = False


async def publish_flow(tx: UnitOfWork, library: FlowLibrary, therapist: Person, content: bytes,
                       name: str) -> Publication:
    """A therapist's flow text validated and, if it loads, stored as their flow's newest version: the one way
    both a file sent to the bot and the dashboard's editor publish (the same limits, validation and record)."""
    result = load_flow_text(content, name)
    if result.flow is None:
        return Publication(result, "invalid")
    flow = result.flow
    if library.current(flow.id) is not None:
        return Publication(result, "shipped_id", flow)
    version_id = await tx.flow_versions.ensure(flow.id, flow.version, content.decode("utf-8"))
    previous = await tx.custom_flows.get(therapist.id, flow.id)
    await tx.custom_flows.save(therapist.id, flow.id, version_id, flow.version)
    library.remember(version_id, flow)
    log.info("therapist %s published flow %s version %s as flow version %s", therapist.id, flow.id,
             flow.version, version_id)
    return Publication(result, None, flow, version_id, previous is not None)


async def list_flows(turn: Turn) -> list[Reply]:
    if not is_therapist(turn.person):
        return [Send(turn.chat_id, tt("therapists_only", turn.language))]
    mine = await turn.tx.custom_flows.for_therapist(turn.person.id)
    lines = [tt("flows_title", turn.language)]
    lines += [f"• <code>{c.flow_id}</code> — v{c.version} ({c.updated_at:%Y-%m-%d})" for c in mine]
    if not mine:
        lines.append(tt("flows_none", turn.language))
    lines.append(tt("flows_how", turn.language))
    return [Send(turn.chat_id, "\n".join(lines))]


async def receive_upload(turn: Turn, library: FlowLibrary, upload: DocumentUpload) -> list[Reply]:
    if not is_therapist(turn.person):
        return [Send(turn.chat_id, tt("upload_not_therapist", turn.language))]
    if upload.content is None:
        return [Send(turn.chat_id, tt("upload_unreadable", turn.language))]
    published = await publish_flow(turn.tx, library, turn.person, upload.content, upload.file_name)
    result = published.result
    problems = "\n".join(html.escape(str(p), quote=False) for p in result.problems)
    if published.refused == "invalid" or published.flow is None:
        return [Send(turn.chat_id, tt("upload_invalid", turn.language, count=len(result.errors))
                     + f"\n<code>{problems}</code>")]
    flow = published.flow
    if published.refused == "shipped_id":
        return [Send(turn.chat_id, tt("upload_shipped_id", turn.language, flow_id=flow.id))]
    key = "upload_updated" if published.updated else "upload_added"
    text = tt(key, turn.language, title=html.escape(localize(flow.title, turn.language)), version=flow.version)
    if problems:
        text += "\n" + tt("upload_warnings", turn.language) + f"\n<code>{problems}</code>"
    return [Send(turn.chat_id, text)]
