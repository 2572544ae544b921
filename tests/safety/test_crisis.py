"""Crisis-language detection: the issue's examples, normalisation, determinism, robustness, data, corpus."""

from __future__ import annotations

import json
import os
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.safety.crisis import Assessment, assess
from bot.safety.phrasebook import PhraseDataError, load_phrase_books
from tests.safety.corpus_data import LANGUAGES, load_categories, load_full, load_part

RULE_ID = re.compile(r"(en|ru)\.(explicit|coded|indirect)\.[a-z0-9_]+")
ROOT = Path(__file__).resolve().parents[2]


# --- the examples ---------------------------------------------------------------------------

EXPLICIT = [
    ("I want to kill myself", "en"),
    ("I'm going to end it tonight", "en"),
    ("I have the pills ready", "en"),
    ("kms", "en"),
    ("i want to unalive myself", "en"),
    ("i just want to sleep forever and not wake up", "en"),
    ("убить себя", "ru"),
    ("убью себя", "ru"),
    ("хочу покончить с собой", "ru"),
    ("хочу умереть", "ru"),
    ("не хочу жить", "ru"),
    ("лучше бы меня не было", "ru"),
    ("хочу выпилиться", "ru"),
]
INDIRECT = [
    ("everyone would be better off without me", "en"),
    ("I can't go on", "en"),
    ("no reason to live anymore", "en"),
    ("I won't be a problem much longer", "en"),
    ("this is my goodbye", "en"),
    ("I've written letters to my family", "en"),
    ("суицид", "ru"),
    ("самоубийство", "ru"),
    ("всем будет лучше без меня", "ru"),
]
NO_RISK = [
    ("this deadline is killing me", "en"),
    ("I killed it at the presentation", "en"),
    ("my grandmother died last year", "en"),
    ("I'm dying to see the new movie", "en"),
    ("I'm dead tired", "en"),
    ("this cake is to die for", "en"),
    ("I died laughing", "en"),
    ("kill the process and restart it", "en"),
    ("надо убить время до встречи", "ru"),
    ("убил вечер на сериал", "ru"),
    ("до смерти устал", "ru"),
    ("умираю от смеха", "ru"),
    ("бабушка умерла в прошлом году", "ru"),
]


@pytest.mark.parametrize(("text", "language"), EXPLICIT)
def test_explicit_and_coded_statements_are_explicit(text: str, language: str) -> None:
    assessment = assess(text, language)
    assert assessment.level == "explicit", assessment
    assert assessment.is_risk


@pytest.mark.parametrize(("text", "language"), INDIRECT)
def test_indirect_statements_are_indirect(text: str, language: str) -> None:
    assessment = assess(text, language)
    assert assessment.level == "indirect", assessment
    assert assessment.is_risk


@pytest.mark.parametrize(("text", "language"), NO_RISK)
def test_ordinary_speech_is_not_risk(text: str, language: str) -> None:
    assert assess(text, language) == Assessment("none", None)
    assert not assess(text, language).is_risk


def test_a_third_partys_risk_routes_to_support_as_indirect() -> None:
    assert assess("my friend said she wants to kill herself", "en").level == "indirect"
    assert assess("брат написал что не хочет жить", "ru").level == "indirect"


def test_an_idiom_does_not_hide_risk_elsewhere_in_the_message() -> None:
    assert assess("this deadline is killing me and i want to kill myself").level == "explicit"
    assert assess("i'm not suicidal but i want to die").level == "explicit"
    assert assess("убил вечер на сериал, а теперь хочу умереть").level == "explicit"


def test_rules_are_ids_never_text() -> None:
    assessment = assess("I want to kill myself, everyone would be better off without me", "en")
    assert assessment.level == "explicit"
    assert {"en.explicit.kill_myself", "en.indirect.better_off_without_me"} <= set(assessment.rules)
    assert all(RULE_ID.fullmatch(rule) for rule in assessment.rules)


# --- languages --------------------------------------------------------------------------------------


def test_every_languages_explicit_rules_apply_whatever_the_language() -> None:
    assert assess("хочу умереть", "en").level == "explicit"
    assert assess("i want to kill myself", "ru").level == "explicit"


def test_indirect_rules_apply_for_their_language_and_when_the_language_is_unknown() -> None:
    assert assess("жить незачем", "ru").level == "indirect"
    assert assess("жить незачем", None).level == "indirect"
    assert assess("жить незачем", "de").level == "indirect"
    assert assess("жить незачем", "en").level == "none"  # only explicit and coded rules cross languages


