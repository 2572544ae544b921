"""One exercise as a therapist reads it: built from what the bot stored (the session row, its transcript and
the flow), then shown as Telegram pages or a line in a list.

Everything here is a pure function of records: no Telegram, no SQL, no clock.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, tzinfo
from typing import Any, Literal

from bot.engine import FlowEngine
from bot.engine.render import plain_text
from bot.engine.scoring import ScoreResult, score_flow
from bot.engine.session import Session
from bot.flowspec.model import (
    BranchStep,
    CallStep,
    EndStep,
    Flow,
    GotoStep,
    ScaleStep,
    SetStep,
    Step,
    TimerStep,
)
from bot.flowspec.texts import localize
from bot.storage.records import SessionStatus, StoredSession, TranscriptEntry
from bot.therapist import texts
from bot.therapist.flowmap import (
    CLIENT_STEPS,
    ClientStep,
    prompt_text,
    step_by_id,
    step_for_key,
    step_for_state,
    step_label,
)
from bot.therapist.paging import LINE_GAP, Line, Span, paginate

ReviewStatus = Literal["completed", "in_progress", "abandoned", "cancelled", "ended_early"]
StepKind = Literal["text", "choice", "multi_choice", "scale", "item", "timer"]

_STATUS: dict[SessionStatus, ReviewStatus] = {
    "active": "in_progress",
    "paused": "in_progress",
    "completed": "completed",
    "cancelled": "cancelled",
    "ended": "ended_early",  # a flow's own early exit, e.g. "not now"
    "abandoned": "abandoned",  # replaced by another exercise before it was finished
}
# steps the session passes through without stopping: never "where the client stopped"
_PASSING = (BranchStep, GotoStep, SetStep, CallStep, EndStep)


@dataclass(frozen=True, slots=True)
class StepReview:
    """One question and the client's final answer to it."""

    step_id: str
    key: str  # the answer key: the step id, or "call.step" inside a called block
    kind: StepKind
    label: str  # plain text, in the therapist's language where the flow has it
    question: str  # plain text, as the client was asked it (in the client's language)
    answer: str  # plain text: option labels, numbers, "—" for skipped, list items as "• ..." lines
    value: Any  # the answer as stored (a JSON value)
    answered_at: datetime
    seconds_on_step: int | None  # from the question to the answer, summed over visits; None if unknown


@dataclass(frozen=True, slots=True)
class RatingChange:
    measure: str
    label: str
    before: float | None
    after: float | None
    low: int | None = None  # the scale's range
    high: int | None = None

    @property
    def change(self) -> float | None:
        if self.before is None or self.after is None:
            return None
        return self.after - self.before


@dataclass(frozen=True, slots=True)
class ExerciseReview:
    session_id: int
    flow_id: str
    flow_version: int
    title: str
    language: str  # the language of labels and titles
    status: ReviewStatus
    outcome: str | None
    started_at: datetime
    finished_at: datetime | None
    last_activity_at: datetime
    steps: tuple[StepReview, ...]
    ratings: tuple[RatingChange, ...]
    stopped_at: str | None  # the label of the step an unfinished exercise stopped at
    client_language: str | None = None
    zone: str = "UTC"  # the name of the time zone the times are in
    scores: tuple[ScoreResult, ...] = ()  # a questionnaire's scores, worked out from the answers

    @property
    def finished(self) -> bool:
        return self.status == "completed"


@dataclass(slots=True)
class _Visits:
    """One answer key's visits while reading the transcript."""

    step: ClientStep
    first_prompt: TranscriptEntry | None
    answered_at: datetime
    value: Any = None
    seconds: float | None = None

    def add(self, entry: TranscriptEntry, prompt: TranscriptEntry | None) -> None:
        self.value = entry.value.get("value") if isinstance(entry.value, dict) else None
        self.answered_at = entry.at
        if prompt is not None:
            self.seconds = (self.seconds or 0.0) + max(0.0, (entry.at - prompt.at).total_seconds())


