"""The semantic crisis layer, cross-validated on its training sentences, and the detector's time and memory.

    python bench/crisis_semantic.py [--encoder use-m3|e5-small-q4] [--language en|ru] [--rounds N]

The training sentences (tests/safety/training) come from four writers, two per language. Each writer's
sentences are judged by a model fitted on the other three writers, with thresholds chosen by a
cross-validation inside those three (nested: nothing of the judged writer is seen). The figures, per
language and category, for the rules alone, the semantic layer alone and both (bot.safety.detector):
recall of any response (check-in or SOS) on risk sentences, and on the none sentences the SOS and the
check-in false alarms, each with its 95% Wilson interval. Then, for the combined detector, recall and alarms
per kind.

Then the running detector (weights.npz): time per message of detector.assess over the training sentences
(p50, p99), and in a fresh process the start time (import and warm_up) and the resident memory.
Targets (issue 10): recall >= 95%, SOS false alarms <= 3%, check-in false alarms <= 10%, p99 <= 30 ms,
start < 5 s. It prints no sentence.
"""

from __future__ import annotations

import argparse
import math
import statistics
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.safety import crisis, detector
from bot.safety.crisis import Assessment
from bot.safety.semantic.encoder import DEFAULT_ENCODER, ENCODERS, load_encoder
from bot.safety.semantic.model import LABELS, NEIGHBOURS, TEMPERATURE, Verdict, unthresholded, verdict
from bot.safety.semantic.pieces import pieces
from bot.safety.semantic.train import (
    CHECK_BUDGET,
    SOS_BUDGET,
    TRAINING,
    Example,
    embed,
    folds,
    label_indices,
    load_examples,
    out_of_fold,
    thresholds,
)

RISK_LABELS = LABELS[1:]
ROOT = Path(__file__).resolve().parent.parent


def wilson(hits: int, n: int, z: float = 1.96) -> tuple[float, float]:
    if n == 0:
        return 0.0, 1.0
    p = hits / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return max(0.0, centre - half), min(1.0, centre + half)


def rate(hits: int, n: int) -> str:
    low, high = wilson(hits, n)
    return f"{(hits / n if n else 0.0):6.1%} [{low:5.1%}–{high:5.1%}]"


def nested_verdicts(
    examples: Sequence[Example],
    embeddings: object,
    check_budget: float,
    sos_budget: float,
    neighbours: int,
    temperature: float,
) -> list[Verdict]:
    import numpy as np

    x = np.asarray(embeddings)
    labels = label_indices(examples)
    found: list[Verdict | None] = [None] * len(examples)
    for held_out in folds(examples):
        inner = [i for i in range(len(examples)) if i not in set(held_out)]
        inner_examples = [examples[i] for i in inner]
        oof = out_of_fold(x[inner], labels[inner], folds(inner_examples), neighbours, temperature)
        check_in, sos = thresholds(oof, labels[inner], check_budget, sos_budget)
        model = unthresholded("", x[inner], labels[inner], neighbours, temperature)
        for i, row in zip(held_out, model.probabilities(x[list(held_out)]), strict=True):
            # as the detector does: a message too short for the layer gets no semantic verdict
            found[i] = verdict(row, check_in, sos) if pieces(examples[i].text) else Verdict("none", None, 0.0)
    return [v for v in found if v is not None]


def as_assessment(v: Verdict) -> Assessment:
    return Assessment(v.response, v.category, (f"semantic.{v.category}",) if v.category else ())


def report(language: str, examples: Sequence[Example], answers: dict[str, list[Assessment]]) -> None:
    print(f"{language}: {len(examples)} sentences")
    for label in RISK_LABELS:
        index = [i for i, e in enumerate(examples) if e.label == label]
        cells = "   ".join(
            f"{name} {rate(sum(answers[name][i].is_risk for i in index), len(index))}" for name in answers
        )
        print(f"  {label:<13} n {len(index):>4}  recall of any response   {cells}")
    index = [i for i, e in enumerate(examples) if e.label == "none"]
    for response in ("sos", "check_in"):
        cells = "   ".join(
            f"{name} {rate(sum(answers[name][i].response == response for i in index), len(index))}" for name in answers
        )
        print(f"  {'none':<13} n {len(index):>4}  {response + ' false alarms':<24} {cells}")
    combined = answers["both"]
    print("  both, per kind:")
    for label in LABELS:
        kinds = Counter(e.kind for e in examples if e.label == label)
        for kind, n in sorted(kinds.items()):
            picked = [i for i, e in enumerate(examples) if e.label == label and e.kind == kind]
            if label == "none":
                sos = sum(combined[i].response == "sos" for i in picked)
                check = sum(combined[i].response == "check_in" for i in picked)
                print(f"    {label:<13} {kind:<20} n {n:>4}   SOS {rate(sos, n)}   check-in {rate(check, n)}")
            else:
                hits = sum(combined[i].is_risk for i in picked)
                print(f"    {label:<13} {kind:<20} n {n:>4}   recall {rate(hits, n)}")
    print()


