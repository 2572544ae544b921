"""Source texts marked for extraction. The English text is the message id; a context tells apart the same
English that needs different translations; a plural message names the field whose number picks the form."""

from __future__ import annotations

from dataclasses import dataclass

SOURCE_LANGUAGE = "en"


@dataclass(frozen=True, slots=True)
class Message:
    text: str
    context: str | None = None


@dataclass(frozen=True, slots=True)
class PluralMessage:
    singular: str
    plural: str
    count: str
    context: str | None = None


# The marker names are the extraction keywords set in babel.cfg.
def N_(text: str) -> Message:  # noqa: N802
    return Message(text)


def NP_(context: str, text: str) -> Message:  # noqa: N802
    return Message(text, context)


def NN_(singular: str, plural: str, count: str) -> PluralMessage:  # noqa: N802
    return PluralMessage(singular, plural, count)


def NNP_(context: str, singular: str, plural: str, count: str) -> PluralMessage:  # noqa: N802
    return PluralMessage(singular, plural, count, context)
