"""The exposition writer: what Prometheus reads must be well formed, cumulative and escaped."""

from __future__ import annotations

import pytest

from bot.ops.exposition import Counter, Gauge, Histogram, Registry
from tests.ops.support import parse_exposition, value


def test_counters_gauges_and_histograms_render_in_the_text_format() -> None:
    registry = Registry()
    calls = registry.add(Counter("x_calls_total", "Calls.", ("method", "outcome")))
    plain = registry.add(Counter("x_plain_total", "No labels."))
    gauge = registry.add(Gauge("x_open", "Open things.", ("kind",)))
    latency = registry.add(Histogram("x_seconds", "Latency.", (0.1, 1.0), ("kind",)))
    calls.inc("sendMessage", "ok")
    calls.inc("sendMessage", "ok")
    calls.inc("getMe", "timeout")
    plain.inc(amount=2.5)
    gauge.set("a", value=3)
    for seconds in (0.05, 0.1, 0.5, 7.0):
        latency.observe(seconds, "text")

    text = registry.render()
    samples = parse_exposition(text)
    assert "# TYPE x_calls_total counter" in text
    assert "# TYPE x_seconds histogram" in text
    assert value(samples, "x_calls_total", method="sendMessage", outcome="ok") == 2
    assert value(samples, "x_calls_total", method="getMe") == 1
    assert value(samples, "x_plain_total") == 2.5
    assert value(samples, "x_open", kind="a") == 3
    buckets = {found["le"]: v for name, found, v in samples if name == "x_seconds_bucket"}
    assert buckets == {"0.1": 2, "1": 3, "+Inf": 4}  # cumulative, the bound itself included
    assert value(samples, "x_seconds_count", kind="text") == 4
    assert value(samples, "x_seconds_sum", kind="text") == pytest.approx(7.65)


def test_label_values_are_escaped_and_gauges_can_be_replaced_whole() -> None:
    registry = Registry()
    gauge = registry.add(Gauge("x_g", "G.", ("kind",)))
    gauge.set('a"b\\c\nd', value=1)
    [(_, labels, _)] = parse_exposition(registry.render())
    assert labels == {"kind": 'a"b\\c\nd'}
    gauge.replace({("b",): 2.0})
    assert [(labels, v) for _, labels, v in parse_exposition(registry.render())] == [({"kind": "b"}, 2.0)]


def test_a_wrong_number_of_labels_is_refused() -> None:
    counter = Counter("x_total", "X.", ("a", "b"))
    with pytest.raises(ValueError, match="takes labels"):
        counter.inc("only-one")
