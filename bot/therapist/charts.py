"""Ratings over time, one panel per measure: whether the client's starting point improves over the weeks (the
ratings before each exercise, with a least-squares trend line), and what each exercise changed (an arrow from
before to after). Several exercises on one day are spread out within the day so none hides another; the
panels share one time axis. A PNG a therapist can read on a phone.

The geometry (`chart_data`) is a pure function of the points, tested on its own; drawing only lays it out.

Drawn with matplotlib's object API (a `Figure` on an Agg canvas), so nothing global changes: no pyplot,
no backend switch, no rcParams.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from bot.therapist import texts
from bot.therapist.measures import administrations, score_series
from bot.therapist.review import ExerciseReview

WIDTH_PX, HEIGHT_PX, DPI = 1000, 700, 100
MAX_PANELS = 4  # more would be too small to read on a phone: the busiest measures are kept
AFTER_SIZE = 8.5
BEFORE_SIZE = 11
BEFORE_COLOUR, AFTER_COLOUR, LINK_COLOUR, TREND_COLOUR = "#1f77b4", "#d95f02", "#9a9a9a", "#1f77b4"
CUTOFF_COLOUR, CHANGE_COLOUR = "#7a7a7a", "#1b7f3b"
PLOT_SHARE = 0.86  # about how much of the figure's width a panel's plotting area takes
MARKER_GAP_PX = BEFORE_SIZE * DPI / 72 * 1.4  # a before-ring's width in pixels, and some air


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
    cutoffs: tuple[int, ...] = ()  # a questionnaire's clinical cut-offs (PHQ-9: 5, 10, 15, 20), drawn as lines
    reliable_change: int | None = None  # a questionnaire score that moved this much since the one before


if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.lines import Line2D


def progress_points(reviews: Iterable[ExerciseReview]) -> list[RatingPoint]:
    """Every rated exercise's points, oldest first."""
    reviews = list(reviews)
    points = [
        RatingPoint(review.title, rating.label, review.started_at, rating.before, rating.after, rating.low, rating.high)
        for review in reviews
        for rating in review.ratings
        if rating.before is not None or rating.after is not None
    ]
    titles = {review.session_id: review.title for review in reviews}
    changes = {(c.after.session_id, c.after.result.id): c.delta
               for series in score_series(reviews) for c in series.reliable_changes()}
    points += [  # a questionnaire's score is one point per administration (no "after"), over its cut-offs
        RatingPoint(titles[a.session_id], a.result.label(reviews[0].language), a.at, float(a.value), None, a.result.low,
                    a.result.high, a.result.cutoffs, changes.get((a.session_id, a.result.id)))
        for a in administrations(reviews)
    ]
    return sorted(points, key=lambda p: p.at.timestamp())


rating_points = progress_points  # the same, by its earlier name




@dataclass(frozen=True, slots=True)
class Placed:
    """A point where it is drawn: `x` in days since the first day's midnight (offset within its day)."""

    point: RatingPoint
    x: float


@dataclass(frozen=True, slots=True)
class Trend:
    """y = intercept + slope * x, x in days: the least-squares line through the ratings before."""

    slope: float  # per day
    intercept: float

    @property
    def per_week(self) -> float:
        return self.slope * 7

    def at(self, x: float) -> float:
        return self.intercept + self.slope * x


@dataclass(frozen=True, slots=True)
class Panel:
    measure: str
    placed: tuple[Placed, ...]  # oldest first
    trend: Trend | None  # None unless there are ratings before on two days or more


@dataclass(frozen=True, slots=True)
class ChartData:
    first_day: date  # x = 0 is its midnight
    x_range: tuple[float, float]  # the same for every panel: one time axis
    panels: tuple[Panel, ...]


def least_squares(xs: Sequence[float], ys: Sequence[float]) -> Trend | None:
    """The ordinary least-squares line through (xs, ys); None when the xs do not spread (fewer than two)."""
    count = len(xs)
    if count < 2:
        return None
    mean_x, mean_y = sum(xs) / count, sum(ys) / count
    spread = sum((x - mean_x) ** 2 for x in xs)
    if spread < 1e-9:
        return None
    slope = sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True)) / spread
    return Trend(slope, mean_y - slope * mean_x)


