"""Callback data: always within Telegram's 64 bytes; anything malformed decodes to nothing."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.conversation.callback_data import AnswerButton, MenuButton, decode, encode


def test_the_largest_answer_button_fits() -> None:
    data = encode(AnswerButton(session_id=2**63 - 1, seq=2**32 - 1, index=999))
    assert len(data.encode()) <= 64
    assert decode(data) == AnswerButton(2**63 - 1, 2**32 - 1, 999)


def test_menu_buttons_round_trip() -> None:
    button = MenuButton("flow", "progressive_muscle_relaxation")
    assert decode(encode(button)) == button


@pytest.mark.parametrize("data", [None, "", "a:", "a:zz:1:0", "a:1:1:1000", "m:flow:../x", "m:flow:" + "x" * 60,
                                  "a:1:1:0:extra", "m:FLOW:x", "é" * 40])
def test_malformed_data_is_not_ours(data: str | None) -> None:
    assert decode(data) is None


def test_a_menu_argument_that_does_not_fit_is_refused_when_encoding() -> None:
    with pytest.raises(ValueError, match="does not fit"):
        encode(MenuButton("flow", "x" * 60))


@given(st.text(max_size=80))
def test_decoding_never_raises(data: str) -> None:
    decoded = decode(data)
    assert decoded is None or isinstance(decoded, AnswerButton | MenuButton)


def test_the_longest_assign_wizard_button_fits() -> None:
    """The wizard's buttons name their dialog (8 characters) and question; a flow id has at most 40."""
    button = MenuButton("asg", f"{'A' * 8}.999.f.{'a' * 40}")
    assert len(encode(button).encode()) <= 64
    assert decode(encode(button)) == button
