"""Text normalisation for crisis-language matching.

Messages and phrase patterns go through the same steps, so that a pattern written in ordinary spelling
matches the ways people actually type:

1. Unicode NFKC (full-width and "fancy" letters become plain ones); invisible format characters (zero-width
   spaces, soft hyphens) are removed.
2. Case folding.
3. Accents are stripped ("kíll" -> "kill"); Russian ё becomes е, й is kept.
4. Words are split on everything that is not a letter or a digit: punctuation and emoji become spaces.
   Apostrophes are dropped ("i'm" -> "im", "can't" -> "cant").
5. Look-alike letters: inside a word that is Cyrillic, Latin a e o p c x y k m t h b become Cyrillic; inside a
   Latin word, their Cyrillic twins become Latin. A word made only of letters that exist in both alphabets
   ("c", "ceo", "сор") takes the alphabet of its nearest neighbour.
6. Leetspeak, only inside words that contain a letter: 0→o 1→i 3→e 4→a 5→s 7→t @→a $→s, and ! between two
   letters → i ("k1ll", "$uicide", "d!e"). In Cyrillic words 0→о 3→з 4→ч 6→б @→а ("у6ью").
7. A letter repeated two or more times becomes one ("kiiiill" -> "kil", "sleep" -> "slep", "хочууу" ->
   "хочу"), so that doubled and stretched letters never matter.
8. An asterisk between two letters is kept: people censor words ("s*icide", "k*ll"). :func:`read_censored` then
   reads such a word as the one word of the phrase lists it can stand for.

The result is the words joined by single spaces, with no leading or trailing space. Pure and total: never
raises for any str.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from typing import Literal

Script = Literal["latin", "cyrillic"]

# Look-alike letters (lower case, after case folding): Latin -> Cyrillic and back.
LATIN_TO_CYRILLIC: dict[str, str] = {
    "a": "а",
    "e": "е",
    "o": "о",
    "p": "р",
    "c": "с",
    "x": "х",
    "y": "у",
    "k": "к",
    "m": "м",
    "t": "т",
    "h": "н",
    "b": "в",
}
CYRILLIC_TO_LATIN: dict[str, str] = {cyr: lat for lat, cyr in LATIN_TO_CYRILLIC.items()} | {
    "і": "i",
    "ј": "j",
    "ѕ": "s",
    "ԁ": "d",
    "ԛ": "q",
    "ԝ": "w",
}
# Letters that NFD does not decompose but that people use for their plain twin.
_EXTRA_FOLDS = str.maketrans({"ı": "i", "ł": "l", "ø": "o", "đ": "d", "ħ": "h", "ŧ": "t", "ƶ": "z"})

LEET_LATIN: dict[str, str] = {
    "0": "o",
    "1": "i",
    "3": "e",
    "4": "a",
    "5": "s",
    "7": "t",
    "@": "a",
    "$": "s",
    "!": "i",
}
LEET_CYRILLIC: dict[str, str] = {"0": "о", "3": "з", "4": "ч", "6": "б", "@": "а"}

_APOSTROPHES = "'’‘ʼ`´"
_SYMBOLS = "@$!*"  # kept inside a token for the steps below, never in the output except "*" between letters
_TOKEN = re.compile(r"(?:[^\W_]|[" + re.escape(_APOSTROPHES + _SYMBOLS) + r"])+")
_BREVE = "\u0306"


def _is_letter(ch: str) -> bool:
    return ch.isalpha()


def _script_of_letter(ch: str) -> Script | None:
    if "a" <= ch <= "z":
        return "latin"
    if "\u0400" <= ch <= "\u04ff" or "\u0500" <= ch <= "\u052f":
        return "cyrillic"
    if ch.isalpha() and ord(ch) < 0x250:  # other Latin letters (after accent stripping: rare)
        return "latin"
    return None


def _fold(text: str) -> str:
    """Steps 1-3: NFKC, drop format characters, casefold, strip accents (keep й, ё -> е)."""
    text = unicodedata.normalize("NFKC", text)
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Cf")
    text = text.casefold()
    out: list[str] = []
    for ch in unicodedata.normalize("NFD", text):
        if unicodedata.combining(ch):
            if ch == _BREVE and out and out[-1] == "и":
                out.append(ch)
            continue
        out.append(ch)
    return unicodedata.normalize("NFC", "".join(out)).translate(_EXTRA_FOLDS)


def _raw_tokens(text: str) -> list[str]:
    """Runs of letters, digits, apostrophes and the leet/censor symbols; everything else separates."""
    return _TOKEN.findall(text)


def _clean_symbols(token: str) -> str:
    """Drop apostrophes; keep @ $ ! * only where they can stand for a letter."""
    token = "".join(ch for ch in token if ch not in _APOSTROPHES)
    if not any(_is_letter(ch) for ch in token):
        return "".join(ch for ch in token if ch.isdigit())
    out: list[str] = []
    for i, ch in enumerate(token):
        if ch in "!*":
            before = token[i - 1] if i > 0 else ""
            after = token[i + 1] if i + 1 < len(token) else ""
            if not (before.isalnum() and after.isalnum()):
                continue
        out.append(ch)
    return "".join(out)


def _own_script(token: str) -> Script | None:
    """The alphabet of a word from its letters that exist in only one alphabet; None if undecided."""
    latin = cyrillic = 0
    for ch in token:
        script = _script_of_letter(ch)
        if script == "latin" and ch not in LATIN_TO_CYRILLIC:
            latin += 1
        elif script == "cyrillic" and ch not in CYRILLIC_TO_LATIN:
            cyrillic += 1
    if latin > cyrillic:
        return "latin"
    if cyrillic > latin:
        return "cyrillic"
    return None


def _resolve_scripts(tokens: list[str]) -> list[Script | None]:
    own = [_own_script(t) if any(_is_letter(ch) for ch in t) else None for t in tokens]
    resolved: list[Script | None] = list(own)
    for i, script in enumerate(own):
        if script is not None or not any(_is_letter(ch) for ch in tokens[i]):
            continue
        left = next((own[j] for j in range(i - 1, -1, -1) if own[j] is not None), None)
        right = next((own[j] for j in range(i + 1, len(own)) if own[j] is not None), None)
        resolved[i] = left or right or _written_script(tokens[i])
    return resolved


def _written_script(token: str) -> Script | None:
    """The alphabet most of a word's letters are written in (for a word with no neighbours to go by)."""
    scripts = [_script_of_letter(ch) for ch in token]
    latin, cyrillic = scripts.count("latin"), scripts.count("cyrillic")
    if latin == cyrillic == 0:
        return None
    return "cyrillic" if cyrillic > latin else "latin"


