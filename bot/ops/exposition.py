"""A small Prometheus registry and its text exposition format (version 0.0.4): counters, gauges and
histograms with labels. About a hundred lines instead of a dependency: the bot needs nothing else of a
client library, and with metrics off (the default) not even this is imported."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TypeVar

Labels = tuple[str, ...]
M = TypeVar("M", bound="Metric")


def _escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace("\n", "\\n").replace('"', '\\"')


def _number(value: float) -> str:
    if math.isinf(value):
        return "+Inf" if value > 0 else "-Inf"
    if value == int(value) and abs(value) < 1e15:
        return str(int(value))
    return repr(value)


def _labels(names: Sequence[str], values: Sequence[str], extra: str = "") -> str:
    parts = [f'{name}="{_escape(value)}"' for name, value in zip(names, values, strict=True)]
    if extra:
        parts.append(extra)
    return "{" + ",".join(parts) + "}" if parts else ""


class Metric:
    kind = "untyped"

    def __init__(self, name: str, help_text: str, labels: Sequence[str] = ()) -> None:
        self.name, self.help, self.label_names = name, help_text, tuple(labels)

    def _check(self, values: Labels) -> Labels:
        if len(values) != len(self.label_names):
            raise ValueError(f"{self.name} takes labels {self.label_names}, given {values}")
        return values

    def header(self) -> list[str]:
        return [f"# HELP {self.name} {self.help}", f"# TYPE {self.name} {self.kind}"]

    def samples(self) -> list[str]:
        raise NotImplementedError

    def render(self) -> list[str]:
        return self.header() + self.samples()


class Counter(Metric):
    kind = "counter"

    def __init__(self, name: str, help_text: str, labels: Sequence[str] = ()) -> None:
        super().__init__(name, help_text, labels)
        self.values: dict[Labels, float] = {} if labels else {(): 0.0}

    def inc(self, *labels: str, amount: float = 1.0) -> None:
        key = self._check(labels)
        self.values[key] = self.values.get(key, 0.0) + amount

    def samples(self) -> list[str]:
        return [f"{self.name}{_labels(self.label_names, key)} {_number(value)}"
                for key, value in sorted(self.values.items())]


class Gauge(Counter):
    kind = "gauge"

    def set(self, *labels: str, value: float) -> None:
        self.values[self._check(labels)] = value

    def replace(self, values: dict[Labels, float]) -> None:
        """All of the gauge's series at once: series not given are gone."""
        self.values = {self._check(key): value for key, value in values.items()}


class Histogram(Metric):
    kind = "histogram"

    def __init__(self, name: str, help_text: str, buckets: Sequence[float], labels: Sequence[str] = ()) -> None:
        super().__init__(name, help_text, labels)
        self.bounds = tuple(sorted(buckets))
        self.series: dict[Labels, tuple[list[int], list[float]]] = {}  # labels -> (bucket counts, [sum, count])

    def observe(self, value: float, *labels: str) -> None:
        key = self._check(labels)
        counts, totals = self.series.setdefault(key, ([0] * (len(self.bounds) + 1), [0.0, 0.0]))
        for index, bound in enumerate(self.bounds):
            if value <= bound:
                counts[index] += 1
                break
        else:
            counts[-1] += 1
        totals[0] += value
        totals[1] += 1

    def samples(self) -> list[str]:
        lines: list[str] = []
        for key, (counts, (total, count)) in sorted(self.series.items()):
            cumulative = 0
            for bound, bucket in zip((*self.bounds, math.inf), counts, strict=True):
                cumulative += bucket
                le = f'le="{_number(bound)}"'
                lines.append(f"{self.name}_bucket{_labels(self.label_names, key, le)} {cumulative}")
            lines.append(f"{self.name}_sum{_labels(self.label_names, key)} {_number(total)}")
            lines.append(f"{self.name}_count{_labels(self.label_names, key)} {_number(count)}")
        return lines


class Registry:
    def __init__(self) -> None:
        self.metrics: list[Metric] = []

    def add(self, metric: M) -> M:
        self.metrics.append(metric)
        return metric

    def render(self) -> str:
        return "\n".join(line for metric in self.metrics for line in metric.render()) + "\n"


CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"
