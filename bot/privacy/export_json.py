"""Everything stored about a person as UTF-8 JSON (GDPR access and portability): every stored field, times in
ISO 8601 (UTC), each answer as stored (the transcript: the raw text and the JSON value) and as rendered (the
exercise review: question, answer text)."""

from __future__ import annotations

import dataclasses
import json
from datetime import UTC, date, datetime, time
from typing import Any

from bot.privacy.exercises import Exercise, exercises
from bot.storage.records import PersonalData
from bot.therapist.export_json import exercise_dict

FORMAT = 1
ABOUT = (
    "Everything the CBT practice bot stores about you. Times are UTC (ISO 8601). Each exercise has the "
    "session as stored (its state holds your latest answers), the transcript as stored (every question you "
    "were shown and every answer, raw and as recorded) and a readable review. Other people appear only as a "
    "therapist's display name or a client's number."
)


def export_personal_json(
    data: PersonalData, *, language: str | None = None, generated_at: datetime | None = None
) -> bytes:
    """The document. `language` is that of the reviews' labels and titles (default: the person's, else
    English); what the person was asked and answered is as it was."""
    lang = language or data.person.language or "en"
    document = {
        "format": FORMAT,
        "about": ABOUT,
        "generated_at": _iso(generated_at or datetime.now(UTC)),
        "person": {**_plain(data.person), "has_consent": data.person.has_consent,
                   "purged_activity_at": _iso(data.purged_activity_at)},
        "exercises": [_exercise(exercise) for exercise in exercises(data, lang)],
        "flow_versions": [_plain(version) for version in data.flow_versions],
        "homework": [
            {"assignment": _plain(h.assignment), "therapist": h.therapist_name, "items": _plain(list(h.items))}
            for h in data.homework
        ],
        "assignments_made": _plain(list(data.assignments_made)),
        "notes_written": _plain(list(data.notes_written)),
        "links": [
            {**_plain(link.link), "your_role": link.role, "other_id": link.other_id, "other_name": link.other_name}
            for link in data.links
        ],
        "invites": _plain(list(data.invites)),
        "reads_of_your_data": [{**_plain(read.entry), "actor_name": read.actor_name}
                               for read in data.reads_of_their_data],
        "your_reads": [_plain(read.entry) for read in data.their_reads],
        "dialog": _plain(data.dialog),
        "custom_flows": _plain(list(data.custom_flows)),
        "safety_events": _plain(list(data.safety_events)),
        "therapy_sessions": _plain(list(data.therapy_sessions)),
        "homework_templates": _plain(list(data.homework_templates)),
        "digest": _plain(data.digest),
        "kept_lists": _plain(list(data.kept_lists)),  # every version, oldest first
    }
    return json.dumps(document, ensure_ascii=False, indent=2).encode("utf-8")


def _exercise(exercise: Exercise) -> dict[str, Any]:
    session = exercise.data.session
    stored = _plain(session)
    stored["state"] = _json_or_text(session.state)
    return {
        "session": stored,
        "transcript": _plain(list(exercise.data.entries)),
        "review": exercise_dict(exercise.review) if exercise.review is not None else None,
    }


def _json_or_text(text: str) -> Any:
    try:
        return json.loads(text)
    except ValueError:
        return text


def _plain(value: Any) -> Any:
    """Records as JSON values: dataclasses as objects (every field), times as ISO strings."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {field.name: _plain(getattr(value, field.name)) for field in dataclasses.fields(value)}
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    if isinstance(value, dict):
        return {str(key): _plain(item) for key, item in value.items()}
    if isinstance(value, datetime | date | time):
        return _iso(value)
    return value


def _iso(value: datetime | date | time | None) -> str | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return (value if value.tzinfo is not None else value.replace(tzinfo=UTC)).astimezone(UTC).isoformat()
    return value.isoformat()
