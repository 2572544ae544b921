"""PHQ-9 weekly for six weeks, as the therapist reads it: scores and bands on each card, the trend with its
reliable change (≥ 5 points) pointed out, the scores in every export, the cut-offs on the chart."""

from __future__ import annotations

import csv
import io
import json
from datetime import timedelta

from bot.therapist.cards import build_card, card_text
from bot.therapist.charts import chart_data, progress_chart, progress_points
from bot.therapist.export_csv import export_csv
from bot.therapist.export_extras import ExportExtras
from bot.therapist.export_json import export_json
from bot.therapist.export_pdf import export_pdf
from bot.therapist.measures import score_series, series_text
from bot.therapist.review import ExerciseReview
from tests.therapist.scenarios import START, Client, shipped
from tests.therapist.test_pdf import pdf_text

TOTALS = (18, 16, 12, 11, 6, 6)  # week by week; 11 → 6 is the one reliable change (−5)


def phq9(total: int, week: int, language: str = "en") -> Client:
    client = Client(shipped("phq9"), language, START + timedelta(weeks=week), session_id=100 + week)
    client.action("continue")
    left = total
    for _ in range(8):  # item 9 stays at "Not at all"
        score = min(3, left)
        client.option(str(score))
        left -= score
    assert left == 0
    client.option("0").option("somewhat")
    assert client.session.status == "completed", client.session
    return client


def six_weeks(language: str = "en") -> list[ExerciseReview]:
    return [phq9(total, week).review(language) for week, total in enumerate(TOTALS)]


def test_each_administration_is_scored_from_its_answers_with_its_band() -> None:
    reviews = six_weeks()
    assert [(r.scores[0].value, r.scores[0].band_label("en")) for r in reviews] == [
        (18, "moderately severe"), (16, "moderately severe"), (12, "moderate"), (11, "moderate"), (6, "mild"),
        (6, "mild")]
    card = build_card(reviews[0], shipped("phq9"), "en")
    assert card_text(card, "en").splitlines()[1] == "PHQ-9: 18 / 27 · moderately severe"


def test_the_trend_points_out_the_reliable_change() -> None:
    (series,) = score_series(six_weeks())
    changes = series.reliable_changes()
    assert [(c.before.value, c.after.value, c.delta) for c in changes] == [(11, 6, -5)]
    line = series_text(series, "en")
    assert line.startswith("PHQ-9: 18 → 16 → 12 → 11 → 6 → 6 (10 Nov 2026 – 15 Dec 2026) · now mild")
    assert "reliable improvement: 11 → 6 (−5), 1 Dec 2026 → 8 Dec 2026" in line
    russian = series_text(score_series(six_weeks("ru"))[0], "ru")
    assert "сейчас: лёгкая" in russian and "надёжное улучшение: 11 → 6 (−5)" in russian


def test_a_change_under_the_threshold_is_not_pointed_out() -> None:
    reviews = [phq9(total, week).review() for week, total in enumerate((14, 10, 6))]  # −4 each week
    assert score_series(reviews)[0].reliable_changes() == []


def test_the_exports_carry_the_scores_and_the_reliable_change() -> None:
    reviews = six_weeks()
    rows = list(csv.DictReader(io.StringIO(export_csv("C", reviews).decode("utf-8-sig"))))
    by_exercise = {row["exercise_id"]: row["scores"] for row in rows}
    assert by_exercise["100"] == "PHQ-9: 18 of 27 · moderately severe"
    assert by_exercise["104"].startswith("PHQ-9: 6 of 27 · mild; reliable improvement: 11 → 6 (−5)")
    compact = list(csv.DictReader(io.StringIO(
        export_csv("C", reviews, ExportExtras(layout="compact")).decode("utf-8-sig"))))
    assert "PHQ-9: 12 / 27 · moderate" in compact[2]["card"]

    document = json.loads(export_json("C", reviews))
    scores = document["exercises"][4]["scores"][0]
    assert (scores["value"], scores["band"], scores["cutoffs"]) == (6, "mild", [5, 10, 15, 20])
    assert scores["reliable_change"] == {"from_exercise": 103, "from": 11, "change": -5, "threshold": 5}
    assert document["exercises"][0]["scores"][0]["reliable_change"] is None
    assert document["questionnaires"][0].startswith("PHQ-9: 18 → 16")

    text = pdf_text(export_pdf("C", reviews, None, None, "en"))
    assert "Questionnaire scores" in text and "reliable improvement: 11 → 6 (−5)" in text
    assert "PHQ-9: 12 of 27 · moderate" in text


def test_the_chart_has_a_phq9_panel_with_its_cut_offs_and_the_reliable_change() -> None:
    points = [p for p in progress_points(six_weeks()) if p.measure == "PHQ-9"]
    assert [p.before for p in points] == [18, 16, 12, 11, 6, 6]
    assert {p.cutoffs for p in points} == {(5, 10, 15, 20)}
    assert [p.reliable_change for p in points] == [None, None, None, None, -5, None]
    data = chart_data(points)
    assert data is not None
    (panel,) = data.panels
    assert panel.trend is not None and panel.trend.slope < 0
    assert progress_chart(points, "en").startswith(b"\x89PNG")