@pytest.mark.parametrize("language", ["en", "EN", "en-GB", "en_US", " en "])
def test_language_tags_are_read_by_their_primary_subtag(language: str) -> None:
    assert assess("i can't go on", language).level == "indirect"


@pytest.mark.parametrize("text", ["", " ", "\n\t", "😭😭😭", "...", "123"])
def test_empty_and_symbol_only_messages_are_not_risk(text: str) -> None:
    assert assess(text) == Assessment("none", None)


# --- normalisation (each step has a test) ------------------------------------------------------------


@pytest.mark.parametrize(
    ("step", "text", "language"),
    [
        ("case", "I WANT TO DIE", "en"),
        ("case", "ХОЧУ УМЕРЕТЬ", "ru"),
        ("accents", "I want to kíll mysélf", "en"),
        ("accents, ё", "сведу счёты с жизнью", "ru"),
        ("accents, ё written as е", "сведу счеты с жизнью", "ru"),
        ("repeated letters", "i want to kiiiiill myseeeelf", "en"),
        ("repeated letters", "i want to dieeeee", "en"),
        ("repeated letters", "хочууу умеретььь", "ru"),
        ("doubled letters dropped by a typo", "i want to kil myself", "en"),
        ("leetspeak", "k1ll mys3lf", "en"),
        ("leetspeak", "$uicide", "en"),
        ("leetspeak", "i want to d!e", "en"),
        ("leetspeak, Cyrillic", "у6ью себя", "ru"),
        ("leetspeak, Cyrillic", "с0бираюсь покончить с собой", "ru"),
        ("Latin look-alikes in a Cyrillic word", "xочу yмереть", "ru"),
        ("Latin look-alike as a one-letter word", "покончить c собой", "ru"),
        ("Cyrillic look-alikes in a Latin word", "kіll myѕelf", "en"),
        ("punctuation and emoji", "i...want...to...die😭😭!!!", "en"),
        ("apostrophes", "I’m gonna kill myself", "en"),
        ("zero-width characters", "kil\u200bl myself", "en"),
        ("full-width letters", "ｋｉｌｌ ｍｙｓｅｌｆ", "en"),
        ("censored words", "thinking about s*icide", "en"),
        ("censored words", "k*ll myself", "en"),
        ("hyphens", "i want to self-harm", "en"),
    ],
)
def test_normalisation_step(step: str, text: str, language: str) -> None:
    assert assess(text, language).is_risk, step


def test_leetspeak_applies_only_inside_words_with_letters() -> None:
    assert assess("i want 2 die").is_risk  # "2" stays a number...
    assert assess("ran 10 kms this morning") == Assessment("none", None)  # ...and so does "10"


def test_russian_short_i_is_not_merged_with_i() -> None:
    assert assess("хочу убить себя").is_risk
    assert not assess("хочу убить сеья").is_risk  # a different word stays different


# --- determinism, robustness, speed -----------------------------------------------------------------


def test_the_same_text_always_routes_the_same_way() -> None:
    texts = [s for lang in LANGUAGES for part in load_full(lang).values() for s in part]
    first = [assess(t) for t in texts]
    assert [assess(t) for t in texts] == first


def test_routing_does_not_depend_on_the_process_or_hash_seed() -> None:
    script = (
        "import json, sys\n"
        "from bot.safety.crisis import assess\n"
        "texts = json.load(sys.stdin)\n"
        "print(json.dumps([[a.level, list(a.rules)] for a in map(assess, texts)]))\n"
    )
    texts = load_part("en", "tuning")["risk"][:60] + load_part("ru", "tuning")["risk"][:60] + ["s*icide", "k*ll"]
    outputs = []
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        done = subprocess.run(
            [sys.executable, "-c", script],
            input=json.dumps(texts),
            capture_output=True,
            text=True,
            cwd=ROOT,
            env=env,
            check=True,
        )
        outputs.append(done.stdout)
    assert outputs[0] == outputs[1]
    assert json.loads(outputs[0]) == [[a.level, list(a.rules)] for a in map(assess, texts)]


@settings(max_examples=400, deadline=None)
@given(text=st.text(), language=st.sampled_from([None, "en", "ru", "de", "", "EN-gb", "ru_RU", "xx-\u0000"]))
def test_never_raises_for_any_string(text: str, language: str | None) -> None:
    assessment = assess(text, language)
    assert assessment.level in ("none", "indirect", "explicit")
    assert assessment.is_risk == (assessment.level != "none")
    assert assessment.is_risk == bool(assessment.rules)
    assert all(RULE_ID.fullmatch(rule) for rule in assessment.rules)


