"""The therapist's card names answers of the main flow, each at most once (its labels are checked with
every other text)."""

from __future__ import annotations

from collections.abc import Iterator

from bot.flowspec.draft import Draft
from bot.flowspec.locate import Locator
from bot.flowspec.model import CardItem
from bot.flowspec.nodes import Path
from bot.flowspec.problems import Problem
from bot.flowspec.rules.answer_keys import AnswerKeys, knows
from bot.flowspec.rules.answers import why_unknown


def card_answers(card: list[CardItem]) -> Iterator[tuple[Path, str]]:
    """Every answer the card names, with its path below `card`."""
    for i, item in enumerate(card):
        if isinstance(item, str):
            yield (i,), item
            continue
        yield (i, "step"), item.step
        for j, extra in enumerate(item.with_):
            yield ((i, "with", j), extra) if isinstance(extra, str) else ((i, "with", j, "step"), extra.step)


def check_card_names_answers(draft: Draft, locate: Locator) -> Iterator[Problem]:
    card = draft.meta.get("card")
    if not card:
        return  # absent, or invalid and reported already
    known = AnswerKeys(draft).of_scope(draft.main)
    seen: set[str] = set()
    for below, name in card_answers(card):
        path = ("card", *below)
        if not knows(known, name):
            yield locate.problem(path, "unknown-answer", "card: " + why_unknown(name, draft.main, known))
        elif name in seen:
            yield locate.problem(path, "bad-value", f"card: '{name}' is already on the card")
        seen.add(name)