def _map_token(token: str, script: Script | None) -> str:
    has_letter = any(_is_letter(ch) for ch in token)
    if script == "cyrillic":
        look, leet = LATIN_TO_CYRILLIC, LEET_CYRILLIC
    elif script == "latin":
        look, leet = CYRILLIC_TO_LATIN, LEET_LATIN
    else:
        look, leet = {}, LEET_LATIN
    out: list[str] = []
    for ch in token:
        if ch in look:
            out.append(look[ch])
        elif has_letter and ch in leet:
            out.append(leet[ch])
        elif ch.isalnum() or ch == "*":
            out.append(ch)
    return "".join(out)


def _collapse(token: str) -> str:
    out: list[str] = []
    for ch in token:
        if out and ch == out[-1] and (ch.isalpha() or ch == "*"):
            continue
        out.append(ch)
    return "".join(out)


def normalise_words(text: str) -> list[str]:
    """The normalised words of a text (see the module docstring)."""
    tokens = [t for t in (_clean_symbols(t) for t in _raw_tokens(_fold(text))) if t]
    for _ in range(4):  # mapping can settle a neighbour's alphabet ("3е" -> "зе"), so map until nothing changes
        mapped = [_map_token(t, s) for t, s in zip(tokens, _resolve_scripts(tokens), strict=True)]
        if mapped == tokens:
            break
        tokens = mapped
    words = (_collapse(t) for t in tokens)
    return [w.strip("*") for w in words if w.strip("*")]


def normalise(text: str) -> str:
    """The normalised text: words joined by single spaces."""
    return " ".join(normalise_words(text))


class Vocabulary:
    """The words (and word beginnings, from ``stem*``) that phrase patterns are made of.

    Used to read censored words: "s*icide" and "k*ll" are read as the pattern word they can only be.
    """

    def __init__(self, words: frozenset[str], prefixes: frozenset[str], typos: Typos | None = None) -> None:
        self.words = words
        self.prefixes = prefixes
        self.typos = typos
        table: dict[int, list[str]] = {}
        for word in sorted(words):
            table.setdefault(len(word), []).append(word)
        self._by_length = {length: tuple(ws) for length, ws in table.items()}
        self._prefixes_longest_first = tuple(sorted(prefixes, key=lambda p: (-len(p), p)))

    def read_censored(self, word: str) -> str:
        """The vocabulary word a censored word stands for, or the word unchanged.

        Each "*" stands for one letter, or for a repeat of its neighbour ("ki*l" is "kill"). Deterministic: whole
        words before word beginnings, then alphabetical order.
        """
        if "*" not in word:
            return word
        for variant in _censor_variants(word):
            for candidate in self._by_length.get(len(variant), ()):
                if _fits(variant, candidate):
                    return candidate
        for variant in _censor_variants(word):
            for prefix in self._prefixes_longest_first:
                if len(prefix) <= len(variant) and _fits(variant[: len(prefix)], prefix):
                    return prefix + variant[len(prefix) :].replace("*", "")
        return word


