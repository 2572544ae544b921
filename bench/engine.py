"""Engine benchmark: prints load+validate time for 100 flows, engine time per step and session size.

    python bench/engine.py [--rounds N]

Targets (issue 2): 100 flows loaded and validated in <= 1 s; engine p50 <= 50 µs per step.
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.engine import FlowEngine
from bot.engine.effects import Ask, TimerStarted
from bot.engine.events import ActionChosen, Event, OptionChosen, TextEntered, TimerTick
from bot.engine.session import Session
from bot.flow_dirs import SHIPPED_FLOWS
from bot.flowspec import load_catalogue, load_flow_file
from bot.flowspec.model import Flow


def bench_loading(count: int = 100) -> tuple[float, int]:
    sources = sorted(SHIPPED_FLOWS.glob("*.yaml"))
    with tempfile.TemporaryDirectory() as tmp:
        for n in range(count):
            source = sources[n % len(sources)].read_text(encoding="utf-8")
            flow_id = re.search(r"^id: (\w+)", source, flags=re.M)
            assert flow_id is not None
            renamed = source.replace(flow_id.group(0), f"id: {flow_id.group(1)[:30]}_{n}", 1)
            (Path(tmp) / f"flow_{n:03}.yaml").write_text(renamed, encoding="utf-8")
        started = time.perf_counter()
        catalogue = load_catalogue([Path(tmp)])
        elapsed = time.perf_counter() - started
    errors = sum(p.severity == "error" for p in catalogue.problems)
    if len(catalogue.flows) != count or errors:
        raise SystemExit(f"expected {count} valid flows, got {len(catalogue.flows)} ({errors} errors)")
    return elapsed, len(catalogue.flows)


def scripted_event(engine: FlowEngine, session: Session, visits: dict[str, int]) -> Event:
    """A client who answers everything: texts, the middle of scales, options in turn (so loops end)."""
    prompt = [e for e in engine.prompt(session) if isinstance(e, Ask | TimerStarted)][-1]
    at = session.updated_at + 2
    if isinstance(prompt, TimerStarted):
        return TimerTick(at + 10_000)
    visits[prompt.step_id] = visits.get(prompt.step_id, 0) + 1
    options = [b for b in prompt.buttons if b.kind == "option"]
    if prompt.kind == "choice":
        return OptionChosen(prompt.seq, options[min(visits[prompt.step_id], len(options)) - 1].value, at)
    if prompt.kind == "scale":
        return OptionChosen(prompt.seq, options[len(options) // 2].value, at)
    if prompt.kind == "multi_choice":
        if not any(b.selected for b in options):
            return OptionChosen(prompt.seq, options[0].value, at)
        return ActionChosen(prompt.seq, "done", at)
    if prompt.kind == "summary":
        return ActionChosen(prompt.seq, "confirm", at)
    if prompt.kind == "button":
        return ActionChosen(prompt.seq, "continue", at)
    return TextEntered("I keep thinking I will mess it up and everyone will notice.", at)


def bench_steps(flow: Flow, rounds: int) -> tuple[list[float], int, int]:
    engine = FlowEngine(flow)
    timings: list[float] = []
    largest = 0
    steps = 0
    for _ in range(rounds):
        session, _effects = engine.start("en", 1_000.0)
        visits: dict[str, int] = {}
        while session.status == "active" and steps < 10_000_000:
            event = scripted_event(engine, session, visits)
            started = time.perf_counter_ns()
            engine.handle(session, event)
            timings.append((time.perf_counter_ns() - started) / 1000)
            steps += 1
            largest = max(largest, len(session.to_json().encode()))
    return timings, largest, steps


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=200, help="complete walks of each flow")
    args = parser.parse_args()

    elapsed, count = bench_loading()
    print(f"load+validate {count} flows: {elapsed * 1000:.0f} ms  (target <= 1000 ms)")

    print(f"{'flow':32} {'events':>7} {'p50 µs':>8} {'p99 µs':>8} {'session bytes (max)':>20}")
    all_timings: list[float] = []
    for path in sorted(SHIPPED_FLOWS.glob("*.yaml")):
        flow = load_flow_file(path).flow
        assert flow is not None, path
        timings, size, steps = bench_steps(flow, args.rounds)
        all_timings += timings
        q = statistics.quantiles(timings, n=100)
        print(f"{flow.id:32} {steps:>7} {statistics.median(timings):>8.1f} {q[98]:>8.1f} {size:>20}")
    q = statistics.quantiles(all_timings, n=100)
    print(f"{'all':32} {len(all_timings):>7} {statistics.median(all_timings):>8.1f} {q[98]:>8.1f}"
          f"   (target p50 <= 50 µs)")


if __name__ == "__main__":
    main()