@settings(max_examples=300, deadline=None)
@given(
    text=st.text(
        alphabet=st.sampled_from(list("kilmysefdатьсоуеxp0134567@$!*'’ -.ёйЁЙ\u200b\u0301\u0306😭")), max_size=60
    )
)
def test_never_raises_on_adversarial_mixtures(text: str) -> None:
    assert assess(text) == assess(text)


def test_typical_assessment_takes_well_under_a_millisecond() -> None:
    texts = [s for lang in LANGUAGES for part in load_full(lang).values() for s in part]
    assess("warm up")
    samples = []
    for text in texts:
        started = time.perf_counter()
        assess(text)
        samples.append(time.perf_counter() - started)
    assert statistics.median(samples) < 0.001


# --- the phrase files -------------------------------------------------------------------------------


def test_the_shipped_phrase_files_validate() -> None:
    books = load_phrase_books()
    assert set(books) == {"en", "ru"}
    for book in books.values():
        assert book.explicit and book.coded and book.indirect and book.exclude


def test_every_rule_example_routes_through_its_rule() -> None:
    """Examples are checked against the rule alone at load; here, through the whole detector (exclusions too)."""
    for language, book in load_phrase_books().items():
        for name in ("explicit", "coded", "indirect"):
            for rule in book.section(name):
                for example in rule.examples:
                    assert rule.id in assess(example, language).rules, (rule.id, example)
        for rule in book.exclude:
            for example in rule.examples:
                assert not assess(example, language).is_risk, (rule.id, example)


def write_phrases(tmp_path: Path, body: str, name: str = "en.yaml") -> Path:
    (tmp_path / name).write_text(body, encoding="utf-8")
    return tmp_path


GOOD_RULE = '  - id: en.explicit.ok\n    pattern: "kill myself"\n    note: fine\n'


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (
            'language: en\nexplicit:\n  - id: en.explicit.bad\n    pattern: "(kill myself"\n    note: broken\n',
            "en.yaml: en.explicit.bad: pattern '(kill myself': missing ')'",
        ),
        (
            'language: en\nexplicit:\n  - id: en.explicit.bad\n    pattern: "kill [my|] self"\n    note: x\n',
            "en.explicit.bad: pattern 'kill [my|] self': an empty alternative inside [ ]",
        ),
        (
            'language: en\nexplicit:\n  - id: en.explicit.bad\n    pattern: "kis(s|ses)"\n    note: x\n',
            "en.explicit.bad: pattern 'kis(s|ses)': 'ss' across brackets can never match",
        ),
        (
            'language: en\nexplicit:\n  - id: en.explicit.bad\n    pattern: "kill? myself"\n    note: x\n',
            "en.explicit.bad: pattern 'kill? myself': the character '?' is not allowed",
        ),
        (
            'language: en\nexplicit:\n  - id: en.explicit.bad\n    pattern: "want ...12 die"\n    note: x\n',
            "a gap is 1 to 9 words",
        ),
        (
            'language: en\nexplicit:\n  - id: en.explicit.bad\n    pattern: "kill myself"\n',
            "en.explicit.bad: note is missing",
        ),
        (
            'language: en\nexplicit:\n  - id: en.explicit.bad\n    pattern: "kill myself"\n    note: x\n    level: 3\n',
            "en.explicit.bad: unknown key(s) level",
        ),
        (
            'language: en\nexplicit:\n  - id: ru.explicit.bad\n    pattern: "x"\n    note: x\n',
            "must be 'en.explicit.<name>'",
        ),
        ("language: en\nexplicit:\n" + GOOD_RULE + GOOD_RULE, "en.explicit.ok: the id is used twice"),
        (
            'language: en\nexplicit:\n  - id: en.explicit.bad\n    pattern: "kill myself"\n    note: x\n'
            '    examples: ["i want to die"]\n',
            "en.explicit.bad: the example 'i want to die' does not match the pattern",
        ),
        ("language: en\nexplicite:\n" + GOOD_RULE, "unknown section(s) explicite"),
        ("language: ru\nexplicit:\n" + GOOD_RULE, "'language: en' is required"),
        ("language: en\nexplicit: [\n", "not valid YAML"),
    ],
)
def test_a_broken_phrase_file_gives_a_clear_error(tmp_path: Path, body: str, message: str) -> None:
    with pytest.raises(PhraseDataError) as caught:
        load_phrase_books(write_phrases(tmp_path, body))
    assert message in str(caught.value)


def test_every_problem_is_reported_at_once(tmp_path: Path) -> None:
    body = (
        "language: en\nexplicit:\n"
        '  - id: en.explicit.one\n    pattern: "(a"\n    note: x\n'
        '  - id: en.explicit.two\n    pattern: "b]"\n    note: x\n'
    )
    with pytest.raises(PhraseDataError) as caught:
        load_phrase_books(write_phrases(tmp_path, body))
    assert len(caught.value.problems) == 2


