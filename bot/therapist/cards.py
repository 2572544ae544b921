"""One exercise as a compact card: the few answers a flow declares in `card:` (or a default), with its ratings.

A card is plain data (plain texts, no markup) so that Telegram HTML, a PDF or a CSV can each lay it out;
`card_lines` lays it out for Telegram, `card_text` as plain lines. Pure functions: no Telegram, no SQL.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from bot.engine.render import plain_text
from bot.flowspec.model import CardAnswer, CardItem, Flow, ScaleStep, Text
from bot.flowspec.texts import localize
from bot.therapist import texts
from bot.therapist.flowmap import step_for_key
from bot.therapist.paging import Line, Span
from bot.therapist.review import ExerciseReview, RatingChange, ReviewStatus, StepReview, rating_text

ANSWER_LIMIT = 160  # characters of one answer on a card; the transcript keeps it whole
DEFAULT_TEXT_ANSWERS = 3  # a flow without `card:` shows its first free-text answers
SEPARATOR = " · "


@dataclass(frozen=True, slots=True)
class CardRow:
    """"Mood: anxious · 80 → 40": a label, the client's answer, and what the flow shows beside it."""

    label: str
    answer: str  # plain text, on one line, shortened
    beside: tuple[str, ...] = ()  # plain texts: "80 → 40", "belief 70"

    @property
    def text(self) -> str:
        return SEPARATOR.join((self.answer, *self.beside))


@dataclass(frozen=True, slots=True)
class ExerciseCard:
    session_id: int
    flow_id: str
    title: str
    status: ReviewStatus
    started_at: datetime  # in the zone the review was built in
    finished_at: datetime | None
    ratings: tuple[RatingChange, ...]  # the ratings no row shows
    rows: tuple[CardRow, ...]

    @property
    def finished(self) -> bool:
        return self.status == "completed"


def build_card(review: ExerciseReview, flow: Flow, language: str, *, card: Sequence[CardItem] | None = None,
               limit: int = ANSWER_LIMIT) -> ExerciseCard:
    """The card of `review`. `flow` is the version the session ran; `card` overrides its `card:` (e.g. the
    declaration of a newer version of the same flow, for a session run before the flow had one)."""
    declared = card if card is not None else flow.card
    steps = {step.key: step for step in review.steps}
    shown_measures: set[str] = set()
    rows: list[CardRow] = []
    if declared:
        for item in declared:
            row = _row(item, steps, review, flow, language, limit, shown_measures)
            if row is not None:
                rows.append(row)
    else:
        free_text = [s for s in review.steps if s.kind == "text" and s.answer.strip() not in ("", texts.NONE)]
        rows = [CardRow(s.label, shorten(s.answer, limit)) for s in free_text[:DEFAULT_TEXT_ANSWERS]]
    rows = [*score_rows(review, language), *rows]
    return ExerciseCard(
        session_id=review.session_id,
        flow_id=review.flow_id,
        title=review.title,
        status=review.status,
        started_at=review.started_at,
        finished_at=review.finished_at,
        ratings=tuple(r for r in review.ratings if r.measure not in shown_measures),
        rows=tuple(rows),
    )


def score_rows(review: ExerciseReview, language: str) -> list[CardRow]:
    """A questionnaire's scores first: "PHQ-9: 12 of 27 · moderate"."""
    rows = []
    for result in review.scores:
        if result.value is not None:
            band = result.band_label(language)
            rows.append(CardRow(result.label(language), f"{result.value} / {result.high}", (band,) if band else ()))
    return rows


def _row(item: CardItem, steps: dict[str, StepReview], review: ExerciseReview, flow: Flow, language: str,
         limit: int, shown_measures: set[str]) -> CardRow | None:
    key, label = (item, None) if isinstance(item, str) else (item.step, item.label)
    main = steps.get(key)
    if main is None:
        return None  # not answered (skipped by a branch, or the exercise stopped before it)
    beside: list[str] = []
    for extra in () if isinstance(item, str) else item.with_:
        extra_key, extra_label = (extra.step, extra.label) if isinstance(extra, CardAnswer) else (extra, None)
        found = steps.get(extra_key)
        if found is None:
            continue
        value = _answer(found, review, flow, limit, shown_measures)
        beside.append(f"{_label(extra_label, language)} {value}" if extra_label is not None else value)
    answer = _answer(main, review, flow, limit, shown_measures)
    if main.value is None and not beside:
        return None  # skipped, with nothing beside it ("no third mood"): the transcript still shows it
    return CardRow(_label(label, language) if label is not None else main.label, answer, tuple(beside))


def _answer(step: StepReview, review: ExerciseReview, flow: Flow, limit: int, shown_measures: set[str]) -> str:
    """The answer on one line; a rated scale as its measure's before → after."""
    flow_step = step_for_key(flow, step.key)
    if isinstance(flow_step, ScaleStep) and flow_step.rating is not None:
        rating = next((r for r in review.ratings if r.measure == flow_step.rating.measure), None)
        if rating is not None:
            shown_measures.add(rating.measure)
            return f"{texts.format_number(rating.before)} → {texts.format_number(rating.after)}"
    return shorten(step.answer, limit)


def _label(label: Text, language: str) -> str:
    return plain_text(localize(label, language))


def shorten(answer: str, limit: int = ANSWER_LIMIT) -> str:
    """An answer on one line (list items joined with "; ") of at most `limit` characters."""
    items = [line.strip().removeprefix("• ").strip() for line in answer.splitlines()]
    joined = "; ".join(item for item in items if item)
    if len(joined) <= limit:
        return joined
    return joined[: max(1, limit - 1)].rstrip() + "…"


# --- showing a card ---------------------------------------------------------------------------------------


def card_heading(card: ExerciseCard, language: str, number: int | None = None) -> str:
    """"2. Thought record · 12 Nov 2026, 20:15" (plus the status unless completed), plain text."""
    parts = [f"{number}. {card.title}" if number is not None else card.title,
             texts.format_datetime(card.started_at, language)]
    if not card.finished:
        parts.append(status_text_of(card, language))
    return SEPARATOR.join(parts)


def status_text_of(card: ExerciseCard, language: str) -> str:
    return texts.text(f"status_{card.status}", language)


def card_lines(card: ExerciseCard, language: str, number: int | None = None) -> list[Line]:
    """The card as Telegram lines (see `paging`): the heading in bold, ratings, then one line per row with
    its label in bold. Every text is escaped when placed."""
    lines = [Line((Span(card_heading(card, language, number), "b"),))]
    lines += [Line((Span(rating_text(r)),)) for r in card.ratings]
    lines += [Line((Span(f"{row.label}: ", "b"), Span(row.text))) for row in card.rows]
    return lines


def card_text(card: ExerciseCard, language: str, number: int | None = None) -> str:
    """The card as plain lines, e.g. for a PDF cell or a CSV column."""
    lines = [card_heading(card, language, number), *(rating_text(r) for r in card.ratings)]
    lines += [f"{row.label}: {row.text}" for row in card.rows]
    return "\n".join(lines)

