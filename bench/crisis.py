"""Crisis-language benchmark: recall and false alarms on the labelled corpus, per category, and time per message.

    python bench/crisis.py [--part tuning|heldout|all] [--rounds N] [--language en|ru] [--summary]

Two corpora per language (tests/safety/corpus):

* ``<lang>.yaml`` / ``<lang>.heldout.yaml``: ``risk`` and ``no_risk`` (the first corpus: mostly the person's own
  risk, some someone else's); reported as the labels ``risk`` and ``none``.
* ``<lang>.categories.yaml`` / ``<lang>.categories.heldout.yaml``: one list per category (``self``, ``others``,
  ``home``, ``someone_else``) and ``none``.

For each language, part and label it prints recall (the share routed to any response: check-in or SOS) for the
risk labels, with how many caught sentences got another category; for ``none`` the SOS false alarms and
check-in false alarms, each with a 95% Wilson interval; then every miss and false alarm with its text (test
data, not anyone's messages) unless ``--summary``; then the time per message, p50 and p99, and the time to
load the phrase files.

The held-out parts were never used to write or tune rules. Exit status 1 when the first corpus misses its
targets (recall >= 95%, false alarms <= 5%) on a full language.
"""

from __future__ import annotations

import argparse
import math
import statistics
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.safety.crisis import assess

CORPUS = Path(__file__).resolve().parent.parent / "tests" / "safety" / "corpus"
FILES = {
    "tuning": ("{lang}.yaml", "{lang}.categories.yaml"),
    "heldout": ("{lang}.heldout.yaml", "{lang}.categories.heldout.yaml"),
}
RISK_LABELS = ("risk", "self", "others", "home", "someone_else")
CATEGORY_LABELS = RISK_LABELS[1:]  # labels that name who is at risk (the first corpus's "risk" does not)
LABELS = (*RISK_LABELS, "none")
RECALL_TARGET = 0.95
FALSE_ALARM_TARGET = 0.05


def wilson(hits: int, n: int, z: float = 1.96) -> tuple[float, float]:
    """The 95% Wilson score interval of a proportion."""
    if n == 0:
        return 0.0, 1.0
    p = hits / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return max(0.0, centre - half), min(1.0, centre + half)


def rate(hits: int, n: int) -> str:
    low, high = wilson(hits, n)
    share = hits / n if n else 0.0
    return f"{share:6.1%} ({hits:>3}/{n:<3}) [{low:5.1%}-{high:5.1%}]"


@dataclass
class Tally:
    n: int = 0
    caught: list[tuple[str, str, tuple[str, ...]]] = field(default_factory=list)  # (response, text, rules)
    wrong_category: list[tuple[str, str]] = field(default_factory=list)  # (category found, text)
    missed: list[str] = field(default_factory=list)

    def count(self, response: str) -> int:
        return sum(1 for r, _, _ in self.caught if r == response)

    def add(self, other: Tally) -> None:
        self.n += other.n
        self.caught += other.caught
        self.missed += other.missed
        self.wrong_category += other.wrong_category


def load(language: str, part: str) -> dict[str, list[str]]:
    sentences: dict[str, list[str]] = {label: [] for label in LABELS}
    first, categories = (CORPUS / name.format(lang=language) for name in FILES[part])
    data = yaml.safe_load(first.read_text(encoding="utf-8"))
    sentences["risk"] += data.get("risk") or []
    sentences["none"] += data.get("no_risk") or []
    if categories.exists():
        by_category = yaml.safe_load(categories.read_text(encoding="utf-8"))
        for label in LABELS[1:]:
            sentences[label] += by_category.get(label) or []
    return sentences


def evaluate(language: str, sentences: list[str], label: str) -> Tally:
    tally = Tally(n=len(sentences))
    for text in sentences:
        assessment = assess(text, language)
        if assessment.is_risk:
            tally.caught.append((assessment.response, text, assessment.rules))
            if label in CATEGORY_LABELS and assessment.category != label:
                tally.wrong_category.append((str(assessment.category), text))
        else:
            tally.missed.append(text)
    return tally


def report(title: str, label: str, tally: Tally, details: bool) -> None:
    if not tally.n:
        return
    if label == "none":
        print(
            f"{title:<14} {label:<13} SOS false alarms {rate(tally.count('sos'), tally.n)}   "
            f"check-in false alarms {rate(tally.count('check_in'), tally.n)}"
        )
        if details:
            for response, text, rules in tally.caught:
                print(f"      false alarm ({response}): {text}   <- {', '.join(rules)}")
        return
    print(
        f"{title:<14} {label:<13} recall {rate(len(tally.caught), tally.n)}   "
        f"of which SOS {tally.count('sos'):>3}, check-in {tally.count('check_in'):>3}"
        + (f", other category {len(tally.wrong_category):>2}" if label in CATEGORY_LABELS else "")
    )
    if details:
        for text in tally.missed:
            print(f"      miss: {text}")
        for category, text in tally.wrong_category:
            print(f"      category {category}: {text}")


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
        full = {label: Tally() for label in LABELS}
        for part in parts:
            sentences = load(language, part)
            for label in LABELS:
                timed += [(language, s) for s in sentences[label]]
                tally = evaluate(language, sentences[label], label)
                report(f"{language} {part}", label, tally, details=not args.summary)
                full[label].add(tally)
            print()
        if len(parts) == 2:
            for label in LABELS:
                report(f"{language} full", label, full[label], details=False)
            risk, none = full["risk"], full["none"]
            recall = len(risk.caught) / risk.n if risk.n else 1.0
            false_alarms = len(none.caught) / none.n if none.n else 0.0
            ok = recall >= RECALL_TARGET and false_alarms <= FALSE_ALARM_TARGET
            failed |= not ok
            print(
                f"{'':<14} first corpus targets (risk recall >= {RECALL_TARGET:.0%}, any false alarm <= "
                f"{FALSE_ALARM_TARGET:.0%}): recall {recall:.1%}, false alarms {false_alarms:.1%}: "
                f"{'met' if ok else 'NOT MET'}"
            )
            print()

    p50, p99 = timing(timed, args.rounds)
    print(
        f"time per message over {len(timed) * args.rounds} calls: p50 {p50:.1f} µs, p99 {p99:.1f} µs"
        f"   (first call, loading the phrase files: {load_ms:.0f} ms)"
    )
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
