"""Crisis phrase lists: load bot/safety/phrases/<language>.yaml, validate them, compile the patterns.

The file format and the pattern notation are described for reviewers in docs/crisis-phrases.md. In short,
each language file has four lists of rules, ``explicit``, ``coded``, ``indirect`` and ``exclude``; a rule is
``{id, pattern, note}`` plus optional ``examples``; a pattern is a phrase matched on whole words of the
normalised message (bot.safety.normalise) with this notation:

=============  ===============================================================================
``a b``        the words a then b, next to each other
``kill*``      ``*`` stands for any ending (or any letters) inside a word: kill, kills, killing
``(a|b c)``    alternatives; inside a word too: ``уб(ить|ью|ей)``; an empty alternative is allowed
``[a|b]``      an optional word or phrase: ``i [really|just] want to die``
``...``        up to 3 other words (``...5``: up to 5, at most 9); never crosses an excluded phrase
``#``          a number written in digits: ``# kms``
``~word``      any form of the word: ``~starve`` = starve, starves, starved, starving; ``~убить`` = убью, убил, …
=============  ===============================================================================

Apostrophes are ignored and hyphens are spaces, as in messages. Patterns are normalised exactly like
messages, so "kill" is stored as "kil" and also matches "kiiiil", "k1ll" and "k*ll".

Loading fails with :class:`PhraseDataError` listing every problem as ``file: rule id: what is wrong``.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Final, Literal

import yaml

from bot.safety.normalise import (
    MIN_TYPO_LENGTH,
    Typos,
    Vocabulary,
    join_spaced_letters,
    normalise_words,
    read_censored,
)
from bot.safety.wordforms import forms, morph

Section = Literal["explicit", "coded", "indirect", "exclude"]
SECTIONS: Final[tuple[Section, ...]] = ("explicit", "coded", "indirect", "exclude")
RISK_SECTIONS: Final[tuple[Section, ...]] = ("explicit", "coded", "indirect")
RULE_KEYS: Final = frozenset({"id", "pattern", "note", "examples", "category", "response"})
# Who is at risk: the person themself (suicide, self-harm), someone they may hurt, the person at home
# (abuse, a partner's or family member's danger), or someone else they tell about.
Category = Literal["self", "others", "home", "someone_else"]
CATEGORIES: Final[tuple[Category, ...]] = ("self", "others", "home", "someone_else")
# What a match asks of the bot: the SOS path at once, or first a gentle check-in question.
RuleResponse = Literal["sos", "check_in"]
RULE_RESPONSES: Final[tuple[RuleResponse, ...]] = ("sos", "check_in")
DEFAULT_GAP: Final = 3
MAX_GAP: Final = 9

MASK: Final = "\u2591"  # stands in for an excluded phrase; normalised text never contains it
_WORD_CHAR: Final = f"[^ {MASK}]"


class PhraseDataError(ValueError):
    """A phrase file is broken. The message lists every problem, one per line."""

    def __init__(self, problems: Sequence[str]) -> None:
        self.problems = tuple(problems)
        super().__init__("invalid crisis phrase data:\n" + "\n".join(f"  {p}" for p in self.problems))


class PatternError(ValueError):
    """A pattern does not follow the notation."""


# --- the pattern notation ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Text:
    text: str  # normalised letters/digits


@dataclass(frozen=True, slots=True)
class _Star:
    pass


@dataclass(frozen=True, slots=True)
class _Number:
    pass


@dataclass(frozen=True, slots=True)
class _Group:
    alternatives: tuple[_Seq, ...]


@dataclass(frozen=True, slots=True)
class _Word:
    parts: tuple[_Text | _Star | _Number | _Group, ...]


@dataclass(frozen=True, slots=True)
class _Optional:
    alternatives: tuple[_Seq, ...]


@dataclass(frozen=True, slots=True)
class _Gap:
    words: int


@dataclass(frozen=True, slots=True)
class _Seq:
    terms: tuple[_Word | _Optional | _Gap, ...]


_TOKEN = re.compile(r"\.\.\.(\d*)|(\s+)|([()\[\]|*#~])|([^\W_]+)|(.)", re.S)


def _tokens(pattern: str) -> list[str]:
    tokens: list[str] = []
    for m in _TOKEN.finditer(pattern):
        gap_digits, space, symbol, text, other = m.groups()
        if gap_digits is not None:
            tokens.append("..." + gap_digits)
        elif space is not None:
            tokens.append(" ")
        elif symbol is not None:
            tokens.append(symbol)
        elif text is not None:
            tokens.append(text)
        else:
            assert other is not None
            if other == ".":
                raise PatternError("a lone '.' (write '...' for 'up to three words')")
            raise PatternError(f"the character {other!r} is not allowed in a pattern")
    return tokens


class _Parser:
    def __init__(self, pattern: str) -> None:
        prepared = re.sub(r"[-‐‑–—]", " ", pattern)
        prepared = re.sub(r"['’‘ʼ`]", "", prepared)
        self.tokens = _tokens(prepared)
        self.pos = 0

    def peek(self) -> str | None:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def take(self) -> str:
        piece = self.tokens[self.pos]
        self.pos += 1
        return piece

    def skip_spaces(self) -> None:
        while self.peek() == " ":
            self.pos += 1

    def parse(self) -> _Seq:
        alternatives = [self.seq()]
        while self.peek() == "|":  # "a b|c d" at the top level means "(a b|c d)"
            self.take()
            alternatives.append(self.seq())
        rest = self.peek()
        if rest is not None:
            raise PatternError(f"unexpected {rest!r}" + (" (unbalanced brackets?)" if rest in ")]" else ""))
        if any(not alt.terms for alt in alternatives):
            raise PatternError("the pattern is empty" if len(alternatives) == 1 else "an empty alternative")
        if len(alternatives) == 1:
            return alternatives[0]
        return _Seq((_Word((_Group(tuple(alternatives)),)),))

    def seq(self) -> _Seq:
        terms: list[_Word | _Optional | _Gap] = []
        self.skip_spaces()
        while (piece := self.peek()) is not None and piece not in ")]|":
            terms.append(self.term())
            if self.peek() not in (" ", None, ")", "]", "|"):
                raise PatternError(f"a space is missing before {self.peek()!r}")
            self.skip_spaces()
        return _Seq(tuple(terms))

    def alternatives(self, closing: str) -> tuple[_Seq, ...]:
        alternatives = [self.seq()]
        while self.peek() == "|":
            self.take()
            alternatives.append(self.seq())
        if self.peek() != closing:
            raise PatternError(f"missing {closing!r}")
        self.take()
        return tuple(alternatives)

    def term(self) -> _Word | _Optional | _Gap:
        piece = self.peek()
        assert piece is not None
        if piece.startswith("..."):
            self.take()
            words = int(piece[3:]) if piece[3:] else DEFAULT_GAP
            if not 1 <= words <= MAX_GAP:
                raise PatternError(f"'{piece}': a gap is 1 to {MAX_GAP} words")
            return _Gap(words)
        if piece == "[":
            self.take()
            alternatives = self.alternatives("]")
            if any(not alt.terms for alt in alternatives):
                raise PatternError("an empty alternative inside [ ] (the brackets already make it optional)")
            return _Optional(alternatives)
        return self.word()

    def word(self) -> _Word:
        parts: list[_Text | _Star | _Number | _Group] = []
        while (
            (piece := self.peek()) is not None
            and piece not in (" ", ")", "]", "|", "[")
            and not piece.startswith("...")
        ):
            self.take()
            if piece == "*":
                parts.append(_Star())
            elif piece == "#":
                parts.append(_Number())
            elif piece == "(":
                parts.append(_Group(self.alternatives(")")))
            elif piece == "~":
                parts.append(self.any_form())
            else:
                words = _normalised_fragment(piece)
                if len(words) != 1:
                    raise PatternError(f"{piece!r} is not a word after normalisation")
                parts.append(_Text(words[0]))
        if not parts:
            raise PatternError(f"expected a word, found {piece!r}")
        if all(isinstance(p, _Star) for p in parts):
            raise PatternError("a word that is only '*' (write '...1' for 'any one word')")
        return _Word(tuple(parts))

    def any_form(self) -> _Group:
        word = self.peek()
        if word is None or not _WORDLIKE.fullmatch(word):
            raise PatternError("'~' must be followed by a word, as in ~starve")
        self.take()
        return _Group(tuple(_Seq((_Word((_Text(form),)),)) for form in _any_form(word)))


_WORDLIKE: Final = re.compile(r"[^\W\d_]+")


@functools.lru_cache(maxsize=4096)
def _any_form(word: str) -> tuple[str, ...]:
    """The normalised forms of a word, longest first (so that the regex prefers the longest)."""
    normalised = {w[0] for w in (_normalised_fragment(f) for f in forms(word)) if len(w) == 1}
    return tuple(sorted(normalised, key=lambda f: (-len(f), f)))


@functools.lru_cache(maxsize=4096)
def _normalised_fragment(text: str) -> tuple[str, ...]:
    return tuple(normalise_words(text))


def _seq_regex(seq: _Seq) -> str:
    out: list[str] = []
    started = False  # a mandatory word has been emitted, so what follows needs a leading space
    for term in seq.terms:
        if isinstance(term, _Optional):
            inner = "|".join(_seq_regex(alt) for alt in term.alternatives)
            out.append(f"(?: (?:{inner}))?" if started else f"(?:(?:{inner}) )?")
        elif isinstance(term, _Gap):
            out.append(f"(?: {_WORD_CHAR}+){{0,{term.words}}}" if started else f"(?:{_WORD_CHAR}+ ){{0,{term.words}}}")
        else:
            out.append((" " if started else "") + _word_regex(term))
            started = True
    return "".join(out)


def _word_regex(word: _Word) -> str:
    out: list[str] = []
    for part in word.parts:
        if isinstance(part, _Text):
            out.append(re.escape(part.text))
        elif isinstance(part, _Star):
            out.append(f"{_WORD_CHAR}*")
        elif isinstance(part, _Number):
            out.append("[0-9]+")
        else:
            out.append("(?:" + "|".join(_seq_regex(alt) for alt in part.alternatives) + ")")
    return "".join(out)


def _has_word(seq: _Seq) -> bool:
    return any(isinstance(t, _Word) for t in seq.terms)


_EXPANSION_LIMIT: Final = 5000


def _expand_seq(seq: _Seq) -> list[str]:
    results = [""]
    for term in seq.terms:
        if isinstance(term, _Gap):
            options = ["\x03"]
        elif isinstance(term, _Optional):
            options = [x for alt in term.alternatives for x in _expand_seq(alt)] + [""]
        else:
            options = _expand_word(term)
        results = [f"{r} {o}".strip() for r in results for o in options]
        if len(results) > _EXPANSION_LIMIT:
            raise OverflowError
    return results


def _expand_word(word: _Word) -> list[str]:
    results = [""]
    for part in word.parts:
        if isinstance(part, _Text):
            options = [part.text]
        elif isinstance(part, _Star):
            options = ["\x01"]
        elif isinstance(part, _Number):
            options = ["\x02"]
        else:
            options = [x for alt in part.alternatives for x in _expand_seq(alt)]
        results = [r + o for r in results for o in options]
        if len(results) > _EXPANSION_LIMIT:
            raise OverflowError
    return results


def compile_pattern(pattern: str) -> re.Pattern[str]:
    """Compile one pattern to a regex over normalised text; :class:`PatternError` if it is malformed."""
    return _compile(pattern)[0]


def _compile(pattern: str) -> tuple[re.Pattern[str], frozenset[str], frozenset[str]]:
    """The regex, and the pattern's whole words and word beginnings (for reading censored words)."""
    seq = _Parser(pattern).parse()
    if not _has_word(seq):
        raise PatternError("the pattern has no mandatory word")
    try:
        expansions = _expand_seq(seq)
    except OverflowError:
        expansions = []
    joined = "\n".join(expansions)
    doubled = re.search(r"([^\W\d_])\1", joined)
    if doubled:
        raise PatternError(
            f"{doubled.group()!r} across brackets can never match: messages have doubled letters "
            "collapsed to one, so write the letter once"
        )
    words: set[str] = set()
    prefixes: set[str] = set()
    for word in set(joined.split()):
        if word.isalnum():
            words.add(word)
        elif word.endswith("\x01") and word[:-1].isalnum():
            prefixes.add(word[:-1])
    return re.compile(f"(?<![^ ]){_seq_regex(seq)}(?![^ ])"), frozenset(words), frozenset(prefixes)


