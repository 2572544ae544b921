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

import bisect
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
    Context,
    PhraseBook,
    Rule,
    compile_pattern,
    default_phrase_books,
    prepare_sentences,
    vocabulary,
)
from bot.safety.wordforms import is_first_person_verb

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
# Rules about what the writer faces or may do; said of someone else ("my sister is being beaten", "my dad beat
# my mum"), someone else is in danger: someone_else.
_OWN_CATEGORIES: Final[frozenset[Category]] = frozenset({"self", "home", "others"})


def strongest(rules: Sequence[Rule], categories: Sequence[Category] | None = None) -> Assessment:
    """The most urgent response among the matched rules, and the category of the first rule that asks for it
    (categories in the order of CATEGORIES: the person's own risk first). ``categories``, when given, is each
    rule's category in this message (a "self" rule said about someone else counts as "someone_else")."""
    if not rules:
        return NO_RISK
    found = list(categories) if categories is not None else [r.category for r in rules]
    response: Response = "sos" if any(r.response == "sos" for r in rules) else "check_in"
    urgent = [c for r, c in zip(rules, found, strict=True) if r.response == response]
    category = min(urgent, key=CATEGORIES.index)
    return Assessment(response, category, tuple(r.id for r in rules))


def _combined(rules: Sequence[Rule]) -> re.Pattern[str] | None:
    """One regex that matches where any of the rules matches: a quick test before the rule-by-rule pass."""
    if not rules:
        return None
    return re.compile("(?<![^ ])(?:" + "|".join(f"(?:{r.body})(?![^ ])" for r in rules) + ")")


@dataclass(frozen=True, slots=True)
class _Cues:
    """The context cues of every language (docs/crisis-phrases.md, "Context"), compiled."""

    negation: re.Pattern[str] | None  # ends right where a match starts: "i'm not", "не"
    frame: re.Pattern[str] | None  # fiction, news, history, statistics in the same sentence
    past: re.Pattern[str] | None  # a distant past in the same sentence: "years ago", "when i was a kid"
    resolved: re.Pattern[str] | None  # "now i'm fine": the matches before it in the message are past
    current: re.Pattern[str] | None  # "now", "tonight", "again": keeps a match despite frame or past
    third_party: re.Pattern[str] | None  # "my sister", "she says": the subject is someone else
    first_person: re.Pattern[str] | None  # "i", "me", "я": the person speaks of themself again

    @classmethod
    def build(cls, context: Context) -> _Cues:
        negation = context.patterns.get("negation", ())
        negation_regex = None
        if negation:
            bodies = [compile_pattern(p).pattern.removeprefix("(?<![^ ])").removesuffix("(?![^ ])") for p in negation]
            negation_regex = re.compile("(?<![^ ])(?:" + "|".join(f"(?:{b})" for b in bodies) + ") $")
        return cls(
            negation_regex,
            context.regex("frame"),
            context.regex("past"),
            context.regex("resolved"),
            context.regex("current"),
            context.regex("third_party"),
            context.regex("first_person"),
        )

    def about_someone_else(self, text: str, starts: Sequence[int], start: int, end: int) -> bool:
        """Whether the sentence names someone else before the match, with no "i" or "me" after it, in the match
        too, nor a Russian verb in the first person ("my sister said she took all her pills"; not "если коллега
        посмеётся, отправлю его в больницу"): then a rule about oneself is about them."""
        if self.third_party is None:
            return False
        first = _sentence(starts, start, len(text))[0]
        last_cue = None
        for last_cue in self.third_party.finditer(text, first, start):  # noqa: B007 - the last one is wanted
            pass
        if last_cue is None:
            return False
        if self.first_person is not None and self.first_person.search(text, last_cue.end(), end):
            return False
        return not any(is_first_person_verb(word) for word in text[last_cue.end() : end].split())

    def discounts(self, text: str, starts: Sequence[int], start: int, end: int) -> bool:
        """Whether the match text[start:end] is negated, or framed as fiction, news or a resolved past.

        A current marker in the same sentence ("now", "again", "tonight") keeps a framed or past match: a
        current-risk statement must count (a miss can cost a life; a needless check-in costs little).
        """
        first, last = _sentence(starts, start, len(text))
        if self.negation is not None and start > first and self.negation.search(text, first, start):
            return True
        sentence = text[first:last]
        spans: list[tuple[int, int]] = []
        for cue in (self.frame, self.past):
            if cue is not None:
                spans += [(first + m.start(), first + m.end()) for m in cue.finditer(sentence)]
        if self.resolved is not None:
            spans += [m.span() for m in self.resolved.finditer(text) if m.start() >= end]
        if not spans:
            return False
        if self.current is None:
            return True
        spans.append((start, end))
        blanked = list(text)
        for a, b in spans:
            blanked[a:b] = [MASK] * (b - a)
        return not self.current.search("".join(blanked[first:last]))


def _sentence(starts: Sequence[int], position: int, length: int) -> tuple[int, int]:
    """Where the sentence holding the position starts and ends."""
    index = bisect.bisect_right(starts, position) - 1
    first = starts[index] if index >= 0 else 0
    last = starts[index + 1] - 1 if index + 1 < len(starts) else length
    return first, last


@dataclass(frozen=True, slots=True)
class _Detector:
    exclude: tuple[Rule, ...]
    any_exclude: re.Pattern[str] | None
    any_risk: re.Pattern[str] | None  # every language's risk rules: most messages stop here
    by_language: dict[str, tuple[Rule, ...]]
    every_rule: tuple[Rule, ...]
    words: Vocabulary
    cues: _Cues

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
            _Cues.build(functools.reduce(Context.merged, (books[lang].context for lang in languages), Context({}))),
        )

    def mask(self, text: str) -> str:
        """Replace every excluded phrase by placeholder characters (spaces too, so it is one placeholder word
        that no risk rule can use), keeping every other character where it was."""
        if self.any_exclude is None or not self.any_exclude.search(text):
            return text
        out = list(text)
        for rule in self.exclude:
            for m in rule.regex.finditer(text):
                out[m.start() : m.end()] = [MASK] * (m.end() - m.start())
        return "".join(out)

    def category(self, rule: Rule, text: str, starts: Sequence[int]) -> Category | None:
        """The rule's category where it matches and its context does not discount it, else None. A "self",
        "home" or "others" rule whose every such match is said of someone else counts as "someone_else"."""
        if rule.regex.search(text) is None:  # the common case, without building match objects in a loop
            return None
        kept = [m.span() for m in rule.regex.finditer(text) if not self.cues.discounts(text, starts, *m.span())]
        if not kept:
            return None
        if rule.category in _OWN_CATEGORIES and all(self.cues.about_someone_else(text, starts, *s) for s in kept):
            return "someone_else"
        return rule.category

    def counts(self, rule: Rule, text: str, starts: Sequence[int]) -> bool:
        """Whether the rule matches somewhere that its context does not discount."""
        return self.category(rule, text, starts) is not None

    def assess(self, text: str, language: str | None) -> Assessment:
        normalised, starts = prepare_sentences(text, self.words)
        if not normalised:
            return NO_RISK
        masked = self.mask(normalised)
        if self.any_risk is None or not self.any_risk.search(masked):
            return NO_RISK
        rules = self.by_language.get(_language_code(language), self.every_rule)
        found = [(rule, self.category(rule, masked, starts)) for rule in rules]
        matched = [(rule, category) for rule, category in found if category is not None]
        return strongest([r for r, _ in matched], [c for _, c in matched])


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
