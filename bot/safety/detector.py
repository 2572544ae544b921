"""The crisis detector the bot uses: the phrase rules (bot.safety.crisis) and the semantic layer
(bot.safety.semantic), which catches paraphrases that no rule names.

``assess(text, language)`` returns the more urgent of the two answers. The category is the rules' when a rule
matched, else the semantic layer's; ``rules`` lists the matched rule ids and, when the semantic layer saw risk,
"semantic.<category>". The semantic layer mostly asks for a check-in; it opens the SOS path only above a
threshold that cross-validation found safe (docs/crisis-semantic.md).

``warm_up()`` loads the encoder (about a second): call it when the bot starts, not on someone's first message.
If the encoder or the weights cannot be loaded, or encoding fails, the detector logs the error's type (never
the text) and answers with the rules alone. It never raises for any str.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass

from bot.safety import crisis
from bot.safety.crisis import RESPONSES, Assessment
from bot.safety.semantic.model import Model, Verdict
from bot.safety.semantic.pieces import pieces

__all__ = ["Assessment", "assess", "combine", "semantic_verdict", "warm_up"]

log = logging.getLogger(__name__)


@dataclass
class _Layer:
    model: Model | None = None
    encoder: object | None = None
    failed: bool = False
    one_thread: Callable[[], AbstractContextManager[object]] = nullcontext


_layer = _Layer()
_loading = threading.Lock()


def warm_up() -> bool:
    """Load the semantic layer now. False when it cannot be loaded (the detector then uses the rules alone)."""
    crisis.assess("warm up")
    return _loaded() is not None


def _loaded() -> _Layer | None:
    if _layer.model is not None:
        return _layer
    if _layer.failed:
        return None
    with _loading:
        if _layer.model is None and not _layer.failed:
            try:
                from bot.safety.semantic.encoder import load_encoder

                model = Model.load()
                _layer.encoder = load_encoder(model.encoder)
                _layer.one_thread = _one_blas_thread()
                _layer.model = model
            except Exception as error:  # any failure leaves the rules working
                _layer.failed = True
                log.error("crisis semantic layer unavailable, rules only: %s", type(error).__name__)
    return _layer if _layer.model is not None else None


def _one_blas_thread() -> Callable[[], AbstractContextManager[object]]:
    """One message is small work: more BLAS threads only wait for each other, and for the machine's other work."""
    from threadpoolctl import ThreadpoolController

    controller = ThreadpoolController()
    return lambda: controller.limit(limits=1, user_api="blas")


def semantic_verdict(text: str) -> Verdict | None:
    """The semantic layer's verdict on the text; None when the layer is unavailable or failed on it."""
    layer = _loaded()
    if layer is None or layer.model is None:
        return None
    parts = pieces(text)
    if not parts:
        return Verdict("none", None, 0.0)
    try:
        with layer.one_thread():
            embeddings = layer.encoder.encode(parts)  # type: ignore[attr-defined]
            return layer.model.judge(embeddings)
    except Exception as error:
        log.error("crisis semantic layer failed on a message, rules only: %s", type(error).__name__)
        return None


def combine(rules: Assessment, semantic: Verdict | None) -> Assessment:
    """The more urgent response; the rules' category when they matched; the semantic layer noted in ``rules``."""
    if semantic is None or semantic.response == "none" or semantic.category is None:
        return rules
    response = max(rules.response, semantic.response, key=RESPONSES.index)
    category = rules.category if rules.is_risk else semantic.category
    return Assessment(response, category, (*rules.rules, f"semantic.{semantic.category}"))


def assess(text: str, language: str | None = None) -> Assessment:
    """What the message asks of the bot ("none", "check_in" or "sos") and who is at risk; see the module doc."""
    rules = crisis.assess(text, language)
    if rules.response == "sos":  # nothing can be more urgent: spare the encoder
        return rules
    return combine(rules, semantic_verdict(text))