# --- the phrase files ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Rule:
    id: str
    language: str
    section: Section
    pattern: str
    note: str
    regex: re.Pattern[str]
    examples: tuple[str, ...] = ()
    words: frozenset[str] = frozenset()
    prefixes: frozenset[str] = frozenset()
    category: Category = "self"
    response: RuleResponse = "sos"

    @property
    def body(self) -> str:
        """The regex without its word-boundary lookarounds (for combining rules)."""
        return self.regex.pattern.removeprefix("(?<![^ ])").removesuffix("(?![^ ])")


CueKind = Literal["negation", "frame", "past", "resolved", "current", "third_party", "first_person"]
CUE_KINDS: Final[tuple[CueKind, ...]] = (
    "negation",
    "frame",
    "past",
    "resolved",
    "current",
    "third_party",
    "first_person",
)


@dataclass(frozen=True, slots=True)
class Context:
    """Cues around a match (docs/crisis-phrases.md, "Context"): each kind is a list of patterns."""

    patterns: Mapping[CueKind, tuple[str, ...]]

    def regex(self, kind: CueKind) -> re.Pattern[str] | None:
        return _cue_regex(self.patterns.get(kind, ()))

    def merged(self, other: Context) -> Context:
        return Context({k: (*self.patterns.get(k, ()), *other.patterns.get(k, ())) for k in CUE_KINDS})