def timing(texts: Sequence[tuple[str, str]], rounds: int) -> tuple[float, float]:
    samples: list[float] = []
    for _ in range(rounds):
        for language, text in texts:
            started = time.perf_counter_ns()
            detector.assess(text, language)
            samples.append((time.perf_counter_ns() - started) / 1e6)
    samples.sort()
    return statistics.median(samples), samples[min(len(samples) - 1, int(len(samples) * 0.99))]


# Resident memory from /proc: getrusage's maximum would carry over the bench's own memory through fork and exec.
START_SCRIPT = """
import time
started = time.perf_counter()
from bot.safety import detector
ok = detector.warm_up()
seconds = time.perf_counter() - started
status = dict(line.split(":", 1) for line in open("/proc/self/status"))
print(ok, seconds, int(status["VmRSS"].split()[0]) / 1024, int(status["VmHWM"].split()[0]) / 1024)
"""


def start_figures() -> tuple[bool, float, float, float]:
    out = subprocess.run([sys.executable, "-c", START_SCRIPT], capture_output=True, text=True, check=True, cwd=ROOT)
    ok, seconds, rss, peak = out.stdout.split()
    return ok == "True", float(seconds), float(rss), float(peak)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--encoder", choices=sorted(ENCODERS), default=DEFAULT_ENCODER)
    parser.add_argument("--language", choices=["en", "ru"], action="append")
    parser.add_argument("--rounds", type=int, default=3, help="timing rounds over the sentences (0: no timing)")
    parser.add_argument("--check-budget", type=float, default=CHECK_BUDGET)
    parser.add_argument("--sos-budget", type=float, default=SOS_BUDGET)
    parser.add_argument("--neighbours", type=int, default=NEIGHBOURS)
    parser.add_argument("--temperature", type=float, default=TEMPERATURE)
    parser.add_argument("--training", type=Path, default=TRAINING)
    args = parser.parse_args(argv)

    examples = load_examples(args.training)
    started = time.perf_counter()
    encoder = load_encoder(args.encoder)
    load_s = time.perf_counter() - started
    started = time.perf_counter()
    embeddings = embed(encoder, [e.text for e in examples])
    batch_ms = (time.perf_counter() - started) * 1000 / len(examples)
    single: list[int] = []
    for e in examples[::10]:
        begun = time.perf_counter_ns()
        encoder.encode([e.text])
        single.append(time.perf_counter_ns() - begun)
    single.sort()
    p50, p99 = statistics.median(single) / 1e6, single[int(len(single) * 0.99)] / 1e6
    print(
        f"encoder {args.encoder}: loaded in {load_s:.2f} s; {batch_ms:.2f} ms per sentence in batches;"
        f" one sentence alone p50 {p50:.2f} ms, p99 {p99:.2f} ms"
    )
    print(
        f"budgets: check-in {args.check_budget:.1%}, SOS {args.sos_budget:.1%} of none sentences;"
        f" {args.neighbours} neighbours, temperature {args.temperature}\n"
    )

    semantic = nested_verdicts(
        examples, embeddings, args.check_budget, args.sos_budget, args.neighbours, args.temperature
    )
    for language in args.language or ["en", "ru"]:
        index = [i for i, e in enumerate(examples) if e.language == language]
        rules = [crisis.assess(examples[i].text, language) for i in index]
        ours = [semantic[i] for i in index]
        answers = {
            "rules": rules,
            "semantic": [as_assessment(v) for v in ours],
            "both": [detector.combine(r, v) for r, v in zip(rules, ours, strict=True)],
        }
        report(language, [examples[i] for i in index], answers)

    if args.rounds:
        ok, seconds, rss, peak = start_figures()
        print(
            f"start in a fresh process (import, warm_up): {seconds:.2f} s, RSS {rss:.0f} MiB (peak {peak:.0f} MiB),"
            f" semantic layer {ok}"
        )
        detector.warm_up()
        texts = [(e.language, e.text) for e in examples]
        p50, p99 = timing(texts, args.rounds)
        print(f"detector.assess over {len(texts) * args.rounds} calls: p50 {p50:.2f} ms, p99 {p99:.2f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
