"""Crisis detection on the blind corpora: figures only, per language and category, with 95% intervals.

    python bench/crisis_blind.py [--round round1] [--language en|ru] [--rounds N] [--detector full|rules]

The blind corpora (tests/safety/blind/<round>/<lang>/<label>.jsonl) were written by writers who had not
seen the phrase rules, the tuning corpus or any model's training sentences, and were committed before
anything was tuned on them (tests/safety/blind/README.md). To keep them blind for whoever tunes the
detector next, this prints no sentence: only counts, rates and intervals, per category and per kind.

For each language it prints, per risk category (self, others, home, someone_else): recall of any response
(the SOS path or a check-in), how many of the sentences the writers marked as clear risk got the SOS path, and
how many of those answered were put in the right category (which decides the helplines shown); for `none`:
the false alarms of the SOS path and of the check-in; and the time
per message (p50, p99). Targets (issue 10): recall >= 95%, SOS false alarms <= 3%, check-in false alarms
<= 10%, p99 <= 30 ms. Exit status 1 when a target is missed.
"""

from __future__ import annotations

import argparse
import json
import math
import statistics
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Literal

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.safety import crisis, detector
from bot.safety.crisis import Assessment

BLIND = Path(__file__).resolve().parent.parent / "tests" / "safety" / "blind"
RISK_LABELS = ("self", "others", "home", "someone_else")
RECALL_TARGET, SOS_FALSE_ALARM_TARGET, CHECK_FALSE_ALARM_TARGET, P99_TARGET_MS = 0.95, 0.03, 0.10, 30.0

Response = Literal["sos", "check_in", "none"]
DETECTORS = {"full": detector.assess, "rules": crisis.assess}  # the bot's detector; the phrase rules alone
assess = DETECTORS["full"]


def judged(text: str, language: str) -> Assessment:
    return assess(text, language)


def response(text: str, language: str) -> Response:
    """What the bot does with the message: nothing, a check-in question, or the SOS path."""
    return judged(text, language).response


def wilson(hits: int, n: int, z: float = 1.96) -> tuple[float, float]:
    """The 95% Wilson score interval of a proportion: honest at small n and at rates near 0 or 1."""
    if n == 0:
        return 0.0, 1.0
    p = hits / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return max(0.0, centre - half), min(1.0, centre + half)


def rate(hits: int, n: int) -> str:
    low, high = wilson(hits, n)
    share = hits / n if n else 0.0
    return f"{share:6.1%} [{low:5.1%}–{high:5.1%}]"


def load(round_name: str, language: str) -> dict[str, list[dict[str, str]]]:
    by_label: dict[str, list[dict[str, str]]] = {}
    for path in sorted((BLIND / round_name / language).glob("*.jsonl")):
        by_label[path.stem] = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
    return by_label


def evaluate(language: str, corpus: dict[str, list[dict[str, str]]]) -> bool:
    met = True
    for label in RISK_LABELS:
        items = corpus.get(label, [])
        verdicts = [(item, judged(item["text"], language)) for item in items]
        answered = Counter(item["kind"] for item, said in verdicts if said.is_risk)
        kinds = Counter(item["kind"] for item in items)
        hits = sum(answered.values())
        clear = [said for item, said in verdicts if item["level"] == "sos"]
        clear_sos = sum(said.response == "sos" for said in clear)
        right_category = sum(said.category == label for _, said in verdicts if said.is_risk)
        met &= bool(items) and hits / len(items) >= RECALL_TARGET
        print(f"  {label:<13} n {len(items):>4}   recall of any response {rate(hits, len(items))}"
              f"   clear risk given SOS {rate(clear_sos, len(clear))}   right category {rate(right_category, hits)}")
        for kind, n in sorted(kinds.items()):
            print(f"      {kind:<22} n {n:>4}   recall {rate(answered[kind], n)}")
    negatives = corpus.get("none", [])
    responses = [(item["kind"], response(item["text"], language)) for item in negatives]
    sos = Counter(kind for kind, said in responses if said == "sos")
    check = Counter(kind for kind, said in responses if said == "check_in")
    n = len(negatives)
    print(f"  {'none':<13} n {n:>4}   SOS false alarms {rate(sum(sos.values()), n)}"
          f"   check-in false alarms {rate(sum(check.values()), n)}")
    for kind, count in sorted(Counter(kind for kind, _ in responses).items()):
        print(f"      {kind:<22} n {count:>4}   SOS {rate(sos[kind], count)}   check-in {rate(check[kind], count)}")
    met &= n > 0 and sum(sos.values()) / n <= SOS_FALSE_ALARM_TARGET
    met &= n > 0 and sum(check.values()) / n <= CHECK_FALSE_ALARM_TARGET
    return met


def timing(texts: list[tuple[str, str]], rounds: int) -> tuple[float, float]:
    samples: list[float] = []
    for _ in range(rounds):
        for language, text in texts:
            started = time.perf_counter_ns()
            response(text, language)
            samples.append((time.perf_counter_ns() - started) / 1e6)
    samples.sort()
    return statistics.median(samples), samples[min(len(samples) - 1, int(len(samples) * 0.99))]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--round", default="round1", help="the corpus round (a folder under tests/safety/blind)")
    parser.add_argument("--language", choices=["en", "ru"], action="append")
    parser.add_argument("--rounds", type=int, default=5, help="timing rounds over the corpus (default 5)")
    parser.add_argument("--detector", choices=sorted(DETECTORS), default="full",
                        help="full: the bot's detector (rules and the semantic layer); rules: the phrase rules alone")
    args = parser.parse_args(argv)
    global assess
    assess = DETECTORS[args.detector]
    print(f"detector: {args.detector}")

    started = time.perf_counter()
    assess("warm up", None)
    load_ms = (time.perf_counter() - started) * 1000
    met = True
    texts: list[tuple[str, str]] = []
    for language in args.language or ["en", "ru"]:
        corpus = load(args.round, language)
        if not corpus:
            print(f"{language}: no corpus in {BLIND / args.round / language}")
            return 1
        print(f"{language} ({args.round}, {sum(len(items) for items in corpus.values())} sentences)")
        met &= evaluate(language, corpus)
        texts += [(language, item["text"]) for items in corpus.values() for item in items]
        print()
    p50, p99 = timing(texts, args.rounds)
    met &= p99 <= P99_TARGET_MS
    print(f"time per message over {len(texts) * args.rounds} calls: p50 {p50:.2f} ms, p99 {p99:.2f} ms"
          f"   (first call, loading the detector: {load_ms:.0f} ms)")
    print(f"targets: recall >= {RECALL_TARGET:.0%} per category, SOS false alarms <= {SOS_FALSE_ALARM_TARGET:.0%},"
          f" check-in false alarms <= {CHECK_FALSE_ALARM_TARGET:.0%}, p99 <= {P99_TARGET_MS:.0f} ms:"
          f" {'met' if met else 'NOT MET'}")
    return 0 if met else 1


if __name__ == "__main__":
    raise SystemExit(main())