@functools.lru_cache(maxsize=64)
def _cue_regex(patterns: tuple[str, ...]) -> re.Pattern[str] | None:
    if not patterns:
        return None
    bodies = [compile_pattern(p).pattern.removeprefix("(?<![^ ])").removesuffix("(?![^ ])") for p in patterns]
    return re.compile("(?<![^ ])(?:" + "|".join(f"(?:{b})" for b in bodies) + ")(?![^ ])")


@dataclass(frozen=True, slots=True)
class PhraseBook:
    language: str
    source: str
    explicit: tuple[Rule, ...]
    coded: tuple[Rule, ...]
    indirect: tuple[Rule, ...]
    exclude: tuple[Rule, ...]
    typos: frozenset[str] = frozenset()
    context: Context = Context({})

    def section(self, name: Section) -> tuple[Rule, ...]:
        rules: tuple[Rule, ...] = getattr(self, name)
        return rules

    @property
    def rules(self) -> Iterator[Rule]:
        for name in SECTIONS:
            yield from self.section(name)


_YAML_LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_ID = re.compile(r"[a-z0-9_]+")
_LANGUAGE = re.compile(r"[a-z]{2,3}")


def _check_rule(raw: object, where: str, language: str, section: Section, problems: list[str]) -> Rule | None:
    if not isinstance(raw, Mapping):
        problems.append(f"{where}: a rule must be a mapping with id, pattern and note")
        return None
    rule_id = raw.get("id")
    if not isinstance(rule_id, str) or not rule_id:
        problems.append(f"{where}: the rule has no id")
        return None
    label = f"{where.split(':')[0]}: {rule_id}"
    ok = True
    prefix = f"{language}.{section}."
    if not rule_id.startswith(prefix) or not _ID.fullmatch(rule_id[len(prefix) :]):
        problems.append(f"{label}: the id must be '{prefix}<name>' with a-z, 0-9 and _ in the name")
        ok = False
    unknown = sorted(str(k) for k in raw if k not in RULE_KEYS)
    if unknown:
        problems.append(f"{label}: unknown key(s) {', '.join(unknown)} (allowed: {', '.join(sorted(RULE_KEYS))})")
        ok = False
    note = raw.get("note")
    if not isinstance(note, str) or not note.strip():
        problems.append(f"{label}: note is missing or empty (say what the rule is for)")
        ok = False
    pattern = raw.get("pattern")
    regex: re.Pattern[str] | None = None
    words: frozenset[str] = frozenset()
    prefixes: frozenset[str] = frozenset()
    if not isinstance(pattern, str) or not pattern.strip():
        problems.append(f"{label}: pattern is missing or not text")
        ok = False
    else:
        try:
            regex, words, prefixes = _compile(pattern)
        except PatternError as exc:
            problems.append(f"{label}: pattern {pattern!r}: {exc}")
            ok = False
        except re.error as exc:  # pragma: no cover - the notation should never produce a bad regex
            problems.append(f"{label}: pattern {pattern!r}: {exc}")
            ok = False
    examples = raw.get("examples", [])
    if not isinstance(examples, list) or not all(isinstance(e, str) for e in examples):
        problems.append(f"{label}: examples must be a list of sentences")
        ok = False
        examples = []
    category = raw.get("category", "self")
    if category not in CATEGORIES:
        problems.append(f"{label}: category must be one of {', '.join(CATEGORIES)}")
        ok = False
    response = raw.get("response", "check_in" if section == "indirect" else "sos")
    if response not in RULE_RESPONSES:
        problems.append(f"{label}: response must be one of {', '.join(RULE_RESPONSES)}")
        ok = False
    if not ok or regex is None:
        return None
    assert isinstance(pattern, str) and isinstance(note, str)
    return Rule(
        rule_id, language, section, pattern, note.strip(), regex, tuple(examples), words, prefixes, category, response
    )