# --- the corpus ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_corpus_is_big_enough_and_consistent(language: str) -> None:
    full = load_full(language)
    assert len(full["risk"]) >= 120
    assert len(full["no_risk"]) >= 200
    assert not set(full["risk"]) & set(full["no_risk"]), "a sentence is labelled both ways"
    for label in ("risk", "no_risk"):
        assert len(set(full[label])) == len(full[label]), "a sentence is listed twice"
    heldout = load_part(language, "heldout")
    assert len(heldout["risk"]) >= 25 and len(heldout["no_risk"]) >= 40
    tuning = load_part(language, "tuning")
    for label in ("risk", "no_risk"):
        assert not set(tuning[label]) & set(heldout[label]), "a held-out sentence is also in the tuning part"


@pytest.mark.parametrize("language", LANGUAGES)
def test_recall_and_false_alarms_on_the_full_corpus_meet_the_targets(language: str) -> None:
    full = load_full(language)
    misses = [s for s in full["risk"] if not assess(s, language).is_risk]
    false_alarms = [s for s in full["no_risk"] if assess(s, language).is_risk]
    recall = 1 - len(misses) / len(full["risk"])
    false_alarm_rate = len(false_alarms) / len(full["no_risk"])
    assert recall >= 0.95, f"recall {recall:.1%}; misses: {misses}"
    assert false_alarm_rate <= 0.05, f"false alarms {false_alarm_rate:.1%}: {false_alarms}"


# --- v6: categories, word forms, spacing, typos, context ----------------------------------------------


@pytest.mark.parametrize(
    ("text", "language", "category"),
    [
        ("i'm going to stab my stepbrother when he gets home", "en", "others"),
        ("i keep picturing strangling my manager", "en", "others"),
        ("the voices want me to attack the neighbours", "en", "others"),
        ("хочу зарезать отчима", "ru", "others"),
        ("я его прибью когда он вернётся", "ru", "others"),
        ("my stepdad beats me every weekend", "en", "home"),
        ("my girlfriend threatened to kill me if i go to the police", "en", "home"),
        ("i don't feel safe at home anymore", "en", "home"),
        ("отчим избивает меня", "ru", "home"),
        ("боюсь возвращаться домой, он опять пьяный", "ru", "home"),
        ("my cousin has been starving herself for weeks", "en", "someone_else"),
        ("my best friend keeps saying goodbye to everyone", "en", "someone_else"),
        ("сестра копит таблетки", "ru", "someone_else"),
        ("подруга говорит, что повесится", "ru", "someone_else"),
    ],
)
def test_each_category_is_recognised(text: str, language: str, category: str) -> None:
    assessment = assess(text, language)
    assert assessment.is_risk, text
    assert assessment.category == category


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("gonna ctb tonight", "en"),
        ("i think i'll self delete soon", "en"),
        ("kermit sudoku tonight fr", "en"),
        ("thinking about sewerslide again", "en"),
        ("sh'd on my arm again", "en"),
        ("he starves himself", "en"),  # a form not listed in a rule, found through ~starve
        ("i starved myself all week", "en"),
        ("себя убью сегодня", "ru"),  # word order
        ("самоудалиться бы", "ru"),
        ("хочу умиреть", "ru"),  # a typo
        ("i  w a n t  t o  d i e", "en"),  # spaced letters
        ("k.i.l.l m.y.s.e.l.f", "en"),
        ("tonight's the night, everything is ready", "en"),
        ("i wrote a note for my sister to read after", "en"),
        ("попрощалась со всеми, больше их не увижу", "ru"),
    ],
)
def test_forms_slang_spacing_typos_and_plans_route_to_support(text: str, language: str) -> None:
    assert assess(text, language).is_risk, text


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("i'm not thinking about killing myself, i'm just sad", "en"),  # negation
        ("я не думаю о суициде", "ru"),
        ("я никогда не покончу с собой", "ru"),
        ("in the series the detective shoots himself in the last episode", "en"),  # fiction frame
        ("the article says suicide rates went down in 2020", "en"),  # news, statistics
        ("в фильме герой прыгает с моста", "ru"),
        ("i attempted suicide ten years ago, now i'm doing great", "en"),  # resolved past
        ("когда мне было пятнадцать, я резала руки, сейчас всё в порядке", "ru"),
        ("i hope i get hit on at the party lol", "en"),
        ("tonight is the night of the big match", "en"),
    ],
)
def test_context_cancels_negated_framed_and_resolved_matches(text: str, language: str) -> None:
    assert assess(text, language) == Assessment("none", None), text


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("i'm not suicidal but i want to die", "en"),  # a denial does not hide the next statement
        ("i tried to kill myself years ago and now i want to do it again", "en"),  # current marker
        ("i watched a film about it and now i want to kill myself", "en"),
        ("years ago i was fine. today i want to kill myself", "en"),  # past in another sentence
        ("я не думаю о суициде, я просто хочу умереть", "ru"),
        ("в 2019 году я пыталась покончить с собой и сейчас опять хочу", "ru"),
    ],
)
def test_a_current_statement_still_counts_next_to_a_cancelled_one(text: str, language: str) -> None:
    assert assess(text, language).is_risk, text


