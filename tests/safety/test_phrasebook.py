"""The pattern notation of the phrase files (bot.safety.phrasebook)."""

from __future__ import annotations

import pytest

from bot.safety.normalise import normalise
from bot.safety.phrasebook import PatternError, compile_pattern


def matches(pattern: str, text: str) -> bool:
    return compile_pattern(pattern).search(normalise(text)) is not None


@pytest.mark.parametrize(
    ("pattern", "text", "expected"),
    [
        ("kill myself", "i want to kill myself", True),
        ("kill myself", "skill myselfie", False),  # whole words only
        ("kill*", "killing", True),  # * = any ending
        ("kill* myself", "killed myself", True),
        ("(want|need) to die", "i need to die", True),
        ("i [really|just] want to die", "i want to die", True),
        ("i [really|just] want to die", "i really want to die", True),
        ("i [really|just] want to die", "i truly want to die", False),
        ("want ... die", "want to just die", True),  # up to 3 words
        ("want ... die", "want to go and then die", False),
        ("want ...5 die", "want to go and then die", True),
        ("# kms", "ran 10 kms", True),  # a number
        ("# kms", "ran ten kms", False),
        ("уб(ить|ью) себя", "убью себя", True),  # alternatives inside a word
        ("уб(ить|ью) себя", "убила себя", False),
        ("(i am|im) done", "i'm done", True),  # apostrophes are ignored
        ("self-harm", "self harm", True),  # hyphens are spaces
        ("kill myself|end my life", "i want to end my life", True),  # top-level alternatives
        ("sleep forever", "sleeeep foreverrr", True),  # doubled letters collapse on both sides
        ("[a] rope", "a rope", True),
        ("rope [now]", "rope", True),
        ("~starve myself", "i keep starving myself", True),  # ~word: any form of the word
        ("~starve myself", "she starves herself", False),
        ("~take all my pills", "took all my pills", True),  # irregular forms too
        ("~убить себя", "убила себя", True),  # Russian forms from the dictionary
        ("~убить себя", "убийца себя", False),  # a different word of the same root is not a form
        ("себя ~убить", "себя убью", True),
    ],
)
def test_notation(pattern: str, text: str, expected: bool) -> None:
    assert matches(pattern, text) is expected


@pytest.mark.parametrize(
    ("pattern", "problem"),
    [
        ("", "empty"),
        ("(kill myself", "missing ')'"),
        ("kill myself)", "unbalanced brackets"),
        ("[kill myself", "missing ']'"),
        ("kill? myself", "'?' is not allowed"),
        ("kill . myself", "a lone '.'"),
        ("want ...0 die", "a gap is 1 to 9 words"),
        ("[maybe]", "no mandatory word"),
        ("want * die", "only '*'"),
        ("kill[s]", "a space is missing"),
        ("kis(s|ses)", "across brackets"),
        ("a||b", "an empty alternative"),
    ],
)
def test_malformed_patterns_are_explained(pattern: str, problem: str) -> None:
    with pytest.raises(PatternError, match=problem.replace("?", r"\?").replace("(", r"\(").replace(")", r"\)")):
        compile_pattern(pattern)


def test_a_tilde_needs_a_word() -> None:
    with pytest.raises(PatternError, match="'~' must be followed by a word"):
        compile_pattern("~ myself")


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("starve", {"starve", "starves", "starved", "starving"}),
        ("cry", {"cry", "cries", "cried", "crying"}),
        ("take", {"take", "takes", "took", "taken", "taking"}),
        ("покончить", {"покончить", "покончу", "покончил", "покончила", "покончит"}),
        ("таблетка", {"таблетка", "таблетки", "таблеток", "таблетками"}),
    ],
)
def test_forms_of_a_word(word: str, expected: set[str]) -> None:
    from bot.safety.wordforms import forms

    found = forms(word)
    assert found[0] == word
    assert expected <= set(found)