def parse_phrase_file(text: str, source: str, language: str) -> tuple[PhraseBook | None, list[str]]:
    """Validate and compile one file's text. Returns the book (None if broken) and the problems."""
    problems: list[str] = []
    try:
        data = yaml.load(text, Loader=_YAML_LOADER)  # noqa: S506 - a safe loader (libyaml's when available)
    except yaml.YAMLError as exc:
        return None, [f"{source}: not valid YAML: {exc}".replace("\n", " ")]
    if not isinstance(data, Mapping):
        return None, [f"{source}: the file must be a mapping with language and the lists {', '.join(SECTIONS)}"]
    unknown = sorted(str(k) for k in data if k not in (*SECTIONS, "language", "typos", "context"))
    if unknown:
        problems.append(
            f"{source}: unknown section(s) {', '.join(unknown)} "
            f"(allowed: language, {', '.join(SECTIONS)}, typos, context)"
        )
    if data.get("language") != language:
        problems.append(f"{source}: 'language: {language}' is required (the file name gives the language)")
    sections: dict[Section, list[Rule]] = {}
    for name in SECTIONS:
        raw_rules = data.get(name) or []
        if not isinstance(raw_rules, list):
            problems.append(f"{source}: {name} must be a list of rules")
            raw_rules = []
        rules = []
        for index, raw in enumerate(raw_rules):
            rule = _check_rule(raw, f"{source}: {name}[{index}]", language, name, problems)
            if rule is not None:
                rules.append(rule)
        sections[name] = rules
    seen: set[str] = set()
    for rule in (r for name in SECTIONS for r in sections[name]):
        if rule.id in seen:
            problems.append(f"{source}: {rule.id}: the id is used twice")
        seen.add(rule.id)
    typos = _check_typos(data.get("typos"), source, problems)
    context = _check_context(data.get("context"), source, problems)
    if problems:
        return None, problems
    book = PhraseBook(
        language,
        source,
        tuple(sections["explicit"]),
        tuple(sections["coded"]),
        tuple(sections["indirect"]),
        tuple(sections["exclude"]),
        typos,
        context,
    )
    return book, []