def chart_data(points: Sequence[RatingPoint], width: int = WIDTH_PX) -> ChartData | None:
    """Panels per measure (the busiest MAX_PANELS), each point placed on the time axis, and the trends.
    Points of one day sit at the middle of the day, spread apart by at least a marker's width as drawn
    `width` pixels wide: within the day when they fit, which is when the span is short."""
    groups = _by_measure(points)
    if not groups:
        return None
    every = [p for group in groups.values() for p in group]
    first_day = min(p.at.date() for p in every)
    last_day = max(p.at.date() for p in every)
    span = (last_day - first_day).days + 1
    gap = span / (width * PLOT_SHARE) * MARKER_GAP_PX  # days per marker width
    panels = []
    for measure, group in groups.items():
        placed = _spread(group, first_day, gap)
        befores = [(p, p.point.before) for p in placed if p.point.before is not None]
        days = {p.point.at.date() for p, _ in befores}
        # a trend over the weeks: within one day it would only extrapolate the day's ups and downs
        trend = least_squares([p.x for p, _ in befores], [y for _, y in befores if y is not None]) \
            if len(days) >= 2 else None
        panels.append(Panel(measure, tuple(placed), trend))
    lowest = min(p.x for panel in panels for p in panel.placed)
    highest = max(p.x for panel in panels for p in panel.placed)
    margin = max(0.5, (highest - lowest) * 0.05)
    return ChartData(first_day, (min(0.0, lowest - margin), max(float(span), highest + margin)), tuple(panels))


def _by_measure(points: Sequence[RatingPoint]) -> dict[str, list[RatingPoint]]:
    groups: dict[str, list[RatingPoint]] = {}
    for point in sorted(points, key=lambda p: p.at.timestamp()):
        if point.before is not None or point.after is not None:
            groups.setdefault(point.measure, []).append(point)
    if len(groups) > MAX_PANELS:
        busiest = sorted(groups, key=lambda k: (-len(groups[k]), -groups[k][-1].at.timestamp()))[:MAX_PANELS]
        groups = {k: v for k, v in groups.items() if k in busiest}
    return groups


def _spread(points: list[RatingPoint], first_day: date, gap: float) -> list[Placed]:
    by_day: dict[date, list[RatingPoint]] = {}
    for point in points:
        by_day.setdefault(point.at.date(), []).append(point)
    placed = []
    for day, same_day in by_day.items():
        middle = (day - first_day).days + 0.5
        count = len(same_day)
        step = max(gap, 0.0) if count * gap > 1 else 1 / count  # evenly across the day when that is wide enough
        for index, point in enumerate(same_day):
            placed.append(Placed(point, middle + (index - (count - 1) / 2) * step))
    return placed


def progress_chart(points: Sequence[RatingPoint], language: str, *, width: int = WIDTH_PX,
                   height: int = HEIGHT_PX) -> bytes:
    """A PNG of `width` × `height` pixels: one panel per measure on one time axis; each exercise a hollow
    marker (before) joined by an arrow to a filled one (after); the trend of the befores dashed."""
    # Imported here: matplotlib (with numpy) is tens of megabytes of memory, wanted only when a chart is drawn.
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(figsize=(width / DPI, height / DPI), dpi=DPI, layout="constrained")
    FigureCanvasAgg(figure)
    data = chart_data(points, width)
    if data is None:
        ax = figure.add_subplot()
        ax.set_axis_off()
        ax.text(0.5, 0.5, texts.text("chart_empty", language), ha="center", va="center", fontsize=18,
                color="#555555", transform=ax.transAxes)
    else:
        figure.suptitle(texts.text("chart_title", language), fontsize=17, fontweight="bold", x=0.01, ha="left")
        count = len(data.panels)
        rows, columns = (2, 2) if count == 4 else (count, 1)
        axes = figure.subplots(rows, columns, squeeze=False, sharex=True).flatten()
        for ax, panel in zip(axes, data.panels, strict=True):
            _panel(ax, panel, data, language)
        figure.legend(handles=_legend(language), loc="outside lower center", ncols=3, fontsize=13, frameon=False)
    out = io.BytesIO()
    figure.savefig(out, format="png", dpi=DPI, metadata={"Software": None})
    return out.getvalue()


