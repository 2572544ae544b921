"""Every form of a word, for the ``~word`` pattern token ("any form of this word").

Forms are generated once, when the phrase files are compiled, so matching a message costs nothing extra:
``~убить`` becomes ``(убить|убил|убила|убью|убей|…)`` and ``~starve`` becomes ``(starve|starves|starved|
starving)``. Russian uses the pymorphy3 dictionary (every parse of the word, participles left out: they read as
adjectives and would only add noise); English uses the small rules below and a table of irregular verbs.
"""

from __future__ import annotations

import functools
import re
from typing import Any

_VOWELS = "aeiou"
# Irregular English verbs that turn up in risk language: base -> other forms.
_IRREGULAR: dict[str, tuple[str, ...]] = {
    "be": ("am", "is", "are", "was", "were", "been", "being"),
    "beat": ("beats", "beaten", "beating"),
    "bite": ("bit", "bitten"),
    "bleed": ("bled",),
    "break": ("broke", "broken"),
    "bring": ("brought",),
    "burn": ("burnt",),
    "buy": ("bought",),
    "catch": ("caught",),
    "choose": ("chose", "chosen"),
    "cut": ("cut",),
    "die": ("dying",),
    "do": ("does", "did", "done", "doing"),
    "drink": ("drank", "drunk"),
    "drive": ("drove", "driven"),
    "eat": ("ate", "eaten"),
    "fall": ("fell", "fallen"),
    "feel": ("felt",),
    "fight": ("fought",),
    "find": ("found",),
    "forget": ("forgot", "forgotten"),
    "get": ("got", "gotten"),
    "give": ("gave", "given"),
    "go": ("goes", "went", "gone", "going"),
    "hang": ("hung",),
    "have": ("has", "had", "having"),
    "hide": ("hid", "hidden"),
    "hit": ("hit",),
    "hold": ("held",),
    "hurt": ("hurt",),
    "keep": ("kept",),
    "leave": ("left",),
    "lie": ("lay", "lain", "lying"),
    "lose": ("lost",),
    "make": ("made",),
    "run": ("ran",),
    "say": ("said",),
    "see": ("saw", "seen"),
    "sell": ("sold",),
    "send": ("sent",),
    "shoot": ("shot",),
    "sleep": ("slept",),
    "slit": ("slit",),
    "speak": ("spoke", "spoken"),
    "stab": ("stabbed", "stabbing"),
    "steal": ("stole", "stolen"),
    "strike": ("struck",),
    "swallow": ("swallowed",),
    "swear": ("swore", "sworn"),
    "take": ("took", "taken"),
    "tear": ("tore", "torn"),
    "tell": ("told",),
    "think": ("thought",),
    "throw": ("threw", "thrown"),
    "wake": ("woke", "woken"),
    "write": ("wrote", "written"),
}
_CYRILLIC = re.compile(r"[\u0430-\u044f\u0451]")  # а-я, ё, escaped: no Russian text in code
_YO, _YE = chr(0x451), chr(0x435)  # ё is read as е, as in messages


def forms(word: str) -> tuple[str, ...]:
    """The word and its inflected forms (sorted, the word first). Unknown Russian words give only themselves."""
    word = word.lower()
    found = _russian_forms(word) if _CYRILLIC.search(word) else _english_forms(word)
    return (word, *sorted(found - {word}))


@functools.cache
def morph() -> Any:  # pymorphy3 has no type hints
    """The Russian morphological dictionary, loaded once (about 0.1 s)."""
    import pymorphy3  # imported here: only the phrase compiler and the typo check need it

    return pymorphy3.MorphAnalyzer(lang="ru")


def _russian_forms(word: str) -> set[str]:
    found = {word}
    for parse in morph().parse(word):
        if parse.word.replace(_YO, _YE) != word.replace(_YO, _YE) or not parse.is_known:
            continue
        for form in parse.lexeme:
            if {"PRTF", "PRTS"} & set(form.tag.grammemes):
                continue
            found.add(form.word)
    return found


def _english_forms(word: str) -> set[str]:
    found = {word, *_IRREGULAR.get(word, ())}
    found.add(_third_person(word))
    if word.endswith("e") and not word.endswith(("ee", "ye", "oe")):
        found |= {word + "d", word[:-1] + "ing"}
    elif word.endswith("y") and len(word) > 2 and word[-2] not in _VOWELS:
        found |= {word[:-1] + "ied", word + "ing"}
    else:
        found |= {word + "ed", word + "ing"}
    if word.endswith("ie"):
        found.add(word[:-2] + "ying")
    return found


def _third_person(word: str) -> str:
    if word.endswith(("s", "x", "z", "ch", "sh", "o")):
        return word + "es"
    if word.endswith("y") and len(word) > 2 and word[-2] not in _VOWELS:
        return word[:-1] + "ies"
    return word + "s"


@functools.lru_cache(maxsize=8192)
def is_first_person_verb(word: str) -> bool:
    """Whether a Russian word is most likely a verb in the first person ("отправлю", "хочу"): Russian often drops
    "я", so the verb alone says who acts. Only the most likely parse counts; English words are never."""
    if not _CYRILLIC.search(word):
        return False
    parses = morph().parse(word)
    return bool(parses) and {"VERB", "1per"} <= set(parses[0].tag.grammemes)
