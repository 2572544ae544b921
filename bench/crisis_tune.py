"""The semantic layer's alternatives side by side, by leave-one-source-out cross-validation.

    python bench/crisis_tune.py [--methods knn,lr,knn+lr] [--budget 0.05] [--min-words 4] [--cache FILE]

Three sources of labelled sentences: the training sentences (tests/safety/training, four writers and mine),
blind round 1 and blind round 2 (tuning data since their pre-tuning figures were recorded; round 3 is the
holdout and is never read). Each source in turn is held out: a model is fitted on the other two, with
per-category check-in thresholds chosen by a cross-validation inside those two (each inner source, and each
training writer, held out in turn), and the held-out source is judged by it. Every sentence is so judged once by
a model that saw nothing of its source. The figures are for the detector as the bot runs it: the phrase rules
and the semantic layer together (the more urgent response), per language and category, with 95% Wilson
intervals: recall of any response (check-in or SOS) on risk sentences; SOS and check-in false alarms on none.

Methods: knn (the neighbour vote), lr (softmax regression), mlp (one hidden layer), and averages such as knn+lr.
It prints no sentence. Embeddings are cached in --cache (default /tmp) keyed by the texts.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
import time
from collections.abc import Sequence
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from crisis_blind import wilson  # one interval for every crisis bench

from bot.safety import crisis, detector
from bot.safety.crisis import Assessment
from bot.safety.semantic import classifier
from bot.safety.semantic.encoder import DEFAULT_ENCODER, load_encoder
from bot.safety.semantic.model import LABELS, Verdict, unthresholded, verdict
from bot.safety.semantic.train import Example, embed, label_indices, load_all, thresholds

RISK = LABELS[1:]


def rate(hits: int, n: int) -> str:
    low, high = wilson(hits, n)
    return f"{(hits / n if n else 0.0):5.1%} ({low:.1%}–{high:.1%})"


def source(e: Example) -> str:
    return e.writer if e.writer.startswith("round") else "training"


def probabilities_of(
    method: str, x_train: np.ndarray, y_train: np.ndarray, x_test: np.ndarray, args: argparse.Namespace
) -> np.ndarray:
    parts = []
    for name in method.split("+"):
        if name == "knn":
            parts.append(unthresholded("", x_train, y_train, args.neighbours, args.temperature).probabilities(x_test))
        elif name in ("lr", "mlp"):
            fitted = classifier.fit(x_train, y_train, len(LABELS), hidden=args.hidden if name == "mlp" else 0,
                                    steps=args.steps, learning_rate=args.learning_rate, l2=args.l2)
            parts.append(fitted.probabilities(x_test))
        else:
            raise SystemExit(f"unknown method {name}")
    return np.asarray(np.mean(parts, axis=0))




def semantic_verdicts(method: str, examples: Sequence[Example], x: np.ndarray, short: np.ndarray,
                      quiet_rules: np.ndarray, args: argparse.Namespace) -> tuple[list[Verdict], dict[str, np.ndarray]]:
    labels = label_indices(examples)
    sources = np.array([source(e) for e in examples])
    inner_groups = np.array([e.writer for e in examples]) if args.fine_inner else sources
    found: list[Verdict | None] = [None] * len(examples)
    chosen: dict[str, np.ndarray] = {}
    for held in sorted(set(sources)):
        test = np.flatnonzero(sources == held)
        train = np.flatnonzero(sources != held)
        oof = np.zeros((len(train), len(LABELS)))
        for g in sorted(set(inner_groups[train])):
            inner_test = np.flatnonzero(inner_groups[train] == g)
            inner_train = np.flatnonzero(inner_groups[train] != g)
            oof[inner_test] = probabilities_of(method, x[train][inner_train], labels[train][inner_train],
                                               x[train][inner_test], args)
        # thresholds as the detector runs: a short message never reaches the layer, and a none sentence the rules
        # already alarm on costs nothing more (its risk is counted as 0: the budget is the layer's added alarms)
        oof[~quiet_rules[train]] = np.eye(len(LABELS))[0]
        keep = ~short[train]
        check_in, sos = thresholds(oof[keep], labels[train][keep], args.budget, 0.0)
        chosen[held] = check_in
        probs = probabilities_of(method, x[train], labels[train], x[test], args)
        for i, row in zip(test, probs, strict=True):
            found[i] = Verdict("none", None, 0.0) if short[i] else verdict(row, check_in, sos)
    return [v for v in found if v is not None], chosen


def cached_embeddings(examples: Sequence[Example], cache: Path) -> np.ndarray:
    texts = [e.text for e in examples]
    key = hashlib.sha256("\0".join(texts).encode()).hexdigest()[:16]
    path = cache / f"crisis_tune_{DEFAULT_ENCODER}_{key}.npy"
    if path.exists():
        return np.asarray(np.load(path))
    started = time.perf_counter()
    x = embed(load_encoder(), texts)
    print(f"embedded {len(texts)} sentences in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    np.save(path, x)
    return x


def table(
    name: str, examples: Sequence[Example], answers: Sequence[Assessment], subset: str | None = None
) -> list[str]:
    rows = []
    for language in ("en", "ru"):
        idx = [i for i, e in enumerate(examples) if e.language == language and (subset is None or source(e) == subset)]
        cells = []
        for label in RISK:
            pick = [i for i in idx if examples[i].label == label]
            cells.append(rate(sum(answers[i].is_risk for i in pick), len(pick)))
        none = [i for i in idx if examples[i].label == "none"]
        cells.append(rate(sum(answers[i].response == "sos" for i in none), len(none)))
        cells.append(rate(sum(answers[i].response == "check_in" for i in none), len(none)))
        rows.append(f"| {name} | {subset or 'all'} | {language} | " + " | ".join(cells) + " |")
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--methods", default="knn,lr,knn+lr")
    parser.add_argument("--budget", type=float, default=0.05)
    parser.add_argument("--min-words", type=int, default=4)
    parser.add_argument("--neighbours", type=int, default=40)
    parser.add_argument("--temperature", type=float, default=0.05)
    parser.add_argument("--hidden", type=int, default=64)
    parser.add_argument("--steps", type=int, default=classifier.STEPS)
    parser.add_argument("--learning-rate", type=float, default=classifier.LEARNING_RATE)
    parser.add_argument("--l2", type=float, default=classifier.L2)
    parser.add_argument("--fine-inner", action="store_true", help="inner folds per writer, not per source")
    parser.add_argument("--per-source", action="store_true", help="also a row per held-out source")
    parser.add_argument("--cache", type=Path, default=Path("/tmp"))
    args = parser.parse_args(argv)

    from threadpoolctl import threadpool_limits

    threadpool_limits(1)
    examples = load_all()
    x = cached_embeddings(examples, args.cache)
    words = np.array([sum(1 for w in e.text.split() if any(c.isalnum() for c in w)) for e in examples])
    short = words < args.min_words
    rules = [crisis.assess(e.text, e.language) for e in examples]
    quiet = np.array([r.response == "none" for r in rules])
    print(f"{len(examples)} sentences; sources "
          + ", ".join(f"{s} {sum(source(e) == s for e in examples)}" for s in ("training", "round1", "round2"))
          + f"; check-in budget {args.budget:.0%}; fewer than {args.min_words} words: no semantic verdict\n")
    print("| method | held out | language | self | others | home | someone_else | none: SOS | none: check-in |")
    print("| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    for line in table("rules alone", examples, rules):
        print(line)
    for method in args.methods.split(","):
        started = time.perf_counter()
        found, chosen = semantic_verdicts(method, examples, x, short, quiet, args)
        both = [detector.combine(r, v) for r, v in zip(rules, found, strict=True)]
        for line in table(method, examples, both):
            print(line)
        if args.per_source:
            for held in ("training", "round1", "round2"):
                for line in table(method, examples, both, held):
                    print(line)
        print("  thresholds " + "; ".join(f"{k}: " + " ".join(f"{t:.2f}" for t in v) for k, v in chosen.items())
              + f"  ({time.perf_counter() - started:.0f} s)", file=sys.stderr)
        sys.stdout.flush()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
