"""The detector the bot uses: the more urgent of the rules and the semantic layer, the rules' category first,
rules alone when the semantic layer cannot work, never an exception, never a message's words in the log."""

from __future__ import annotations

import logging
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.safety import crisis, detector
from bot.safety.crisis import Assessment
from bot.safety.semantic.model import Model, Verdict

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module", autouse=True)
def warm() -> None:
    assert detector.warm_up()


# --- combining --------------------------------------------------------------------------------------


def test_the_semantic_layer_adds_a_check_in_the_rules_missed() -> None:
    found = detector.combine(Assessment("none", None), Verdict("check_in", "home", 0.97))
    assert found == Assessment("check_in", "home", ("semantic.home",))


def test_the_more_urgent_response_wins_and_the_rules_name_the_category() -> None:
    rules = Assessment("check_in", "self", ("en.indirect.burden",))
    found = detector.combine(rules, Verdict("sos", "others", 0.99))
    assert found == Assessment("sos", "self", ("en.indirect.burden", "semantic.others"))
    calmer = detector.combine(Assessment("sos", "home", ("x",)), Verdict("check_in", "self", 0.95))
    assert (calmer.response, calmer.category, calmer.rules) == ("sos", "home", ("x", "semantic.self"))


def test_a_quiet_or_missing_semantic_verdict_leaves_the_rules_alone() -> None:
    rules = Assessment("check_in", "someone_else", ("ru.indirect.third_party",))
    assert detector.combine(rules, Verdict("none", None, 0.2)) is rules
    assert detector.combine(rules, None) is rules
    assert detector.combine(crisis.NO_RISK, None) is crisis.NO_RISK


def test_the_detector_agrees_with_its_parts() -> None:
    for text, language in [
        ("I want to kill myself", "en"),
        ("he hits me every night and I am scared to go home", "en"),
        ("сделала дыхательное упражнение, стало полегче", "ru"),
    ]:
        rules = crisis.assess(text, language)
        expected = rules if rules.response == "sos" else detector.combine(rules, detector.semantic_verdict(text))
        assert detector.assess(text, language) == expected


def test_explicit_risk_still_opens_the_sos_path() -> None:
    found = detector.assess("I want to kill myself", "en")
    assert (found.response, found.category) == ("sos", "self")


@pytest.fixture
def no_rules(monkeypatch: pytest.MonkeyPatch) -> None:
    """The rules see nothing: what the semantic layer adds, whatever the phrase files say today."""
    monkeypatch.setattr(crisis, "assess", lambda text, language=None: crisis.NO_RISK)


def test_a_paraphrase_no_rule_names_gets_a_check_in(no_rules: None) -> None:
    found = detector.assess("he hits me every night and I am scared to go home", "en")
    assert (found.response, found.category, found.rules) == ("check_in", "home", ("semantic.home",))


def test_ordinary_messages_stay_quiet() -> None:
    for text, language in [
        ("the situation: my boss criticised my report in the meeting", "en"),
        ("завтра у меня экзамен по физике", "ru"),
    ]:
        assert detector.assess(text, language) == Assessment("none", None)


def test_same_text_same_answer() -> None:
    text = "i just want everything to stop, i'm so tired of being here"
    answers = {detector.assess(text, "en") for _ in range(5)}
    assert len(answers) == 1


# --- failures ---------------------------------------------------------------------------------------


class _Broken:
    name = "broken"

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        raise RuntimeError("encoder down")


@pytest.fixture
def broken_encoder(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(detector, "_layer", detector._Layer(model=Model.load(), encoder=_Broken()))


SECRET = "he hits me every night and I am scared to go home, my name is Zebulon"


def test_an_encoder_failure_falls_back_to_the_rules_and_logs_no_words(
    broken_encoder: None, no_rules: None, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.ERROR, logger="bot.safety.detector"):
        found = detector.assess(SECRET, "en")
    assert found == crisis.NO_RISK
    assert caplog.records, "the failure is logged"
    assert all("Zebulon" not in r.getMessage() and "hits" not in r.getMessage() for r in caplog.records)
    assert "RuntimeError" in caplog.text


def test_the_sos_path_does_not_wait_for_the_encoder(
    broken_encoder: None, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    sos = Assessment("sos", "self", ("en.explicit.test",))
    monkeypatch.setattr(crisis, "assess", lambda text, language=None: sos)
    with caplog.at_level(logging.ERROR, logger="bot.safety.detector"):
        assert detector.assess(SECRET, "en") is sos
    assert not caplog.records  # the broken encoder was never asked


def test_weights_that_cannot_load_leave_the_rules_working(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setattr(detector, "_layer", detector._Layer())
    monkeypatch.setattr(Model, "load", classmethod(lambda cls, path=tmp_path / "missing.npz": np.load(path)))
    with caplog.at_level(logging.ERROR, logger="bot.safety.detector"):
        assert detector.warm_up() is False
        found = detector.assess(SECRET, "en")
    assert found == crisis.assess(SECRET, "en")
    assert "FileNotFoundError" in caplog.text
    assert "Zebulon" not in caplog.text


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=600), st.sampled_from([None, "en", "ru", "en-GB", "xx", ""]))
def test_never_raises(text: str, language: str | None) -> None:
    found = detector.assess(text, language)
    assert found.response in crisis.RESPONSES
    assert (found.category is None) == (found.response == "none")


def test_a_long_message_with_risk_at_its_end_is_still_heard(no_rules: None) -> None:
    calm = "Today I practised the breathing exercise and wrote down my thoughts about the week at work. " * 30
    text = calm + "My dad hits me when he's drunk and I'm scared of him."
    assert detector.assess(calm, "en").response == "none"
    assert detector.assess(text, "en").rules == ("semantic.home",)


def test_importing_the_detector_does_not_load_numpy() -> None:
    """The bot pays for numpy and the encoder only at warm_up (tests/test_architecture.py keeps numpy out of an
    idle bot's imports)."""
    script = "import sys, bot.safety.detector; print('numpy' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True, cwd=ROOT)
    assert out.stdout.strip() == "False"


@pytest.mark.parametrize(
    ("text", "language"),
    [("I don't know", "en"), ("idk", "en"), ("whatever", "en"), ("tired", "en"), ("не знаю", "ru"), ("хватит", "ru")],
)
def test_a_reply_of_a_few_words_is_left_to_the_rules(text: str, language: str) -> None:
    assert detector.semantic_verdict(text) == Verdict("none", None, 0.0)
    assert detector.assess(text, language) == crisis.assess(text, language)
