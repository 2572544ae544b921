"""Crisis-language detection: is there explicit, coded or indirect risk language in one message?

``assess(text, language)`` is pure and deterministic: the same text and language always give the same
answer. It normalises the text (bot.safety.normalise), blanks out ordinary idioms listed as ``exclude``
rules ("this deadline is killing me", "i killed myself laughing"), then looks for the risk rules of
bot/safety/phrases/<language>.yaml:

* ``explicit`` and ``coded`` rules give level ``"explicit"``: direct intent, a plan, a method, slang for
  suicide ("kms", "unalive myself", "выпилиться");
* ``indirect`` rules give level ``"indirect"``: hopelessness, being a burden, goodbyes, a third party's risk.

With a known language, that language's rules are checked, plus every other language's explicit and coded
rules (people mix languages). With no language or an unknown one, every rule is checked. Exclusions of every
language always apply. The answer names the matched rules by id, never the text.

What it does not do (docs/crisis-phrases.md): no machine learning, no context beyond the one message, no
sarcasm, and slang it has not been taught.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final, Literal

from bot.safety.normalise import Vocabulary
from bot.safety.phrasebook import (
    CATEGORIES,
    MASK,
    Category,
    PhraseBook,
    Rule,
    default_phrase_books,
    prepare,
    vocabulary,
)

Level = Literal["none", "indirect", "explicit"]
# What the bot does: nothing, a gentle check-in question first (possible risk), or the SOS path (clear risk).
Response = Literal["none", "check_in", "sos"]
RESPONSES: Final[tuple[Response, ...]] = ("none", "check_in", "sos")  # in rising order of urgency

__all__ = ["CATEGORIES", "Assessment", "Category", "Level", "Response", "assess"]


@dataclass(frozen=True, slots=True)
class Assessment:
    response: Response
    category: Category | None  # who is at risk; None when the response is "none"
    rules: tuple[str, ...] = ()  # ids of what matched, e.g. "en.explicit.kill_myself"; never the text

    @property
    def is_risk(self) -> bool:
        return self.response != "none"

    @property
    def level(self) -> Level:
        """The older two-step scale, still stored with safety events."""
        return {"sos": "explicit", "check_in": "indirect", "none": "none"}[self.response]  # type: ignore[return-value]


NO_RISK: Final = Assessment("none", None)


def strongest(rules: Sequence[Rule]) -> Assessment:
    """The most urgent response among the matched rules, and the category of the first rule that asks for it
    (categories in the order of CATEGORIES: the person's own risk first)."""
    if not rules:
        return NO_RISK
    response: Response = "sos" if any(r.response == "sos" for r in rules) else "check_in"
    urgent = [r for r in rules if r.response == response]
    category = min((r.category for r in urgent), key=CATEGORIES.index)
    return Assessment(response, category, tuple(r.id for r in rules))


def _combined(rules: Sequence[Rule]) -> re.Pattern[str] | None:
    """One regex that matches where any of the rules matches: a quick test before the rule-by-rule pass."""
    if not rules:
        return None
    return re.compile("(?<![^ ])(?:" + "|".join(f"(?:{r.body})(?![^ ])" for r in rules) + ")")


@dataclass(frozen=True, slots=True)
class _Detector:
    exclude: tuple[Rule, ...]
    any_exclude: re.Pattern[str] | None
    any_risk: re.Pattern[str] | None  # every language's risk rules: most messages stop here
    by_language: dict[str, tuple[Rule, ...]]
    every_rule: tuple[Rule, ...]
    words: Vocabulary

    @classmethod
    def build(cls, books: dict[str, PhraseBook]) -> _Detector:
        languages = sorted(books)
        exclude = [r for lang in languages for r in books[lang].exclude]

        def risk_rules(home: str | None) -> tuple[Rule, ...]:
            rules: list[Rule] = []
            for lang in languages:
                book = books[lang]
                rules += book.explicit + book.coded
                if home is None or home == lang:
                    rules += book.indirect
            return tuple(rules)

        every_rule = risk_rules(None)
        return cls(
            tuple(exclude),
            _combined(exclude),
            _combined(every_rule),
            {lang: risk_rules(lang) for lang in languages},
            every_rule,
            vocabulary(books),
        )

    def mask(self, text: str) -> str:
        """Replace every excluded phrase by one placeholder word, so that no risk rule can use its words."""
        if self.any_exclude is None or not self.any_exclude.search(text):
            return text
        covered = [False] * len(text)
        for rule in self.exclude:
            for m in rule.regex.finditer(text):
                covered[m.start() : m.end()] = [True] * (m.end() - m.start())
        out: list[str] = []
        for ch, hidden in zip(text, covered, strict=True):
            if not hidden:
                out.append(ch)
            elif not out or out[-1] != MASK:
                out.append(MASK)
        return "".join(out)

    def assess(self, text: str, language: str | None) -> Assessment:
        normalised = prepare(text, self.words)
        if not normalised:
            return NO_RISK
        masked = self.mask(normalised)
        if self.any_risk is None or not self.any_risk.search(masked):
            return NO_RISK
        rules = self.by_language.get(_language_code(language), self.every_rule)
        matched = [rule for rule in rules if rule.regex.search(masked)]
        return strongest(matched)


def _language_code(language: str | None) -> str:
    if not language:
        return ""
    return re.split(r"[-_]", language.strip().lower(), maxsplit=1)[0]


@functools.cache
def _detector() -> _Detector:
    return _Detector.build(default_phrase_books())


def assess(text: str, language: str | None = None) -> Assessment:
    """What the message asks of the bot (``response``: "none", "check_in" or "sos") and who is at risk
    (``category``: "self", "others", "home" or "someone_else").

    ``language`` is the client's language ("en", "ru", also "en-GB"); None or an unknown language checks every
    language's rules. Pure and deterministic; never raises for any str.
    """
    return _detector().assess(text, language)
