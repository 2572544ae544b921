"""The person's exercises, read the way a therapist reads them (bot.therapist.review), from their stored
data alone: each session with the flow version it ran, its transcript and its state."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.engine import FlowEngine
from bot.engine.render import plain_text
from bot.flowspec import Flow, load_flow_text
from bot.flowspec.texts import localize
from bot.storage.records import FlowVersion, PersonalData, SessionData
from bot.therapist.review import ExerciseReview, build_review

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Exercise:
    """A session and, when its flow version can be read, its review (questions and answers as shown)."""

    data: SessionData
    review: ExerciseReview | None


def person_zone(name: str) -> tzinfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return UTC


def flows_of(data: PersonalData) -> dict[int, Flow]:
    """Flow version id -> the flow, for every stored version that still loads."""
    flows: dict[int, Flow] = {}
    for version in data.flow_versions:
        flow = _load(version)
        if flow is not None:
            flows[version.id] = flow
    return flows


def flow_titles(data: PersonalData, language: str) -> dict[str, str]:
    """Flow id -> its title in `language`, for the flows the data mentions."""
    return {flow.id: plain_text(localize(flow.title, language)) for flow in flows_of(data).values()}


def exercises(data: PersonalData, language: str, tz: tzinfo = UTC) -> list[Exercise]:
    """Every session, oldest first, reviewed in `language` with times in `tz`. A session whose flow version
    cannot be read (or whose review fails) keeps review=None: its transcript is still exported as stored."""
    flows = flows_of(data)
    engines: dict[int, FlowEngine] = {}
    found: list[Exercise] = []
    for session in data.sessions:
        row = session.session
        flow = flows.get(row.flow_version_id)
        review = None
        if flow is not None:
            engine = engines.get(row.flow_version_id) or engines.setdefault(row.flow_version_id, FlowEngine(flow))
            try:
                review = build_review(row, session.entries, flow, language, tz=tz, engine=engine)
            except Exception as error:  # the export must not fail: the stored transcript goes out regardless
                log.warning("no review of session %s for an export (%s)", row.id, type(error).__name__)
        found.append(Exercise(session, review))
    return found


def _load(version: FlowVersion) -> Flow | None:
    return load_flow_text(version.source, f"<flow version {version.id}>").flow
