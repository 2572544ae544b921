"""Crisis-language benchmark: recall and false alarms on the labelled corpus, and time per assessment.

    python bench/crisis.py [--part tuning|heldout|all] [--rounds N] [--language en|ru]

For each language and corpus part (tuning = tests/safety/corpus/<lang>.yaml, used to write the rules;
heldout = <lang>.heldout.yaml, never used for tuning) it prints the number of sentences, recall (risk
sentences routed to support), the false-alarm rate (no-risk sentences routed to support), the misses and
false alarms by index with their text (test data, not anyone's messages), then the time per assessment.

Targets (the safety issue, section 1): recall >= 95%, false alarms <= 5%, on the full corpus per language.
Exit status 1 when a target is missed on a full corpus that was evaluated.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.safety.crisis import assess

CORPUS = Path(__file__).resolve().parent.parent / "tests" / "safety" / "corpus"
PARTS = {"tuning": "{lang}.yaml", "heldout": "{lang}.heldout.yaml"}
RECALL_TARGET = 0.95
FALSE_ALARM_TARGET = 0.05


@dataclass
class Result:
    risk: int = 0
    no_risk: int = 0
    misses: list[tuple[int, str]] = field(default_factory=list)
    false_alarms: list[tuple[int, str, tuple[str, ...]]] = field(default_factory=list)

    @property
    def recall(self) -> float:
        return (self.risk - len(self.misses)) / self.risk if self.risk else 1.0

    @property
    def false_alarm_rate(self) -> float:
        return len(self.false_alarms) / self.no_risk if self.no_risk else 0.0

    def add(self, other: Result) -> None:
        self.risk += other.risk
        self.no_risk += other.no_risk
        self.misses += other.misses
        self.false_alarms += other.false_alarms


def load_part(language: str, part: str) -> dict[str, list[str]]:
    data = yaml.safe_load((CORPUS / PARTS[part].format(lang=language)).read_text(encoding="utf-8"))
    return {"risk": list(data.get("risk") or []), "no_risk": list(data.get("no_risk") or [])}


def evaluate(language: str, sentences: dict[str, list[str]]) -> Result:
    result = Result(risk=len(sentences["risk"]), no_risk=len(sentences["no_risk"]))
    for index, text in enumerate(sentences["risk"]):
        if not assess(text, language).is_risk:
            result.misses.append((index, text))
    for index, text in enumerate(sentences["no_risk"]):
        assessment = assess(text, language)
        if assessment.is_risk:
            result.false_alarms.append((index, text, assessment.rules))
    return result


def report(title: str, result: Result, details: bool) -> None:
    print(
        f"{title:<16} sentences {result.risk + result.no_risk:>4} (risk {result.risk:>3}, no risk {result.no_risk:>3})"
        f"   recall {result.recall:6.1%}   false alarms {result.false_alarm_rate:5.1%}"
    )
    if not details:
        return
    for index, text in result.misses:
        print(f"    miss         risk[{index}]: {text}")
    for index, text, rules in result.false_alarms:
        print(f"    false alarm  no_risk[{index}]: {text}   <- {', '.join(rules)}")


def timing(sentences: list[tuple[str, str]], rounds: int) -> tuple[float, float]:
    samples: list[float] = []
    for _ in range(rounds):
        for language, text in sentences:
            started = time.perf_counter_ns()
            assess(text, language)
            samples.append((time.perf_counter_ns() - started) / 1000)
    samples.sort()
    return statistics.median(samples), samples[min(len(samples) - 1, int(len(samples) * 0.99))]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--part", choices=["tuning", "heldout", "all"], default="all")
    parser.add_argument("--language", choices=["en", "ru"], action="append")
    parser.add_argument("--rounds", type=int, default=20, help="timing rounds over the corpus (default 20)")
    parser.add_argument("--summary", action="store_true", help="figures only, no lists of misses and false alarms")
    args = parser.parse_args(argv)

    started = time.perf_counter()
    assess("warm up")  # loads and compiles the phrase files
    load_ms = (time.perf_counter() - started) * 1000

    parts = ["tuning", "heldout"] if args.part == "all" else [args.part]
    failed = False
    timed: list[tuple[str, str]] = []
    for language in args.language or ["en", "ru"]:
        total = Result()
        for part in parts:
            sentences = load_part(language, part)
            timed += [(language, s) for s in sentences["risk"] + sentences["no_risk"]]
            result = evaluate(language, sentences)
            report(f"{language} {part}", result, details=not args.summary)
            total.add(result)
        if len(parts) == 2:
            report(f"{language} full", total, details=False)
            ok = total.recall >= RECALL_TARGET and total.false_alarm_rate <= FALSE_ALARM_TARGET
            failed |= not ok
            print(
                f"{'':<16} targets recall >= {RECALL_TARGET:.0%}, false alarms <= {FALSE_ALARM_TARGET:.0%}: "
                f"{'met' if ok else 'NOT MET'}"
            )
        print()

    p50, p99 = timing(timed, args.rounds)
    print(
        f"time per assessment over {len(timed) * args.rounds} calls: p50 {p50:.1f} µs, p99 {p99:.1f} µs"
        f"   (first call, loading the phrase files: {load_ms:.0f} ms)"
    )
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
