from __future__ import annotations

import pytest

from bot.flowspec.rules.html import html_errors
from tests.flowspec.samples import column_of, load, only


@pytest.mark.parametrize("text", [
    "plain", "<b>bold</b> and <i>italic</i>", "<strong><em>both</em></strong>", "<u>u</u><ins>i</ins>",
    "<s>s</s><strike>st</strike><del>d</del>", "<code>x &lt; y</code>", "<pre>a\nb</pre>",
    "<blockquote>quote</blockquote>", "<tg-spoiler>secret</tg-spoiler>", '<a href="https://example.org">link</a>',
    "Tom &amp; Jerry &quot;hi&quot; &#169; &#xA9; &gt;",
])
def test_telegram_html_is_accepted(text: str) -> None:
    assert html_errors(text) == []


@pytest.mark.parametrize(("text", "offset", "message"), [
    ("a <div>x</div>", 2, "<div> is not one of Telegram's tags"),
    ("a <b>bold", 2, "<b> is never closed"),
    ("<b><i>x</b></i>", 7, "</b> closes <i>, which is still open"),
    ("x</b>", 1, "</b> closes a tag that was never opened"),
    ("Tom & Jerry", 4, "a bare '&'"),
    ("1 < 2", 2, "a '<' that starts no tag"),
    ('<b class="x">b</b>', 0, "<b> takes no attributes"),
    ('<a onclick="x">a</a>', 0, '<a> takes exactly one attribute: href="..."'),
    ("&nbsp;", 0, "a bare '&'"),
])
def test_html_outside_telegrams_subset_is_an_error(text: str, offset: int, message: str) -> None:
    errors = html_errors(text)
    assert errors
    assert errors[0][0] == offset
    assert errors[0][1].startswith(message)


def test_bad_html_in_a_flow_is_placed_at_the_offending_character() -> None:
    body = "steps:\n  - {id: hi, type: message, text: 'Tom & Jerry'}\n  - {id: done, type: end}\n"
    problem = only(load(body), "bad-html")
    assert (problem.step_id, problem.col) == ("hi", column_of(body, "&"))


def test_template_variables_are_not_taken_for_html() -> None:
    body = "steps:\n  - {id: n, type: text, prompt: N?}\n  - {id: hi, type: message, text: '<b>{n}</b> {{x}}'}\n"
    assert load(body + "  - {id: done, type: end}\n").problems == []