def _censor_variants(word: str) -> list[str]:
    """The word with each "*" kept (one letter) or dropped (a doubled letter), at most 3 stars considered."""
    variants = [""]
    stars = 0
    for ch in word:
        if ch == "*" and stars < 3:
            stars += 1
            variants = [v + tail for v in variants for tail in ("*", "")]
        else:
            variants = [v + ch for v in variants]
    return [_collapse(v) for v in variants if v.strip("*")]


def _fits(censored: str, word: str) -> bool:
    return len(censored) == len(word) and all(c in ("*", w) for c, w in zip(censored, word, strict=True))


def read_censored(words: list[str], vocabulary: Vocabulary) -> list[str]:
    """Replace censored words by the vocabulary word they stand for (see :meth:`Vocabulary.read_censored`)."""
    return [vocabulary.read_censored(w) for w in words]


# --- spaced letters and typos (need the phrase lists' words, so applied by phrasebook.prepare) ------------

MIN_SPACED_RUN = 3  # "d i e" is joined; two single letters ("a b") are too common to join


def join_spaced_letters(words: list[str], known: frozenset[str]) -> list[str]:
    """Join runs of single letters ("i w a n t to d i e" -> "i want to die").

    A run of at least three single letters is read as the fewest known words (the words of the phrase lists) it
    spells: "iwant" -> "i want", "killmyself" -> "kil myself". A run that spells no known words stays as it was,
    so ordinary runs of one-letter words ("а я в шоке") are left alone.
    """
    if sum(1 for w in words if len(w) == 1) < MIN_SPACED_RUN:
        return words
    out: list[str] = []
    run: list[str] = []
    for word in [*words, ""]:
        if len(word) == 1 and word.isalpha():
            run.append(word)
            continue
        if len(run) >= MIN_SPACED_RUN:
            out.extend(_segment("".join(run), known) or run)
        else:
            out.extend(run)
        run = []
        if word:
            out.append(word)
    return out


def _segment(joined: str, known: frozenset[str]) -> list[str] | None:
    """The joined letters as the fewest known words (doubled letters collapsed), or None."""
    best: list[list[str] | None] = [[], *([None] * len(joined))]
    for end in range(1, len(joined) + 1):
        for start in range(max(0, end - 24), end):
            head = best[start]
            piece = _collapse(joined[start:end])
            if head is not None and (piece in known or piece in ("i", "я")):
                candidate = [*head, piece]
                current = best[end]
                if current is None or len(candidate) < len(current):
                    best[end] = candidate
    return best[len(joined)]


MIN_TYPO_LENGTH = 6  # shorter words are one edit away from too many ordinary words


class Typos:
    """Listed keywords (6+ letters) matched within one edit: a letter added, dropped, changed or two swapped."""

    def __init__(self, keywords: frozenset[str], is_ordinary_word: Callable[[str], bool] | None = None) -> None:
        self.keywords = keywords
        self._is_ordinary_word = is_ordinary_word
        self._by_deletion: dict[str, set[str]] = {}
        for keyword in keywords:
            for variant in {keyword, *_deletions(keyword)}:
                self._by_deletion.setdefault(variant, set()).add(keyword)

    def correct(self, word: str) -> str:
        """The keyword the word is a one-edit typo of, or the word unchanged."""
        if len(word) < MIN_TYPO_LENGTH - 1 or word in self.keywords or not self._by_deletion:
            return word
        candidates: set[str] = set()
        for variant in {word, *_deletions(word)}:
            candidates |= self._by_deletion.get(variant, set())
        matches = sorted(k for k in candidates if _within_one_edit(word, k))
        if not matches or (self._is_ordinary_word is not None and self._is_ordinary_word(word)):
            return word
        return matches[0]


def _deletions(word: str) -> set[str]:
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


def _within_one_edit(a: str, b: str) -> bool:
    """Optimal string alignment distance <= 1 (insertion, deletion, substitution or adjacent swap)."""
    if a == b:
        return True
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diffs = [i for i in range(len(a)) if a[i] != b[i]]
        if len(diffs) == 1:
            return True
        if len(diffs) != 2 or diffs[1] != diffs[0] + 1:
            return False
        first, second = diffs
        return a[first] == b[second] and a[second] == b[first]
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    return any(long_[:i] + long_[i + 1 :] == short for i in range(len(long_)))
