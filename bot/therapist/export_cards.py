"""An exercise's compact card for the exports: the few answers that tell what happened, each on one line.

The thought record shows its situation, the mood before → after, the hot thought, the thinking traps and the
balanced thought with how much it is believed; any other flow shows its ratings and its first free-text
answers. (The review in Telegram builds its cards from the flows' own `card:` declarations; this small card
serves the exports until the two are one.) Pure functions of a review: no Telegram, no SQL.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.therapist import texts
from bot.therapist.review import ExerciseReview, RatingChange, StepReview

ANSWER_LIMIT = 200  # characters of one answer on a card; the full layout keeps it whole
DEFAULT_TEXT_ANSWERS = 3
SEPARATOR = " · "


@dataclass(frozen=True, slots=True)
class CardLine:
    """"Mood: anxious · 80 → 40" — a label and the line beside it, both plain text."""

    label: str
    text: str


# the thought record's card: (the step whose answer leads, what goes beside it)
_THOUGHT_RECORD = (("situation", None), ("mood_name", "mood"), ("hot_thought", None), ("distortions", None),
                   ("balanced_thought", "balanced_belief"))


def compact_card(review: ExerciseReview) -> tuple[CardLine, ...]:
    steps = {step.key: step for step in review.steps}
    scores = [CardLine(r.label(review.language), f"{r.value} / {r.high}" + (f" · {r.band_label(review.language)}"
                                                                            if r.band is not None else ""))
              for r in review.scores if r.value is not None]
    if scores:
        return (*scores, *_default(review))
    if review.flow_id == "thought_record":
        return _thought_record(review, steps)
    return _default(review)


def _default(review: ExerciseReview) -> tuple[CardLine, ...]:
    lines = [CardLine(r.label, _change(r)) for r in review.ratings]
    free_text = [s for s in review.steps if s.kind == "text" and s.answer.strip() not in ("", texts.NONE)]
    lines += [CardLine(s.label, shorten(s.answer)) for s in free_text[:DEFAULT_TEXT_ANSWERS]]
    return tuple(lines)


def _thought_record(review: ExerciseReview, steps: dict[str, StepReview]) -> tuple[CardLine, ...]:
    ratings = {r.measure: r for r in review.ratings}
    lines: list[CardLine] = []
    for key, beside in _THOUGHT_RECORD:
        step = steps.get(key)
        if step is None:
            continue
        parts = [shorten(step.answer)]
        if beside in ratings:
            parts.append(_change(ratings.pop(beside)))
        elif beside is not None and beside in steps:
            belief = texts.measure_name("belief", review.language).lower()
            parts.append(f"{belief} {steps[beside].answer}")
        lines.append(CardLine(step.label, SEPARATOR.join(parts)))
    lines += [CardLine(r.label, _change(r)) for r in ratings.values()]  # a rating no line showed
    return tuple(lines)


def _change(rating: RatingChange) -> str:
    return f"{texts.format_number(rating.before)} → {texts.format_number(rating.after)}"


def shorten(answer: str, limit: int = ANSWER_LIMIT) -> str:
    """An answer on one line ("•" list items joined by "; "), cut at a word with "…" past `limit`."""
    items = [line.strip().removeprefix("• ").strip() for line in answer.splitlines()]
    one_line = "; ".join(item for item in items if item)
    if len(one_line) <= limit:
        return one_line
    cut = one_line[: limit - 1]
    space = cut.rfind(" ")
    return (cut[:space] if space > limit // 2 else cut).rstrip(" ,;") + "…"