def _check_typos(raw: object, source: str, problems: list[str]) -> frozenset[str]:
    """The ``typos:`` list: keywords of 6+ letters (``~word`` for every form of it), matched within one edit."""
    if raw is None:
        return frozenset()
    if not isinstance(raw, list) or not all(isinstance(w, str) for w in raw):
        problems.append(f"{source}: typos must be a list of words")
        return frozenset()
    keywords: set[str] = set()
    for entry in raw:
        spellings = _any_form(entry[1:]) if entry.startswith("~") else _normalised_fragment(entry)
        if len(spellings) != 1 and not entry.startswith("~"):
            problems.append(f"{source}: typos: {entry!r} is not one word")
            continue
        long_enough = [w for w in spellings if len(w) >= MIN_TYPO_LENGTH]
        if not long_enough:
            problems.append(f"{source}: typos: {entry!r} is shorter than {MIN_TYPO_LENGTH} letters")
        keywords.update(long_enough)
    return frozenset(keywords)


def _check_context(raw: object, source: str, problems: list[str]) -> Context:
    """The ``context:`` block: for each cue kind, a list of patterns."""
    if raw is None:
        return Context({})
    if not isinstance(raw, Mapping):
        problems.append(f"{source}: context must be a mapping of {', '.join(CUE_KINDS)} to lists of patterns")
        return Context({})
    patterns: dict[CueKind, tuple[str, ...]] = {}
    for kind, items in raw.items():
        if kind not in CUE_KINDS:
            problems.append(f"{source}: context: unknown kind {kind!r} (allowed: {', '.join(CUE_KINDS)})")
            continue
        if not isinstance(items, list) or not all(isinstance(p, str) for p in items):
            problems.append(f"{source}: context: {kind} must be a list of patterns")
            continue
        for pattern in items:
            try:
                compile_pattern(pattern)
            except PatternError as exc:
                problems.append(f"{source}: context: {kind}: pattern {pattern!r}: {exc}")
        patterns[kind] = tuple(items)
    return Context(patterns)