def test_a_resolved_crisis_only_cancels_what_came_before_it() -> None:
    assert not assess("i cut myself a lot back then. now i'm fine", "en").is_risk
    assert assess("now i'm fine, but tonight i want to cut myself", "en").is_risk


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_category_corpus_is_labelled_once_and_held_out_apart(language: str) -> None:
    tuning, heldout = load_categories(language, "tuning"), load_categories(language, "heldout")
    every = [s for part in (tuning, heldout) for label in part.values() for s in label]
    assert len(every) == len(set(every)), "a sentence is listed twice or under two labels"
    for label in tuning:
        assert len(tuning[label]) >= 15 and len(heldout[label]) >= 5, label


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_category_is_mostly_caught_on_the_category_corpus(language: str) -> None:
    """Looser than the first corpus: the held-out part was written before the v6 rules and never tuned on."""
    full = load_categories(language)
    for label in ("self", "others", "home", "someone_else"):
        misses = [s for s in full[label] if not assess(s, language).is_risk]
        assert len(misses) / len(full[label]) <= 0.2, f"{label}: {misses}"
    alarms = [s for s in full["none"] if assess(s, language).response == "sos"]
    assert len(alarms) / len(full["none"]) <= 0.05, alarms


@pytest.mark.parametrize(
    ("text", "language", "category"),
    [
        ("my sister said she's going to swallow all her pills", "en", "someone_else"),  # a "self" rule, said of her
        ("my girlfriend keeps talking about wanting to die", "en", "someone_else"),
        ("my mum says i should just die", "en", "self"),  # "i" after the other person: about oneself
        ("my friends would be better off without me", "en", "self"),  # "me" inside the match
        ("подруга сказала, что хочет умереть", "ru", "someone_else"),
        ("мама говорит, что я хочу умереть от лени, а я правда хочу умереть", "ru", "self"),
    ],
)
def test_a_rule_about_oneself_said_of_someone_else_counts_as_someone_else(
    text: str, language: str, category: str
) -> None:
    assessment = assess(text, language)
    assert assessment.is_risk
    assert assessment.category == category


@pytest.mark.parametrize(
    ("text", "language", "category"),
    [
        ("my dad beat my mum so hard she can't walk", "en", "someone_else"),  # violence between others
        ("my friend's boyfriend hits her", "en", "someone_else"),
        ("he annoys me so much i could hit him", "en", "others"),  # the writer acts
        ("если коллега ещё раз посмеётся, отправлю его в больницу", "ru", "others"),  # "я" dropped, the verb says it
        ("отчим избивает маму", "ru", "someone_else"),
    ],
)
def test_violence_said_of_someone_else_is_someone_else_at_risk(text: str, language: str, category: str) -> None:
    assessment = assess(text, language)
    assert assessment.is_risk
    assert assessment.category == category


@pytest.mark.parametrize(("text", "language"), [
    ("ugh this meeting, i'm going to shoot myself lol", "en"),
    ("as a pharmacist I check the lethal dose of every order, it's routine", "en"),
    ("zero plans to hurt myself, i'm just worn out from the move", "en"),
    ("Мыслей навредить себе нет, просто устала от переезда", "ru"),
    ("Вспомнила, как раньше хотела умереть; сейчас всё иначе", "ru"),
])
def test_a_clear_match_beside_a_doubt_cue_is_asked_about_not_sent_to_sos(text: str, language: str) -> None:
    assert assess(text, language).response in ("check_in", "none")


@pytest.mark.parametrize(("text", "language"), [
    ("i want to kill myself tonight", "en"),
    ("I have the pills counted out and I'm going to take them all", "en"),
    ("хочу покончить с собой сегодня", "ru"),
])
def test_a_clear_match_without_doubt_still_opens_the_sos_path(text: str, language: str) -> None:
    assert assess(text, language).response == "sos"