def _panel(ax: Axes, panel: Panel, data: ChartData, language: str) -> None:
    for placed in panel.placed:
        point = placed.point
        if point.before is not None and point.after is not None and point.before != point.after:
            ax.annotate("", xy=(placed.x, point.after), xytext=(placed.x, point.before), zorder=1,
                        arrowprops={"arrowstyle": "-|>", "color": LINK_COLOUR, "lw": 2.0,
                                    "shrinkA": 6, "shrinkB": 6, "mutation_scale": 14})
    befores = [(p.x, p.point.before) for p in panel.placed if p.point.before is not None]
    afters = [(p.x, p.point.after) for p in panel.placed if p.point.after is not None]
    if befores:
        ax.plot(*zip(*befores, strict=True), linestyle="none", marker="o", markersize=BEFORE_SIZE,
                markeredgewidth=2.2, markerfacecolor="white", markeredgecolor=BEFORE_COLOUR, zorder=3)
    if afters:
        # smaller than the ring of "before", so an unchanged rating shows both
        ax.plot(*zip(*afters, strict=True), linestyle="none", marker="o", markersize=AFTER_SIZE,
                markerfacecolor=AFTER_COLOUR, markeredgecolor=AFTER_COLOUR, zorder=4)
    title = panel.measure
    if panel.trend is not None:
        start, end = min(x for x, _ in befores), max(x for x, _ in befores)
        ax.plot([start, end], [panel.trend.at(start), panel.trend.at(end)], linestyle="--", linewidth=2,
                color=TREND_COLOUR, alpha=0.7, zorder=2)
        title += " — " + texts.text("trend_per_week", language,
                                    change=texts.format_signed(round(panel.trend.per_week, 1), language))
    ax.set_title(title, fontsize=14, loc="left")
    _cutoffs_and_changes(ax, panel, language)
    lows = [p.point.low for p in panel.placed if p.point.low is not None]
    highs = [p.point.high for p in panel.placed if p.point.high is not None]
    if lows and highs and max(highs) > min(lows):
        pad = (max(highs) - min(lows)) * 0.08
        ax.set_ylim(min(lows) - pad, max(highs) + pad)
    ax.set_xlim(*data.x_range)
    ticks = _ticks(data, language)
    ax.set_xticks([x for x, _ in ticks], [label for _, label in ticks])
    ax.grid(True, axis="x", alpha=0.25)
    ax.tick_params(labelsize=12)
    ax.grid(True, axis="y", alpha=0.3)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)


def cutoffs_of(panel: Panel) -> tuple[int, ...]:
    return tuple(sorted({c for p in panel.placed for c in p.point.cutoffs}))


def _cutoffs_and_changes(ax: Axes, panel: Panel, language: str) -> None:
    """A questionnaire's clinical cut-offs as dotted lines, each labelled; a reliable change marked at the
    administration it ends at."""
    for cutoff in cutoffs_of(panel):
        ax.axhline(cutoff, linestyle=":", linewidth=1.4, color=CUTOFF_COLOUR, zorder=0)
        ax.annotate(f"{texts.text('cutoff', language)} {cutoff}", xy=(1.0, cutoff), xycoords=("axes fraction", "data"),
                    ha="right", va="bottom", fontsize=10, color=CUTOFF_COLOUR)
    for placed in panel.placed:
        change = placed.point.reliable_change
        if change is not None and placed.point.before is not None:
            ax.annotate(texts.format_signed(change, language), xy=(placed.x, placed.point.before),
                        xytext=(0, 12), textcoords="offset points", ha="center", fontsize=11, fontweight="bold",
                        color=CHANGE_COLOUR)


def _ticks(data: ChartData, language: str, most: int = 7) -> list[tuple[float, str]]:
    """Each day (under the middle of the day, where its points are) on a span under two weeks or three
    Mondays; else the start of each week (Mondays). Thinned to at most `most`."""
    low, high = data.x_range
    days = [data.first_day + timedelta(days=n) for n in range(int(low) - 1, int(high) + 2)]
    inside = [d for d in days if low <= (d - data.first_day).days <= high]
    mondays = [d for d in inside if d.weekday() == 0]
    daily = len(inside) < 14 or len(mondays) < 3  # weeks once there are enough of them to read a trend by
    chosen = inside if daily else mondays
    if len(chosen) > most:
        chosen = chosen[:: -(-len(chosen) // most)]
    return [((d - data.first_day).days + (0.5 if daily else 0.0), f"{d.day} {texts.month_name(d.month, language)}")
            for d in chosen]

def _legend(language: str) -> list[Line2D]:
    from matplotlib.lines import Line2D

    before = Line2D([], [], linestyle="none", marker="o", markersize=11, markeredgewidth=2.2,
                    markerfacecolor="white", markeredgecolor=BEFORE_COLOUR, label=texts.text("before", language))
    after = Line2D([], [], linestyle="none", marker="o", markersize=AFTER_SIZE, markerfacecolor=AFTER_COLOUR,
                   markeredgecolor=AFTER_COLOUR, label=texts.text("after", language))
    trend = Line2D([], [], linestyle="--", linewidth=2, color=TREND_COLOUR, alpha=0.7,
                   label=texts.text("trend", language))
    return [before, after, trend]
