"""The progress chart: a PNG of the promised size, from points derived from real reviews."""

from __future__ import annotations

import io
import struct
from datetime import timedelta

import matplotlib
import matplotlib.image
import pytest

from bot.therapist.charts import MAX_PANELS, RatingPoint, progress_chart, progress_points, rating_points
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
