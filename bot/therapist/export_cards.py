"""An exercise's compact card laid out for the exports: one plain line per rating and per card row.

The card itself is the one the review in Telegram shows (`cards.build_card`, from the flow's `card:`
declaration); an exercise whose flow is unknown to the caller shows its ratings and its first free-text
answers. Pure functions of a review: no Telegram, no SQL.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.therapist import texts
from bot.therapist.cards import DEFAULT_TEXT_ANSWERS, ExerciseCard, shorten
from bot.therapist.review import ExerciseReview, RatingChange

ANSWER_LIMIT = 200  # characters of one answer on an exported card; the full layout keeps it whole


@dataclass(frozen=True, slots=True)
class CardLine:
    """"Mood: anxious · 80 → 40" — a label and the line beside it, both plain text."""

    label: str
    text: str


def compact_card(review: ExerciseReview, card: ExerciseCard | None) -> tuple[CardLine, ...]:
    """The lines of `card` (built for `review`), ratings no row shows first; without a card, the ratings and
    the first free-text answers. A questionnaire's scores come first ("PHQ-9: 12 / 27 · moderate")."""
    scores = tuple(CardLine(r.label(review.language), f"{r.value} / {r.high}" + (
        f" · {r.band_label(review.language)}" if r.band is not None else ""))
        for r in review.scores if r.value is not None)
    if card is None:
        free_text = [s for s in review.steps if s.kind == "text" and s.answer.strip() not in ("", texts.NONE)]
        return (*scores, *(CardLine(r.label, _change(r)) for r in review.ratings),
                *(CardLine(s.label, shorten(s.answer, ANSWER_LIMIT)) for s in free_text[:DEFAULT_TEXT_ANSWERS]))
    return (*scores, *(CardLine(r.label, _change(r)) for r in card.ratings),
            *(CardLine(row.label, row.text) for row in card.rows))


def _change(rating: RatingChange) -> str:
    return f"{texts.format_number(rating.before)} → {texts.format_number(rating.after)}"