def build_review(
    row: StoredSession,
    entries: Iterable[TranscriptEntry],
    flow: Flow,
    language: str,
    *,
    tz: tzinfo = UTC,
    engine: FlowEngine | None = None,
) -> ExerciseReview:
    """The review of one session. `flow` is the version the session ran (see `row.flow_version_id`);
    `language` is the therapist's; times are shown in `tz`. Pass `engine` to reuse a compiled flow."""
    engine = engine or FlowEngine(flow)
    ordered = sorted(entries, key=lambda e: e.seq)
    stored = _stored_session(row.state)
    client_language = stored.language if stored is not None else None

    visits = _read_visits(flow, ordered)
    walked = engine.walked_keys(stored) if stored is not None else None
    if walked is not None:  # in the order of the client's way through the flow, as a straight answer would be
        place = {key: index for index, key in enumerate(walked)}
        visits = dict(sorted(visits.items(), key=lambda item: place.get(item[0], len(place))))
    answers: dict[str, Any] = {key: v.value for key, v in visits.items()}
    if stored is not None:
        answers.update(stored.answers)  # the session has the final word (e.g. after an edit)
    shown = Session(flow_id=flow.id, flow_version=flow.version, language=language, state="",
                    started_at=0.0, updated_at=0.0, step_entered_at=0.0, answers=answers)
    ask_language = client_language or language
    steps: list[StepReview] = []
    for key, visit in visits.items():
        step = visit.step
        prefix = key.rpartition(".")[0]
        steps.append(StepReview(
            step_id=step.id,
            key=key,
            kind=step.type,
            label=step_label(step, language),
            question=_question(step, visit.first_prompt, ask_language,
                               lambda k: engine.answer_text(shown, k), prefix + "." if prefix else ""),
            answer=engine.answer_text(shown, key),
            value=answers.get(key),
            answered_at=_local(visit.answered_at, tz),
            seconds_on_step=None if visit.seconds is None else round(visit.seconds),
        ))
    status = _STATUS.get(row.status, "in_progress")
    last = max([row.updated_at, *(e.at for e in ordered)], key=lambda d: _local(d, UTC))
    return ExerciseReview(
        session_id=row.id,
        flow_id=flow.id,
        flow_version=flow.version,
        title=plain_text(localize(flow.title, language)),
        language=language,
        status=status,
        outcome=row.outcome,
        started_at=_local(row.started_at, tz),
        finished_at=_local(row.finished_at, tz) if row.finished_at is not None else None,
        last_activity_at=_local(last, tz),
        steps=tuple(steps),
        ratings=_ratings(visits, answers, language),
        stopped_at=None if status == "completed" else _stopped_at(flow, row, ordered, language),
        client_language=client_language,
        zone=zone_name(tz),
        scores=score_flow(flow, answers) if flow.scores else (),
    )


def _stored_session(state: str) -> Session | None:
    try:
        return Session.from_json(state)
    except (ValueError, TypeError):  # json.JSONDecodeError is a ValueError
        return None  # an older or damaged state: the transcript alone still tells the story


def _read_visits(flow: Flow, entries: Sequence[TranscriptEntry]) -> dict[str, _Visits]:
    """Answer key -> its visits, in the order first answered. An answer's time on the step runs from the
    first time its question was shown (a re-shown question keeps that start) to the answer. Answers the
    transcript says were dropped (their path abandoned by an edit) are forgotten."""
    visits: dict[str, _Visits] = {}
    pending: TranscriptEntry | None = None  # the question waiting for an answer
    for entry in entries:
        if entry.kind == "prompt" and entry.step_id:
            if pending is None or pending.step_id != entry.step_id:
                pending = entry
        elif entry.kind == "event" and isinstance(entry.value, dict) and isinstance(entry.value.get("dropped"), list):
            for key in entry.value["dropped"]:  # a path an edit abandoned: off the record, unless asked again
                if isinstance(key, str):
                    visits.pop(key, None)
        elif entry.kind == "answer" and isinstance(entry.value, dict):
            key = entry.value.get("key")
            step = step_for_key(flow, key) if isinstance(key, str) else None
            if not isinstance(key, str) or not isinstance(step, CLIENT_STEPS):
                continue  # a computed value (`set`), or a step this flow version does not have
            prompt = pending if pending is not None and pending.step_id == entry.step_id else None
            visits.setdefault(key, _Visits(step, prompt, entry.at)).add(entry, prompt)
            pending = None
    return visits


def _question(
    step: Step, prompt: TranscriptEntry | None, language: str, answer: Callable[[str], str], prefix: str
) -> str:
    if prompt is not None and prompt.raw:
        return plain_text(prompt.raw).strip()
    if isinstance(step, TimerStep):
        timer = prompt.value if prompt is not None and isinstance(prompt.value, dict) else None
        return _timer_question(timer, language) if timer else ""
    return prompt_text(step, language, answer, prefix).strip()


def _timer_question(timer: dict[str, Any], language: str) -> str:
    phases = timer.get("timer") or []
    shown = " · ".join(
        f"{label} {texts.format_duration(seconds, language)}"
        for label, seconds in (p for p in phases if isinstance(p, list | tuple) and len(p) == 2)
    )
    return texts.text("timer_question", language, phases=shown, repeat=timer.get("repeat", 1))


def _ratings(visits: dict[str, _Visits], answers: dict[str, Any], language: str) -> tuple[RatingChange, ...]:
    """measure -> (the first rating before, the last rating after), measures in the order first rated."""
    found: dict[str, RatingChange] = {}
    for key, visit in visits.items():
        step = visit.step
        if not isinstance(step, ScaleStep) or step.rating is None:
            continue
        value = _number(answers.get(key))
        measure = step.rating.measure
        earlier = found.get(measure) or RatingChange(measure, texts.measure_label(measure, language), None, None,
                                                     step.min, step.max)
        if step.rating.when == "before" and earlier.before is None:
            earlier = RatingChange(measure, earlier.label, value, earlier.after, earlier.low, earlier.high)
        elif step.rating.when == "after" and value is not None:
            earlier = RatingChange(measure, earlier.label, earlier.before, value, earlier.low, earlier.high)
        found[measure] = earlier
    return tuple(r for r in found.values() if r.before is not None or r.after is not None)


