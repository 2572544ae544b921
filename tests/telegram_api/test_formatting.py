"""Telegram's HTML and MarkdownV2 parse modes: visible text, UTF-16 entity offsets, refusals."""

from __future__ import annotations

import pytest

from tests.support.telegram_api.errors import ApiError
from tests.support.telegram_api.html_entities import parse_html
from tests.support.telegram_api.markdown import parse_markdown_legacy, parse_markdown_v2


@pytest.mark.parametrize(
    ("html", "text", "entities"),
    [
        ("<b>bold</b> <i>it</i>", "bold it", [("bold", 0, 4), ("italic", 5, 2)]),
        ("<strong><em>x</em></strong>", "x", [("bold", 0, 1), ("italic", 0, 1)]),
        ("😀<u>u</u>", "😀u", [("underline", 2, 1)]),
        ("&lt;tag&gt; &amp; &quot;q&quot; &#128512; &#x41;", '<tag> & "q" 😀 A', []),
        (
            '<span class="tg-spoiler">s</span><tg-spoiler>t</tg-spoiler>',
            "st",
            [("spoiler", 0, 1), ("spoiler", 1, 1)],
        ),
        ('<a href="https://example.org/?a=1&amp;b=2">link</a>', "link", [("text_link", 0, 4)]),
        ('<pre><code class="language-python">x = 1</code></pre>', "x = 1", [("pre", 0, 5)]),
        ("<blockquote expandable>q</blockquote>", "q", [("expandable_blockquote", 0, 1)]),
        ('<tg-emoji emoji-id="5368324170671202286">👍</tg-emoji>', "👍", [("custom_emoji", 0, 2)]),
        ("a > b", "a > b", []),
    ],
)
def test_html_is_parsed_like_telegram(html: str, text: str, entities: list[tuple[str, int, int]]) -> None:
    parsed = parse_html(html)
    assert parsed.text == text
    assert [(e["type"], e["offset"], e["length"]) for e in parsed.entities] == entities


def test_pre_keeps_its_language_and_links_their_url() -> None:
    [pre] = parse_html('<pre><code class="language-python">x</code></pre>').entities
    assert pre["language"] == "python"
    [link] = parse_html('<a href="https://example.org/?a=1&amp;b=2">l</a>').entities
    assert link["url"] == "https://example.org/?a=1&b=2"


def test_html_errors_give_utf8_byte_offsets() -> None:
    with pytest.raises(ApiError) as refused:
        parse_html("é <div>")
    assert refused.value.status == 400
    assert refused.value.description == (
        'Bad Request: can\'t parse entities: Unsupported start tag "div" at byte offset 3'
    )


@pytest.mark.parametrize(
    ("markdown", "text", "entities"),
    [
        (
            "*bold* _it_ __u__ ~s~ ||sp||",
            "bold it u s sp",
            ["bold", "italic", "underline", "strikethrough", "spoiler"],
        ),
        ("Done\\. Really\\!", "Done. Really!", []),
        ("[site](https://example.org/a\\)b)", "site", ["text_link"]),
        ("`a_b*c`", "a_b*c", ["code"]),
        ("```python\nprint(1)\n```", "print(1)\n", ["pre"]),
        (">quoted\n>lines\nafter", "quoted\nlines\nafter", ["blockquote"]),
    ],
)
def test_markdown_v2_is_parsed(markdown: str, text: str, entities: list[str]) -> None:
    parsed = parse_markdown_v2(markdown)
    assert parsed.text == text
    assert [e["type"] for e in parsed.entities] == entities


@pytest.mark.parametrize(
    ("markdown", "description"),
    [
        ("Done.", "Character '.' is reserved"),
        ("1-2", "Character '-' is reserved"),
        ("*unclosed", "Can't find end of Bold entity at byte offset 0"),
        ("`code", "Can't find end of Code entity"),
    ],
)
def test_markdown_v2_refusals(markdown: str, description: str) -> None:
    with pytest.raises(ApiError, match="can't parse entities") as refused:
        parse_markdown_v2(markdown)
    assert description in refused.value.description


def test_legacy_markdown() -> None:
    parsed = parse_markdown_legacy("*b* _i_ [l](https://example.org) 1.5-2!")
    assert parsed.text == "b i l 1.5-2!"
    assert [e["type"] for e in parsed.entities] == ["bold", "italic", "text_link"]
    with pytest.raises(ApiError, match="Can't find end of the entity starting at byte offset 0"):
        parse_markdown_legacy("*open")
