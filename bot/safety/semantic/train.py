"""Fit the semantic layer on tests/safety/training and store it in bot/safety/semantic/weights.npz.

    python -m bot.safety.semantic.train [--encoder use-m3] [--check-budget 0.05] [--sos-budget 0]

The training sentences are tests/safety/training/<language>/<label>.jsonl, one JSON object a line with text,
label, kind, level and writer. Thresholds come from cross-validation that leaves one writer out at a time
(the blind test sentences are by other writers too): for each category, the lowest risk at which the
out-of-fold none sentences given that category stay within a quarter of the budget, and never below a floor;
an SOS budget of 0 (the default) means the semantic layer never opens the SOS path by itself.
Then the model is fitted on every sentence and saved with the hash of the training files; a test fails when
the files change without a retrain (tests/safety/test_semantic.py).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Final

from bot.safety.phrasebook import CATEGORIES
from bot.safety.semantic.encoder import DEFAULT_ENCODER, Encoder, load_encoder
from bot.safety.semantic.model import LABELS, NEIGHBOURS, TEMPERATURE, WEIGHTS, Model, unthresholded
from bot.safety.semantic.pieces import PIECE_CHARS

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray

TRAINING: Final = Path(__file__).resolve().parents[3] / "tests" / "safety" / "training"
BLIND: Final = TRAINING.parent / "blind"
# Blind rounds whose pre-tuning figures are recorded (tests/safety/blind/README.md) and that are now tuning
# data. Named one by one: a new round is the holdout and must never be read here.
TUNING_ROUNDS: Final = ("round1", "round2")
CHECK_BUDGET: Final = 0.05  # of the none sentences, the share the semantic layer may send to a check-in
# ... and to the SOS path: none by default. Leave-one-writer-out figures showed the SOS thresholds chosen on
# three writers letting through more than their budget on the fourth, and an SOS adds no recall to a check-in.
SOS_BUDGET: Final = 0.0
CHECK_FLOOR: Final = 0.5
SOS_FLOOR: Final = 0.9


@dataclass(frozen=True, slots=True)
class Example:
    text: str
    label: str
    kind: str
    level: str
    language: str
    writer: str


def load_examples(root: Path = TRAINING, writer: str | None = None) -> list[Example]:
    """The sentences under root/<language>/<label>.jsonl; writer, when given, names the writer of them all."""
    examples: list[Example] = []
    for path in sorted(root.glob("*/*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            item = json.loads(line)
            if item["label"] not in LABELS:
                raise ValueError(f"{path.relative_to(root)}: unknown label {item['label']!r}")
            examples.append(
                Example(
                    item["text"],
                    item["label"],
                    item["kind"],
                    item["level"],
                    path.parent.name,
                    writer if writer is not None else item.get("writer", ""),
                )
            )
    return examples


def load_all(training: Path = TRAINING, blind: Path = BLIND, rounds: Sequence[str] = TUNING_ROUNDS) -> list[Example]:
    """The training sentences (each with its writer) and the tuning rounds' (each round as one writer)."""
    found = load_examples(training)
    for name in rounds:
        found += load_examples(blind / name, writer=name)
    return found


def data_hash(root: Path = TRAINING) -> str:
    digest = hashlib.sha256()
    for path in sorted(root.glob("*/*.jsonl")):
        digest.update(path.relative_to(root).as_posix().encode())
        digest.update(b"\0")
        digest.update(path.read_bytes())
        digest.update(b"\0")
    return digest.hexdigest()


def embed(encoder: Encoder, texts: Sequence[str], batch: int = 64) -> NDArray[np.float32]:
    """The training sentences whole (they are short: a message up to PIECE_CHARS is one piece at run time)."""
    import numpy as np

    flat = [" ".join(text.split())[: PIECE_CHARS * 2] for text in texts]
    return np.vstack([encoder.encode(flat[i : i + batch]) for i in range(0, len(flat), batch)])


def label_indices(examples: Sequence[Example]) -> NDArray[np.int64]:
    import numpy as np

    return np.array([LABELS.index(e.label) for e in examples], dtype=np.int64)


