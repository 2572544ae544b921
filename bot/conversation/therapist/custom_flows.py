"""A therapist's own flows: sent as a YAML file, validated with exactly the messages of
`cbt-bot flows validate`, kept in versions, and visible only to that therapist and their clients."""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from bot.conversation.access import is_therapist
from bot.conversation.flow_library import FlowLibrary
from bot.conversation.messages import DocumentUpload, Reply, Send
from bot.conversation.therapist.texts import tt
from bot.flowspec import load_flow_text
from bot.flowspec.texts import localize

if TYPE_CHECKING:
    from bot.conversation.turn import Turn


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
    result = load_flow_text(upload.content, upload.file_name)
    problems = "\n".join(html.escape(str(p), quote=False) for p in result.problems)
    if result.flow is None:
        return [Send(turn.chat_id, tt("upload_invalid", turn.language, count=len(result.errors))
                     + f"\n<code>{problems}</code>")]
    flow = result.flow
    if library.current(flow.id) is not None:
        return [Send(turn.chat_id, tt("upload_shipped_id", turn.language, flow_id=flow.id))]
    source = upload.content.decode("utf-8")
    version_id = await turn.tx.flow_versions.ensure(flow.id, flow.version, source)
    previous = await turn.tx.custom_flows.get(turn.person.id, flow.id)
    await turn.tx.custom_flows.save(turn.person.id, flow.id, version_id, flow.version)
    library.remember(version_id, flow)
    key = "upload_updated" if previous else "upload_added"
    text = tt(key, turn.language, title=html.escape(localize(flow.title, turn.language)), version=flow.version)
    if problems:
        text += "\n" + tt("upload_warnings", turn.language) + f"\n<code>{problems}</code>"
    return [Send(turn.chat_id, text)]
