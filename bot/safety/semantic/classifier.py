"""A small classifier on sentence embeddings, in numpy: softmax regression, or one hidden layer (an MLP), with
each label weighted by its rarity. Deterministic: full-batch Adam from a seeded start, a fixed number of steps.

Measured against the neighbour vote by bench/crisis_tune.py (methods lr, mlp, knn+lr); the
neighbour vote did better in leave-one-source-out figures (bench/crisis_tune.py), so the bot does not use it yet."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Final

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray

# Unit vectors of 512 dimensions have components of about 0.04: scaled so that they are of about 1.
SCALE: Final = 16.0
HIDDEN: Final = 0  # 0: softmax regression; else the width of one ReLU layer
STEPS: Final = 400
LEARNING_RATE: Final = 0.01
L2: Final = 1e-3
SEED: Final = 20261205


@dataclass(frozen=True)
class Classifier:
    """Weights of softmax regression (hidden_w empty) or of one ReLU layer and a softmax on it."""

    hidden_w: NDArray[np.float32]  # (dimensions, hidden) or (0, 0)
    hidden_b: NDArray[np.float32]  # (hidden,) or (0,)
    out_w: NDArray[np.float32]  # (hidden or dimensions, labels)
    out_b: NDArray[np.float32]  # (labels,)

    def probabilities(self, queries: NDArray[np.float32]) -> NDArray[np.float64]:
        import numpy as np

        x = queries.astype(np.float32) * SCALE
        if self.hidden_w.size:
            x = np.maximum(x @ self.hidden_w + self.hidden_b, 0.0)
        logits = (x @ self.out_w + self.out_b).astype(np.float64)
        logits -= logits.max(axis=1, keepdims=True)
        e = np.exp(logits)
        result: NDArray[np.float64] = e / e.sum(axis=1, keepdims=True)
        return result

    def arrays(self, prefix: str = "classifier_") -> dict[str, NDArray[np.float32]]:
        return {
            f"{prefix}hidden_w": self.hidden_w,
            f"{prefix}hidden_b": self.hidden_b,
            f"{prefix}out_w": self.out_w,
            f"{prefix}out_b": self.out_b,
        }

    @classmethod
    def from_arrays(cls, data: object, prefix: str = "classifier_") -> Classifier:
        import numpy as np

        get = data.__getitem__  # type: ignore[index]
        names = ("hidden_w", "hidden_b", "out_w", "out_b")
        return cls(*(np.asarray(get(f"{prefix}{name}"), dtype=np.float32) for name in names))


def fit(
    embeddings: NDArray[np.float32],
    labels: NDArray[np.int64],
    classes: int,
    hidden: int = HIDDEN,
    steps: int = STEPS,
    learning_rate: float = LEARNING_RATE,
    l2: float = L2,
    seed: int = SEED,
) -> Classifier:
    """Cross-entropy with every label weighing as much in all as any other, L2 on the weights, full-batch Adam."""
    import numpy as np

    x = embeddings.astype(np.float32) * np.float32(SCALE)
    n, d = x.shape
    counts = np.bincount(labels, minlength=classes).astype(np.float64)
    sample_w = (n / (classes * np.maximum(counts, 1.0)))[labels] / n
    sample_w = sample_w.astype(np.float32)
    target = np.zeros((n, classes), np.float32)
    target[np.arange(n), labels] = 1.0
    rng = np.random.default_rng(seed)
    initial: list[NDArray[np.float64]]
    if hidden:
        initial = [rng.normal(0, np.sqrt(2.0 / d), (d, hidden)), np.zeros(hidden),
                   rng.normal(0, np.sqrt(1.0 / hidden), (hidden, classes)), np.zeros(classes)]
    else:
        initial = [np.zeros((d, classes)), np.zeros(classes)]
    params: list[NDArray[np.float32]] = [p.astype(np.float32) for p in initial]
    m = [np.zeros_like(p) for p in params]
    v = [np.zeros_like(p) for p in params]
    beta1, beta2, eps = 0.9, 0.999, 1e-8
    for step in range(1, steps + 1):
        if hidden:
            pre = x @ params[0] + params[1]
            h = np.maximum(pre, 0.0)
            logits = h @ params[2] + params[3]
        else:
            logits = x @ params[0] + params[1]
        logits -= logits.max(axis=1, keepdims=True)
        p = np.exp(logits)
        p /= p.sum(axis=1, keepdims=True)
        g_logits = (p - target) * sample_w[:, None]
        if hidden:
            g_out_w = h.T @ g_logits + np.float32(l2) * params[2]
            g_out_b = g_logits.sum(axis=0)
            g_h = (g_logits @ params[2].T) * (pre > 0)
            grads = [x.T @ g_h + np.float32(l2) * params[0], g_h.sum(axis=0), g_out_w, g_out_b]
        else:
            grads = [x.T @ g_logits + np.float32(l2) * params[0], g_logits.sum(axis=0)]
        for i, g in enumerate(grads):
            m[i] = np.float32(beta1) * m[i] + np.float32(1 - beta1) * g
            v[i] = np.float32(beta2) * v[i] + np.float32(1 - beta2) * g * g
            m_hat = m[i] / np.float32(1 - beta1**step)
            v_hat = v[i] / np.float32(1 - beta2**step)
            params[i] = params[i] - np.float32(learning_rate) * m_hat / (np.sqrt(v_hat) + np.float32(eps))
    f32 = [p.astype(np.float32) for p in params]
    if hidden:
        return Classifier(f32[0], f32[1], f32[2], f32[3])
    return Classifier(np.zeros((0, 0), np.float32), np.zeros(0, np.float32), f32[0], f32[1])