def folds(examples: Sequence[Example]) -> list[list[int]]:
    """One fold per writer; five interleaved folds when there is only one writer."""
    writers = sorted({e.writer for e in examples})
    if len(writers) > 1:
        return [[i for i, e in enumerate(examples) if e.writer == w] for w in writers]
    return [list(range(start, len(examples), 5)) for start in range(5)]


def out_of_fold(
    embeddings: NDArray[np.float32],
    labels: NDArray[np.int64],
    fold_list: Sequence[Sequence[int]],
    neighbours: int = NEIGHBOURS,
    temperature: float = TEMPERATURE,
) -> NDArray[np.float64]:
    """Each sentence's probabilities from a model that has not seen its fold."""
    import numpy as np

    probabilities = np.zeros((len(labels), len(LABELS)))
    for held_out in fold_list:
        train = np.setdiff1d(np.arange(len(labels)), held_out)
        model = unthresholded("", embeddings[train], labels[train], neighbours, temperature)
        probabilities[list(held_out)] = model.probabilities(embeddings[list(held_out)])
    return probabilities


def thresholds(
    probabilities: NDArray[np.float64],
    labels: NDArray[np.int64],
    check_budget: float = CHECK_BUDGET,
    sos_budget: float = SOS_BUDGET,
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Per category, the check-in and SOS thresholds on risk that keep the none sentences' alarms in budget."""
    import numpy as np

    none = labels == 0
    risk = 1.0 - probabilities[none, 0]
    category = probabilities[none, 1:].argmax(axis=1)
    total = int(none.sum())

    def lowest(index: int, share: float, floor: float) -> float:
        allowed = int(share * total)
        alarms = np.sort(risk[category == index])[::-1]
        if len(alarms) <= allowed:
            return floor
        return max(floor, float(np.nextafter(alarms[allowed], np.inf)))

    per = len(CATEGORIES)
    check_in = np.array([lowest(i, check_budget / per, CHECK_FLOOR) for i in range(per)])
    if sos_budget <= 0:
        return check_in, np.full(per, np.inf)
    sos = np.array([max(lowest(i, sos_budget / per, SOS_FLOOR), check_in[i]) for i in range(per)])
    return check_in, sos


def train(
    examples: Sequence[Example],
    embeddings: NDArray[np.float32],
    encoder: str,
    digest: str,
    check_budget: float = CHECK_BUDGET,
    sos_budget: float = SOS_BUDGET,
    neighbours: int = NEIGHBOURS,
    temperature: float = TEMPERATURE,
) -> Model:
    labels = label_indices(examples)
    oof = out_of_fold(embeddings, labels, folds(examples), neighbours, temperature)
    check_in, sos = thresholds(oof, labels, check_budget, sos_budget)
    model = unthresholded(encoder, embeddings, labels)
    return Model(encoder, model.embeddings, model.labels, check_in, sos, digest, neighbours, temperature)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--encoder", default=DEFAULT_ENCODER)
    parser.add_argument("--check-budget", type=float, default=CHECK_BUDGET)
    parser.add_argument("--sos-budget", type=float, default=SOS_BUDGET)
    parser.add_argument("--neighbours", type=int, default=NEIGHBOURS)
    parser.add_argument("--temperature", type=float, default=TEMPERATURE)
    parser.add_argument("--output", type=Path, default=WEIGHTS)
    parser.add_argument("--training", type=Path, default=TRAINING, help="the folder of training sentences")
    args = parser.parse_args(argv)

    examples = load_examples(args.training)
    if not examples:
        print(f"no training sentences in {args.training}", file=sys.stderr)
        return 1
    embeddings = embed(load_encoder(args.encoder), [e.text for e in examples])
    digest = data_hash(args.training)
    model = train(
        examples,
        embeddings,
        args.encoder,
        digest,
        args.check_budget,
        args.sos_budget,
        args.neighbours,
        args.temperature,
    )
    model.save(args.output)
    print(f"{len(examples)} sentences, encoder {args.encoder}, written {args.output}")
    for name, check, sos in zip(CATEGORIES, model.check_in, model.sos, strict=True):
        print(f"  {name:<13} check-in from risk {check:.3f}, SOS from {sos:.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
