"""The progress chart: a PNG of the promised size, from points derived from real reviews."""

from __future__ import annotations

import io
import struct
from datetime import timedelta
from itertools import pairwise

import matplotlib
import matplotlib.image
import pytest

from bot.therapist.charts import (
    BEFORE_SIZE,
    MAX_PANELS,
    PLOT_SHARE,
    RatingPoint,
    Trend,
    chart_data,
    least_squares,
    progress_chart,
    progress_points,
    rating_points,
)
from bot.therapist.review import ExerciseReview
from tests.therapist.scenarios import START, box_breathing, thought_record, thought_record_ru_abandoned

PNG = b"\x89PNG\r\n\x1a\n"


def size(png: bytes) -> tuple[int, int]:
    assert png.startswith(PNG)
    assert png[12:16] == b"IHDR"
    width, height = struct.unpack(">II", png[16:24])
    return width, height


@pytest.fixture(scope="module")
def reviews() -> list[ExerciseReview]:
    found = [thought_record(START + timedelta(days=3 * i), 10 + i, mood_before=b, mood_after=a).review("ru")
             for i, (b, a) in enumerate([(80, 40), (90, 70), (60, 60)])]
    found += [box_breathing(START + timedelta(days=1 + 2 * i), 20 + i, before=b, after=a).review("ru")
              for i, (b, a) in enumerate([(7, 3), (8, 5)])]
    found.append(thought_record_ru_abandoned(START + timedelta(days=12)).review("ru", status="abandoned"))
    return found


def test_the_earlier_name() -> None:
    assert rating_points is progress_points


def test_points_from_reviews(reviews: list[ExerciseReview]) -> None:
    points = progress_points(reviews)
    assert [p.at for p in points] == sorted(p.at for p in points)
    first = points[0]
    assert (first.flow, first.measure, first.at, first.before, first.after) == (
        "Дневник мыслей", "Сила чувства", START, 80, 40)
    assert (first.low, first.high) == (0, 100)
    assert [(p.before, p.after) for p in points if p.flow == "Квадратное дыхание"] == [(7, 3), (8, 5)]
    assert points[-1].after is None  # the abandoned one: rated before only


def test_the_chart_is_a_png_of_the_promised_size(reviews: list[ExerciseReview]) -> None:
    png = progress_chart(progress_points(reviews), "ru")
    assert size(png) == (1000, 700)
    pixels = matplotlib.image.imread(io.BytesIO(png), format="png")
    assert pixels.shape[:2] == (700, 1000)
    assert pixels.std() > 0.05  # something is drawn


def test_english_and_other_sizes(reviews: list[ExerciseReview]) -> None:
    assert size(progress_chart(progress_points(reviews), "en", width=800, height=600)) == (800, 600)


def test_one_point_and_no_points() -> None:
    one = RatingPoint("Box breathing", "Distress", START, 7, None)
    assert size(progress_chart([one], "en")) == (1000, 700)
    assert size(progress_chart([], "en")) == (1000, 700)


def test_many_flows_and_measures_keep_the_busiest() -> None:
    points = [RatingPoint(f"Flow {i}", "Mood", START + timedelta(days=d), 5, 3, 0, 10)
              for i in range(MAX_PANELS + 3) for d in range(i + 1)]
    assert size(progress_chart(points, "en")) == (1000, 700)


def test_drawing_leaves_matplotlib_as_it_was() -> None:
    backend = matplotlib.get_backend()
    params = dict(matplotlib.rcParams)
    progress_chart([RatingPoint("A", "B", START, 1, 2)], "en")
    assert matplotlib.get_backend() == backend
    assert dict(matplotlib.rcParams) == params


# --- the geometry (issue 11): per measure, a trend over the weeks, no two points on top of each other -------

def test_one_panel_per_measure_on_one_time_axis() -> None:
    points = [RatingPoint("Thought record", "Mood", START + timedelta(days=7 * w), 80 - 7 * w, 40, 0, 100)
              for w in range(4)]
    points += [RatingPoint(flow, "Distress", START + timedelta(days=d), 7, 3, 0, 10)
               for flow, d in (("Box breathing", 3), ("Grounding", 10))]
    data = chart_data(points)
    assert data is not None
    assert [panel.measure for panel in data.panels] == ["Mood", "Distress"]  # flows share their measure's panel
    assert data.first_day == START.date()
    every_x = [p.x for panel in data.panels for p in panel.placed]
    assert data.x_range[0] <= min(every_x) and max(every_x) <= data.x_range[1]


def test_the_trend_is_the_least_squares_line_of_the_ratings_before() -> None:
    weekly = [RatingPoint("TR", "Mood", START + timedelta(days=7 * w), before, 30, 0, 100)
              for w, before in enumerate([80, 76, 66, 62])]
    data = chart_data(weekly)
    assert data is not None
    trend = data.panels[0].trend
    assert trend is not None
    # by hand: x = 0, 1, 2, 3 weeks; mean 1.5; y mean 71; slope = Σ(dx·dy)/Σdx² = (-13.5-2.5-2.5-13.5)/5 = -6.4
    assert trend.per_week == pytest.approx(-6.4)
    assert trend.at(data.panels[0].placed[0].x) == pytest.approx(71 + 6.4 * 1.5)
    assert least_squares([1.0, 2.0], [5.0, 5.0]) == Trend(0.0, 5.0)
    assert least_squares([3.0, 3.0], [1.0, 9.0]) is None and least_squares([1.0], [1.0]) is None


def test_no_trend_from_one_day() -> None:
    same_day = [RatingPoint("TR", "Mood", START + timedelta(hours=h), 80 - 10 * h, 40) for h in range(3)]
    data = chart_data(same_day)
    assert data is not None and data.panels[0].trend is None


@pytest.mark.parametrize("span_days", [1, 14, 90])
def test_points_of_one_day_are_spread_apart_by_at_least_a_marker(span_days: int) -> None:
    """Three exercises on the first day, two on the last: as drawn, each before-ring clears its neighbour."""
    days = [0, 0, 0, span_days - 1, span_days - 1] if span_days > 1 else [0, 0, 0]
    points = [RatingPoint("TR", "Mood", START + timedelta(days=d, minutes=5 * i), 70, 50, 0, 100)
              for i, d in enumerate(days)]
    data = chart_data(points, width=1000)
    assert data is not None
    xs = sorted(p.x for p in data.panels[0].placed)
    assert len(set(xs)) == len(points)
    low, high = data.x_range
    pixels_per_day = 1000 * PLOT_SHARE / (high - low)
    gaps = [(b - a) * pixels_per_day for a, b in pairwise(xs)]
    assert min(gaps) >= BEFORE_SIZE * 100 / 72  # a ring's width at 100 dpi
    if span_days <= 14:  # a short span has room: the day's exercises stay within their day, in time order
        first_day = [p.x for p in data.panels[0].placed if p.point.at.date() == START.date()]
        assert first_day == sorted(first_day) and all(0 < x < 1 for x in first_day)


def test_no_points_no_chart_data() -> None:
    assert chart_data([]) is None
    assert chart_data([RatingPoint("TR", "Mood", START, None, None)]) is None


def test_the_trend_is_written_with_the_languages_decimal_separator() -> None:
    from bot.therapist.texts import format_signed

    assert (format_signed(-1.8, "en"), format_signed(-1.8, "ru"), format_signed(2.0, "ru")) == ("−1.8", "−1,8", "+2")