def _number(value: Any) -> float | None:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    return None


def _stopped_at(flow: Flow, row: StoredSession, entries: Sequence[TranscriptEntry], language: str) -> str | None:
    step = step_for_state(flow, row.current_step) if row.current_step else None
    if step is None or isinstance(step, _PASSING):
        last = next((e for e in reversed(entries) if e.kind == "prompt" and e.step_id), None)
        step = step_by_id(flow, last.step_id) if last is not None and last.step_id else None
    return step_label(step, language) if step is not None else None


def zone_name(tz: tzinfo) -> str:
    """"Europe/Moscow" for a named zone, else its abbreviation ("UTC")."""
    return str(getattr(tz, "key", None) or tz.tzname(None) or "UTC")


def _local(moment: datetime, tz: tzinfo) -> datetime:
    return (moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)).astimezone(tz)


# --- showing a review ---------------------------------------------------------------------------------------


def status_text(review: ExerciseReview, language: str) -> str:
    return texts.text(f"status_{review.status}", language)


def rating_text(rating: RatingChange) -> str:
    """"Mood: 80 → 40" (plain text)."""
    return f"{rating.label}: {texts.format_number(rating.before)} → {texts.format_number(rating.after)}"


def newest_first(reviews: Iterable[ExerciseReview]) -> list[ExerciseReview]:
    return sorted(reviews, key=lambda r: (r.started_at.astimezone(UTC), r.session_id), reverse=True)


def exercise_list_line(review: ExerciseReview, language: str) -> str:
    """One line of the "exercises, newest first" list, as plain text (escape it for HTML):
    "12 Nov 2026 · Thought record · completed · Mood: 80 → 40"."""
    parts = [texts.format_date(review.started_at, language), review.title, status_text(review, language)]
    parts += [rating_text(r) for r in review.ratings]
    return " · ".join(parts)


def review_pages(review: ExerciseReview, language: str, limit: int = 3500) -> list[str]:
    """The review as Telegram HTML pages, each at most `limit` long (counted in UTF-16 units, as Telegram
    counts): a heading, then one line per question, its short label and the answer ("20:09 (2 min 30 s)
    Evidence against: ..."), not the question as it was asked (the exports keep it). A step stays on one
    page unless its answer alone is longer than a page. Every text is escaped; only the markup added here is
    HTML (b, i)."""
    blocks = [[*_header(review, language), Line(())]]
    blocks += [_step_block(step, review, language) for step in review.steps]
    if not review.steps:
        blocks.append([Line((Span(texts.text("no_answers", language), "i"),))])
    labels: list[str | None] = [None, *(s.label for s in review.steps), None]
    continued = texts.text("continued", language)

    def continuation(index: int) -> Line | None:
        label = labels[index] if index < len(labels) else None
        return Line((Span(label, "b"), Span(f" {continued}"))) if label else None

    return paginate(blocks, limit, continuation, gap=LINE_GAP)


def zone_text(review: ExerciseReview) -> str:
    return f"({review.zone})"


def _header(review: ExerciseReview, language: str) -> list[Line]:
    when = texts.format_datetime(review.started_at, language)
    if review.finished_at is not None:
        end = review.finished_at
        same_day = end.date() == review.started_at.date()
        when += f" – {texts.format_time(end) if same_day else texts.format_datetime(end, language)}"
    lines = [
        Line((Span(review.title, "b"),)),
        Line((Span(f"{when} {zone_text(review)} · {status_text(review, language)}"),)),
    ]
    if review.stopped_at is not None:
        lines.append(Line((Span(texts.text("stopped_at", language, step=review.stopped_at), "i"),)))
    lines += [Line((Span(rating_text(r), "b"),)) for r in review.ratings]
    return lines


def _step_block(step: StepReview, review: ExerciseReview, language: str) -> list[Line]:
    answered = step.answered_at
    same_day = answered.date() == review.started_at.date()
    meta = texts.format_time(answered) if same_day else texts.format_datetime(answered, language)
    if step.seconds_on_step is not None:
        meta += f" ({texts.format_duration(step.seconds_on_step, language)})"
    gap = "\n" if "\n" in step.answer else " "  # a list starts on a line of its own
    return [Line((Span(meta, "i"), Span(" "), Span(label_colon(step.label), "b"), Span(gap + step.answer)))]


def label_colon(label: str) -> str:
    """"Situation:", but "Another thought?" as it is."""
    return label if label.endswith(("?", ":", "!", "…")) else f"{label}:"
