"""Long Telegram-HTML texts split under the limit, tags closed and reopened, nothing lost."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from bot.transport.splitting import split_html, visible_length

TAG = re.compile(r"<[^>]+>")


def visible(html_text: str) -> str:
    return TAG.sub("", html_text)


def test_a_short_text_is_one_message() -> None:
    assert split_html("<b>Hello</b> &amp; welcome") == ["<b>Hello</b> &amp; welcome"]


def test_a_long_quote_is_split_with_balanced_tags() -> None:
    text = "<b>Your thoughts</b>\n<blockquote>" + "word " * 2500 + "</blockquote>\nend"
    parts = split_html(text, limit=4000)
    assert len(parts) == 4
    for part in parts:
        assert visible_length(visible(part)) <= 4000
        assert part.count("<blockquote>") == part.count("</blockquote>")
    assert visible(" ".join(parts)).split() == visible(text).split()


def test_splits_prefer_line_breaks_and_never_cut_an_entity() -> None:
    text = ("A line with &lt;angle&gt; brackets &amp; more.\n" * 200).strip()
    parts = split_html(text, limit=500)
    for part in parts:
        assert not re.search(r"&[a-z]*$", part), "an entity was cut"
        assert part.endswith((".", ".\n"))


def test_emoji_count_as_two_utf16_units() -> None:
    parts = split_html("🙂" * 3000, limit=4000)
    assert [visible_length(p) for p in parts] == [4000, 2000]


@given(st.lists(st.sampled_from(["word ", "<b>bold</b> ", "&amp; ", "\n", "<i>x y z</i>", "ünï ", "🙂"]),
                max_size=3000))
def test_any_text_splits_within_the_limit_and_keeps_every_word(pieces: list[str]) -> None:
    text = "".join(pieces)
    parts = split_html(text, limit=300)
    for part in parts:
        assert visible_length(visible(part).replace("&amp;", "&")) <= 300
    assert visible(" ".join(parts)).split() == visible(text).split() or not text.strip()