def load_phrase_books(directory: Path | Traversable | None = None) -> dict[str, PhraseBook]:
    """Every ``<language>.yaml`` in the directory (default: the package's phrases/), validated and compiled.

    Raises :class:`PhraseDataError` with every problem found, across all files.
    """
    root: Path | Traversable = directory if directory is not None else resources.files("bot.safety") / "phrases"
    files = sorted((f for f in root.iterdir() if f.name.endswith(".yaml")), key=lambda f: f.name)
    problems: list[str] = []
    books: dict[str, PhraseBook] = {}
    if not files:
        raise PhraseDataError([f"{root}: no phrase files (<language>.yaml)"])
    for file in files:
        language = file.name.removesuffix(".yaml")
        source = f"bot/safety/phrases/{file.name}" if directory is None else str(file)
        if not _LANGUAGE.fullmatch(language):
            problems.append(f"{source}: the file name must be a language code such as en.yaml")
            continue
        book, found = parse_phrase_file(file.read_text(encoding="utf-8"), source, language)
        problems.extend(found)
        if book is not None:
            books[language] = book
    ids: dict[str, str] = {}
    for book in books.values():
        for rule in book.rules:
            if rule.id in ids:
                problems.append(f"{book.source}: {rule.id}: the id is also used in {ids[rule.id]}")
            ids[rule.id] = book.source
    words = vocabulary(books)
    for book in books.values():
        for rule in book.rules:
            for example in rule.examples:
                if not rule.regex.search(prepare(example, words)):
                    problems.append(f"{book.source}: {rule.id}: the example {example!r} does not match the pattern")
    if problems:
        raise PhraseDataError(problems)
    return books


def vocabulary(books: Mapping[str, PhraseBook]) -> Vocabulary:
    """The words of every risk rule (for censored words and spaced letters) and the typo keywords."""
    rules = [r for book in books.values() for name in RISK_SECTIONS for r in book.section(name)]
    keywords = frozenset().union(*(book.typos for book in books.values()))
    return Vocabulary(
        frozenset().union(*(r.words for r in rules)),
        frozenset().union(*(r.prefixes for r in rules)),
        Typos(keywords, _is_ordinary_russian_word) if keywords else None,
    )


_CYRILLIC_LETTER: Final = re.compile(r"[\u0430-\u044f]")  # а-я, escaped: no Russian text in code


def _is_ordinary_russian_word(word: str) -> bool:
    """A word in the Russian dictionary is not read as a typo of a keyword ("умерять" is not "умереть")."""
    return bool(_CYRILLIC_LETTER.search(word)) and bool(morph().word_is_known(word))


# A sentence ends at . ! ? ; … followed by a space (not inside "d!e" or "k.i.l.l"), or at a line break.
_SENTENCE_END: Final = re.compile(r"[.!?;…]+(?=\s|$)|\n+")


def prepare(text: str, words: Vocabulary) -> str:
    """A message as the rules see it (before exclusions are blanked): see :func:`prepare_sentences`."""
    return prepare_sentences(text, words)[0]


def prepare_sentences(text: str, words: Vocabulary) -> tuple[str, tuple[int, ...]]:
    """The message as the rules see it, and where each of its sentences starts in it.

    Each sentence is normalised; censored words are read, spaced letters joined ("d i e"), and one-edit typos
    of the listed keywords corrected ("suicde"). The sentences are joined by a space, so that rules still
    reach across them ("i bought a rope. i know what im doing with it").
    """
    out: list[str] = []
    starts: list[int] = []
    length = 0
    for sentence in _SENTENCE_END.split(text):
        normalised = normalise_words(sentence)
        if not normalised:
            continue
        if any("*" in w for w in normalised):
            normalised = read_censored(normalised, words)
        normalised = join_spaced_letters(normalised, words.words)
        if words.typos is not None:
            typos = words.typos
            normalised = [w if w in words.words else typos.correct(w) for w in normalised]
        joined = " ".join(normalised)
        starts.append(length + (1 if out else 0))
        length += len(joined) + (1 if out else 0)
        out.append(joined)
    return " ".join(out), tuple(starts)


@functools.cache
def default_phrase_books() -> dict[str, PhraseBook]:
    """The shipped phrase lists, loaded and compiled once per process."""
    return load_phrase_books()
