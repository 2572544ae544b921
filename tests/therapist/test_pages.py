"""Telegram pages of a review: under the limit, client text escaped, a step's label and its answer together,
one line each."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.therapist.paging import Line, Span, paginate, units
from bot.therapist.review import label_colon, review_pages
from tests.therapist.scenarios import box_breathing, thought_record, thought_record_ru_abandoned

ALLOWED_TAGS = {"b", "i", "blockquote"}


class _TagChecker(HTMLParser):
    """Fails on unknown or unbalanced tags; collects the text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        assert tag in ALLOWED_TAGS, tag
        assert not attrs
        self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        assert self.stack and self.stack.pop() == tag, tag

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def well_formed_text(page: str) -> str:
    checker = _TagChecker()
    checker.feed(page)
    checker.close()
    assert checker.stack == []
    # only &lt; &gt; &amp; (the entities Telegram knows); a bare "<" or "&" never
    assert re.fullmatch(r"(?:[^<&]|<[^>]*>|&(?:lt|gt|amp);)*", page, re.DOTALL), page
    return "".join(checker.text)


def test_a_review_fits_one_page_and_escapes_the_clients_text() -> None:
    (page,) = review_pages(thought_record().review(), "en")
    assert units(page) <= 3500
    assert "marked &lt;b&gt;urgent&lt;/b&gt;" in page
    assert "<b>urgent</b>" not in page
    assert "I always mess things up &amp; everyone sees it" in page
    text = well_formed_text(page)
    assert text.startswith("Thought record\n10 Nov 2026, 20:00 – 20:12 (UTC) · completed\nMood: 80 → 40\n\n")
    assert "\n20:09 (2 min 30 s) Evidence against: My last review was good; he asked me to lead the new project\n" \
        in text
    assert "\n20:04 (9 s) Another thought? That's all\n" in text
    assert "20:07 (2 min) Evidence for: He wrote \"urgent\" and didn't say thanks" in text
    assert "What facts support this thought" not in text  # the label, not the question as it was asked
    assert "the strongest" not in text  # nor the scale's legend
    assert len(text.splitlines()) < 22  # a thought record was ~40 lines when each question was repeated


def test_an_abandoned_review_in_russian() -> None:
    (page,) = review_pages(thought_record_ru_abandoned().review("ru", status="abandoned"), "ru")
    text = well_formed_text(page)
    assert "10 ноя 2026, 20:00 (UTC) · прервано\nОстановились на шаге: Факты «против»\nСила чувства: 90 → —" in text
    assert "Он не поблагодарил меня, написал «срочно»" in text


@pytest.mark.parametrize("limit", [300, 400, 700, 1000])
def test_small_pages_keep_each_label_with_its_answer(limit: int) -> None:
    review = thought_record().review()
    pages = review_pages(review, "en", limit=limit)
    assert len(pages) > 1
    assert all(units(p) <= limit for p in pages)
    for step in review.steps:
        head = f"<b>{html.escape(label_colon(step.label), quote=False)}</b>"
        answer = html.escape(step.answer, quote=False)
        (page,) = [p for p in pages if head in p]  # each question on exactly one page...
        assert answer in page.split(head, 1)[1]  # ...with its answer after it on that page
    text = "\n\n".join(well_formed_text(p) for p in pages)
    for step in review.steps:
        assert step.answer in text


def test_an_answer_longer_than_a_page_goes_on_over_pages() -> None:
    situation = "It was late. " * 76 + "<script>&"  # the step takes up to 1000 characters
    review = thought_record(situation=situation).review()
    pages = review_pages(review, "en", limit=400)
    assert all(units(p) <= 400 for p in pages)
    texts = [well_formed_text(p) for p in pages]
    continued = [t for t in texts if t.startswith("Situation (continued)\n")]
    assert len(continued) >= 2
    joined = "".join(t.removeprefix("Situation (continued)\n") for t in texts)
    assert "It was late. " * 10 in joined
    assert "<script>&" in joined  # escaped on the page, intact as text
    assert joined.count("It was late.") == 76


def test_telegram_length_counts_emoji_twice() -> None:
    review = thought_record(situation="😀" * 999).review()
    pages = review_pages(review, "en", limit=1000)
    assert len(pages) > 2
    assert all(units(p) <= 1000 for p in pages)
    assert sum(p.count("😀") for p in pages) == 999


def test_box_breathing_pages() -> None:
    (page,) = review_pages(box_breathing().review("ru"), "ru")
    text = well_formed_text(page)
    assert "Напряжение: 7 → 3" in text
    assert "выполнено (160 с)" in text  # the timer, read by the engine in the therapist's language


def test_a_tiny_limit_is_refused() -> None:
    with pytest.raises(ValueError, match="page limit"):
        review_pages(thought_record().review(), "en", limit=10)


_text = st.text(st.characters(codec="utf-8"), max_size=600)  # utf-8 has no lone surrogates


@settings(max_examples=150, deadline=None)
@given(
    blocks=st.lists(
        st.lists(st.lists(st.tuples(_text, st.sampled_from([None, "b", "i", "blockquote"])), min_size=1, max_size=3),
                 min_size=1, max_size=4),
        max_size=8),
    limit=st.integers(min_value=64, max_value=1500),
)
def test_any_text_is_paged_under_the_limit_whole_and_well_formed(
    blocks: list[list[list[tuple[str, str | None]]]], limit: int
) -> None:
    built = [[Line(tuple(Span(t, tag) for t, tag in line)) for line in block] for block in blocks]

    def continuation(index: int) -> Line:
        return Line((Span(f"step {index}", "b"), Span(" (continued)")))

    pages = paginate(built, limit, continuation)
    assert all(units(p) <= limit for p in pages)
    got = "".join(well_formed_text(p) for p in pages)
    got = re.sub(r"step \d+ \(continued\)", "", got)
    expected = "".join(t for block in blocks for line in block for t, _ in line)
    assert re.sub(r"\s", "", got) == re.sub(r"\s", "", expected)


def test_times_are_in_the_given_zone_and_the_zone_is_named() -> None:
    from zoneinfo import ZoneInfo

    (page,) = review_pages(thought_record().review(tz=ZoneInfo("Europe/Moscow")), "en")
    text = well_formed_text(page)
    assert "10 Nov 2026, 23:00 – 23:12 (Europe/Moscow) · completed" in text
    assert "\n23:09 (2 min 30 s) Evidence against:" in text
