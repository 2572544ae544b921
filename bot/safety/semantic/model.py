"""The classifier on sentence embeddings: the training sentences nearest to a message vote on its label
(none, self, others, home, someone_else), each vote weighted by similarity and by the rarity of its label.
Risk is 1 - P(none); per category two thresholds on risk: a check-in, and the SOS path (infinite: never).

Nearest neighbours beat a softmax regression in leave-one-writer-out cross-validation (docs/crisis-semantic.md):
painful but safe sentences ("I'm not suicidal, just tired") sit close to risky ones, and a vote of the few
nearest sentences draws that border more finely than one plane.

The training embeddings (float16), their labels, the thresholds, the encoder's name and the hash of the
training data are stored together in one .npz (WEIGHTS); ``python -m bot.safety.semantic.train`` writes it."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Final

from bot.safety.crisis import RESPONSES, Response
from bot.safety.phrasebook import CATEGORIES, Category

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray

LABELS: Final[tuple[str, ...]] = ("none", *CATEGORIES)
WEIGHTS: Final = Path(__file__).resolve().parent / "weights.npz"
NEIGHBOURS: Final = 40
# With USE, a neighbour 0.05 less similar than the nearest weighs e times less. Each encoder has its own scale
# of similarity (multilingual-e5 puts every pair between 0.7 and 1): bench/crisis_semantic.py --temperature.
TEMPERATURE: Final = 0.05


@dataclass(frozen=True, slots=True)
class Verdict:
    response: Response
    category: Category | None  # the most likely category of risk; None when the response is "none"
    risk: float  # 1 - P(none)


@dataclass(frozen=True)
class Model:
    encoder: str
    embeddings: NDArray[np.float16]  # (sentences, dimensions), unit rows
    labels: NDArray[np.int8]  # index into LABELS, per sentence
    check_in: NDArray[np.float64]  # per category, the risk from which to check in
    sos: NDArray[np.float64]  # per category, the risk from which to open the SOS path
    data_hash: str
    neighbours: int = NEIGHBOURS
    temperature: float = TEMPERATURE

    @functools.cached_property
    def _known(self) -> NDArray[np.float32]:
        """The embeddings as float32, once: a conversion per message would cost a millisecond."""
        import numpy as np

        return self.embeddings.astype(np.float32)

    def probabilities(self, queries: NDArray[np.float32]) -> NDArray[np.float64]:
        import numpy as np

        known = self._known
        queries = queries / np.maximum(np.linalg.norm(queries, axis=1, keepdims=True), 1e-12)
        similarity = queries.astype(np.float32) @ known.T
        k = min(self.neighbours, known.shape[0])
        nearest = np.argpartition(-similarity, k - 1, axis=1)[:, :k]
        close = np.take_along_axis(similarity, nearest, axis=1).astype(np.float64)
        votes = np.exp((close - close.max(axis=1, keepdims=True)) / self.temperature)
        counts = np.bincount(self.labels, minlength=len(LABELS)).astype(np.float64)
        rarity = counts.sum() / (len(LABELS) * np.maximum(counts, 1.0))
        neighbour_labels = self.labels[nearest]
        scores = np.stack(
            [(votes * (neighbour_labels == i)).sum(axis=1) * rarity[i] for i in range(len(LABELS))], axis=1
        )
        result: NDArray[np.float64] = scores / scores.sum(axis=1, keepdims=True)
        return result

    def verdicts(self, queries: NDArray[np.float32]) -> list[Verdict]:
        return [verdict(row, self.check_in, self.sos) for row in self.probabilities(queries)]

    def judge(self, queries: NDArray[np.float32]) -> Verdict:
        """The most urgent verdict over the pieces of one message (ties: the higher risk)."""
        found = self.verdicts(queries)
        return max(found, key=lambda v: (RESPONSES.index(v.response), v.risk), default=Verdict("none", None, 0.0))

    def save(self, path: Path = WEIGHTS) -> None:
        import numpy as np

        with path.open("wb") as out:
            np.savez_compressed(
                out,
                encoder=np.array(self.encoder),
                embeddings=self.embeddings,
                labels=self.labels,
                check_in=self.check_in,
                sos=self.sos,
                data_hash=np.array(self.data_hash),
                label_names=np.array(LABELS),
                neighbours=np.array(self.neighbours),
                temperature=np.array(self.temperature),
            )

    @classmethod
    def load(cls, path: Path = WEIGHTS) -> Model:
        import numpy as np

        with np.load(path, allow_pickle=False) as data:
            if tuple(str(label) for label in data["label_names"]) != LABELS:
                raise ValueError(f"{path.name} was trained for other labels: retrain")
            return cls(
                str(data["encoder"]),
                data["embeddings"].astype(np.float16),
                data["labels"].astype(np.int8),
                data["check_in"].astype(np.float64),
                data["sos"].astype(np.float64),
                str(data["data_hash"]),
                int(data["neighbours"]),
                float(data["temperature"]),
            )


def verdict(probabilities: NDArray[np.float64], check_in: NDArray[np.float64], sos: NDArray[np.float64]) -> Verdict:
    risk = float(1.0 - probabilities[0])
    index = int(probabilities[1:].argmax())
    category = CATEGORIES[index]
    if risk >= sos[index]:
        return Verdict("sos", category, risk)
    if risk >= check_in[index]:
        return Verdict("check_in", category, risk)
    return Verdict("none", None, risk)


def unthresholded(
    encoder: str,
    embeddings: NDArray[np.float32],
    labels: NDArray[np.int64],
    neighbours: int = NEIGHBOURS,
    temperature: float = TEMPERATURE,
) -> Model:
    """A model of these sentences that never alarms: for probabilities while the thresholds are chosen."""
    import numpy as np

    unit = embeddings / np.maximum(np.linalg.norm(embeddings, axis=1, keepdims=True), 1e-12)
    never = np.full(len(CATEGORIES), np.inf)
    return Model(encoder, unit.astype(np.float16), labels.astype(np.int8), never, never, "", neighbours, temperature)
