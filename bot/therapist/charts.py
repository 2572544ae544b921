"""Ratings before and after each exercise, over time: a PNG a therapist can read on a phone.

Drawn with matplotlib's object API (a `Figure` on an Agg canvas), so nothing global changes: no pyplot,
no backend switch, no rcParams.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from bot.therapist import texts
from bot.therapist.review import ExerciseReview

WIDTH_PX, HEIGHT_PX, DPI = 1000, 700, 100
MAX_PANELS = 4  # more would be too small to read on a phone: the busiest (flow, measure) pairs are kept
AFTER_SIZE = 8.5
BEFORE_COLOUR, AFTER_COLOUR, LINK_COLOUR = "#1f77b4", "#d95f02", "#9a9a9a"


@dataclass(frozen=True, slots=True)
class RatingPoint:
    """One exercise's ratings on one measure."""

    flow: str  # the flow's title, as the therapist reads it
    measure: str  # the measure's name, as the therapist reads it (e.g. "Mood")
    at: datetime  # when the exercise started, in the therapist's time zone
    before: float | None
    after: float | None
    low: int | None = None  # the scale's range, when known
    high: int | None = None


if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.lines import Line2D


def progress_points(reviews: Iterable[ExerciseReview]) -> list[RatingPoint]:
    """Every rated exercise's points, oldest first."""
    points = [
        RatingPoint(review.title, rating.label, review.started_at, rating.before, rating.after, rating.low, rating.high)
        for review in reviews
        for rating in review.ratings
        if rating.before is not None or rating.after is not None
    ]
    return sorted(points, key=lambda p: p.at.timestamp())


rating_points = progress_points  # the same, by its earlier name


def progress_chart(points: Sequence[RatingPoint], language: str, *, width: int = WIDTH_PX,
                   height: int = HEIGHT_PX) -> bytes:
    """A PNG of `width` × `height` pixels: one panel per (flow, measure), each exercise a hollow marker
    (before) joined by an arrow to a filled one (after), dates along the bottom."""
    # Imported here: matplotlib (with numpy) is tens of megabytes of memory, wanted only when a chart is drawn.
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(figsize=(width / DPI, height / DPI), dpi=DPI, layout="constrained")
    FigureCanvasAgg(figure)
    groups = _groups(points)
    if not groups:
        ax = figure.add_subplot()
        ax.set_axis_off()
        ax.text(0.5, 0.5, texts.text("chart_empty", language), ha="center", va="center", fontsize=18,
                color="#555555", transform=ax.transAxes)
    else:
        figure.suptitle(texts.text("chart_title", language), fontsize=17, fontweight="bold", x=0.01, ha="left")
        rows, columns = (2, 2) if len(groups) == 4 else (len(groups), 1)
        axes = figure.subplots(rows, columns, squeeze=False).flatten()
        for ax, ((flow, measure), group) in zip(axes, groups.items(), strict=True):
            _panel(ax, f"{flow} — {measure}", group, language)
        figure.legend(handles=_legend(language), loc="outside upper right", ncols=2, fontsize=13, frameon=False)
    out = io.BytesIO()
    figure.savefig(out, format="png", dpi=DPI, metadata={"Software": None})
    return out.getvalue()


def _groups(points: Sequence[RatingPoint]) -> dict[tuple[str, str], list[RatingPoint]]:
    groups: dict[tuple[str, str], list[RatingPoint]] = {}
    for point in sorted(points, key=lambda p: p.at.timestamp()):
        if point.before is not None or point.after is not None:
            groups.setdefault((point.flow, point.measure), []).append(point)
    if len(groups) > MAX_PANELS:
        busiest = sorted(groups, key=lambda k: (-len(groups[k]), -groups[k][-1].at.timestamp()))[:MAX_PANELS]
        groups = {k: v for k, v in groups.items() if k in busiest}
    return groups


def _panel(ax: Axes, title: str, points: list[RatingPoint], language: str) -> None:
    # wall-clock times in the therapist's zone, so matplotlib (which would convert to UTC) shows them as given
    xs = [p.at.replace(tzinfo=None) for p in points]
    for x, point in zip(xs, points, strict=True):
        if point.before is not None and point.after is not None and point.before != point.after:
            ax.annotate("", xy=(x, point.after), xytext=(x, point.before), zorder=1,
                        arrowprops={"arrowstyle": "-|>", "color": LINK_COLOUR, "lw": 2.2,
                                    "shrinkA": 6, "shrinkB": 6, "mutation_scale": 16})
    befores = [(x, p.before) for x, p in zip(xs, points, strict=True) if p.before is not None]
    afters = [(x, p.after) for x, p in zip(xs, points, strict=True) if p.after is not None]
    if befores:
        ax.plot(*zip(*befores, strict=True), linestyle="none", marker="o", markersize=11, markeredgewidth=2.2,
                markerfacecolor="white", markeredgecolor=BEFORE_COLOUR, zorder=3)
    if afters:
        # smaller than the ring of "before", so an unchanged rating shows both
        ax.plot(*zip(*afters, strict=True), linestyle="none", marker="o", markersize=AFTER_SIZE,
                markerfacecolor=AFTER_COLOUR, markeredgecolor=AFTER_COLOUR, zorder=4)
    ax.set_title(title, fontsize=14, loc="left")
    low = min((p.low for p in points if p.low is not None), default=None)
    high = max((p.high for p in points if p.high is not None), default=None)
    if low is not None and high is not None and high > low:
        pad = (high - low) * 0.08
        ax.set_ylim(low - pad, high + pad)
    first, last = min(xs), max(xs)
    span = last - first
    margin = max(span * 0.08, timedelta(days=1))
    ax.set_xlim(first - margin, last + margin)  # type: ignore[arg-type]
    ticks = _ticks(xs)
    ax.set_xticks(ticks, [f"{t.day} {texts.month_name(t.month, language)}" for t in ticks])  # type: ignore[arg-type]
    ax.tick_params(labelsize=12)
    ax.grid(True, alpha=0.3)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)


def _ticks(xs: list[datetime], most: int = 6) -> list[datetime]:
    """A tick at each exercise's day (one per day), thinned evenly to at most `most`."""
    days: dict[object, datetime] = {}
    for x in xs:
        days.setdefault(x.date(), x)
    ticks = list(days.values())
    if len(ticks) <= most:
        return ticks
    step = (len(ticks) - 1) / (most - 1)
    return [ticks[round(i * step)] for i in range(most)]


def _legend(language: str) -> list[Line2D]:
    from matplotlib.lines import Line2D

    before = Line2D([], [], linestyle="none", marker="o", markersize=11, markeredgewidth=2.2,
                    markerfacecolor="white", markeredgecolor=BEFORE_COLOUR, label=texts.text("before", language))
    after = Line2D([], [], linestyle="none", marker="o", markersize=AFTER_SIZE, markerfacecolor=AFTER_COLOUR,
                   markeredgecolor=AFTER_COLOUR, label=texts.text("after", language))
    return [before, after]
