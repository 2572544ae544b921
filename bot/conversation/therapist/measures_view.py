"""Questionnaire trends where a therapist reads a client: the /review list, an exercise's card and the
/progress caption each show the scores over time (from `bot.therapist.measures`), with reliable changes
pointed out. Scores are worked out from each completed session's stored answers."""

from __future__ import annotations

import html
from datetime import UTC, tzinfo

from bot.conversation.flow_library import FlowLibrary, stored_engine
from bot.storage import UnitOfWork
from bot.therapist.measures import score_series, series_text
from bot.therapist.review import ExerciseReview, build_review


async def questionnaire_reviews(tx: UnitOfWork, library: FlowLibrary, client_id: int, language: str,
                                zone: tzinfo = UTC, flow_id: str | None = None) -> list[ExerciseReview]:
    """The client's completed questionnaires (flows with `scores:`), from their stored answers alone."""
    found = []
    for row in await tx.sessions.list_for_person(client_id):
        if row.status != "completed" or (flow_id is not None and row.flow_id != flow_id):
            continue
        engine = await stored_engine(tx, library, row.flow_version_id)
        if engine is None or not engine.flow.scores:
            continue
        found.append(build_review(row, [], engine.flow, language, tz=zone, engine=engine))
    return found


async def trend_lines(tx: UnitOfWork, library: FlowLibrary, client_id: int, language: str, zone: tzinfo = UTC,
                      flow_id: str | None = None) -> list[str]:
    """One plain line per questionnaire score: its values over time, the band now, reliable changes."""
    reviews = await questionnaire_reviews(tx, library, client_id, language, zone, flow_id)
    return [series_text(series, language) for series in score_series(reviews)]


def trend_html(lines: list[str]) -> str:
    return "\n".join(f"📈 {html.escape(line, quote=False)}" for line in lines)
