"""bot.safety.normalise: each step on its own, and the censored-word reader."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.safety.normalise import Typos, Vocabulary, join_spaced_letters, normalise, read_censored


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("I Want To DIE", "i want to die"),  # case
        ("ХОЧУ", "хочу"),
        ("kíll mysélf", "kil myself"),  # accents (and doubled letters)
        ("всё", "все"),  # ё -> е
        ("Ёлка", "елка"),
        ("мой бой", "мой бой"),  # й is kept
        ("soooo", "so"),  # repeated letters, three or more
        ("kill", "kil"),  # and two
        ("хочууу умеретььь", "хочу умереть"),
        ("k1ll mys3lf", "kil myself"),  # leetspeak
        ("$uicide 4ever", "suicide aever"),
        ("d!e", "die"),
        ("wow!!!", "wow"),  # "!" at a word edge is punctuation
        ("2020 and 2 pills", "2020 and 2 pils"),  # digits alone stay digits
        ("у6ью", "убью"),  # Cyrillic leetspeak
        ("с0бираюсь", "собираюсь"),
        ("xочу yмереть", "хочу умереть"),  # Latin look-alikes in Cyrillic words
        ("kіll myѕelf", "kil myself"),  # Cyrillic look-alikes in Latin words
        ("покончить c собой", "покончить с собой"),  # an ambiguous one-letter word takes its neighbours' alphabet
        ("I'm can’t", "im cant"),  # apostrophes
        ("self-harm...now!!! 😭", "self harm now"),  # punctuation and emoji
        ("kil\u200bl", "kil"),  # zero-width space
        ("ｋｉｌｌ", "kil"),  # full width
        ("s*icide *bold*", "s*icide bold"),  # a censoring "*" between letters is kept
        ("", ""),
    ],
)
def test_normalise(text: str, expected: str) -> None:
    assert normalise(text) == expected


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("abcekmopxyйёеаосрхук0134567@$!*'’ -.ABCЁЙ\u0301")), max_size=40))
def test_normalising_twice_changes_nothing(text: str) -> None:
    once = normalise(text)
    assert normalise(once) == once


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_normalise_never_raises(text: str) -> None:
    result = normalise(text)
    assert "  " not in result and result == result.strip()


VOCABULARY = Vocabulary(frozenset({"suicide", "kil", "die", "dye", "myself"}), frozenset({"suicid", "unaliv"}))


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("s*icide", "suicide"),
        ("su*c*de", "suicide"),
        ("k*l", "kil"),
        ("ki*l", "kil"),  # the star stood for a repeated letter
        ("d*e", "die"),  # several fit: the first in alphabetical order, always
        ("s*icidal", "suicidal"),  # a word beginning
        ("un*live", "unalive"),
        ("x*y", "x*y"),  # nothing fits: unchanged
        ("plain", "plain"),
    ],
)
def test_reading_censored_words(word: str, expected: str) -> None:
    assert read_censored([word], VOCABULARY) == [expected]


# --- spaced letters and typos ----------------------------------------------------------------------


KNOWN = frozenset({"i", "want", "to", "die", "kil", "myself", "хочу", "умереть", "а", "я", "в"})


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("i w a n t to d i e", ["i", "want", "to", "die"]),
        ("d i e", ["die"]),
        ("k i l l m y s e l f", ["kil", "myself"]),  # doubled letters collapse inside the joined word
        ("х о ч у у м е р е т ь", ["хочу", "умереть"]),  # the doubled у between two words is kept apart
        ("а я в шоке", ["а", "я", "в", "шоке"]),  # ordinary one-letter words stay as they are
        ("plan a b c", ["plan", "a", "b", "c"]),  # letters that spell no known word stay apart
        ("d i", ["d", "i"]),  # two letters are too common to join
    ],
)
def test_spaced_letters_are_joined_into_known_words(text: str, expected: list[str]) -> None:
    assert join_spaced_letters(normalise(text).split(), KNOWN) == expected


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("suicde", "suicide"),  # a letter dropped
        ("suiciide", "suicide"),  # added (before collapsing, here as typed)
        ("suicjde", "suicide"),  # changed
        ("suicdie", "suicide"),  # two swapped
        ("sucidal", "suicidal"),
        ("suit", "suit"),  # too short to guess
        ("sicide", "suicide"),
        ("suicidally", "suicidally"),  # two edits away: left alone
    ],
)
def test_one_edit_typos_of_keywords_are_read_as_the_keyword(word: str, expected: str) -> None:
    assert Typos(frozenset({"suicide", "suicidal"})).correct(word) == expected


def test_an_ordinary_word_is_never_read_as_a_typo() -> None:
    typos = Typos(frozenset({"умереть"}), is_ordinary_word=lambda w: w == "умерять")
    assert typos.correct("умиреть") == "умереть"
    assert typos.correct("умерять") == "умерять"
