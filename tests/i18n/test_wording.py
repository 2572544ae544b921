"""The bot is automated and nobody watches in real time: no text of its own, in any language, says or implies
that a person is present with the reader."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.i18n.catalog_checks import read
from tests.i18n.test_catalogs import CATALOGS, TEMPLATE

PRESENCE = {
    "en": ("still here", "breathe with me", "i'm here", "i am here", "here with you", "with you now"),
    "ru": ("я здесь", "я рядом", "я с вами", "всё ещё здесь", "все еще здесь", "со мной", "подышать вместе",
           "дышите вместе"),
}


def says(text: str, phrase: str) -> bool:
    return re.search(rf"(?<!\w){re.escape(phrase)}(?!\w)", re.sub(r"\s+", " ", text.lower())) is not None


def texts(strings: object) -> list[str]:
    return [s for s in (strings if isinstance(strings, tuple | list) else (strings,)) if isinstance(s, str) and s]


def test_the_english_texts_never_imply_a_person_watching() -> None:
    found = [(phrase, text) for message in read(TEMPLATE) for text in texts(message.id)
             for phrase in PRESENCE["en"] if says(text, phrase)]
    assert found == []


@pytest.mark.parametrize("path", CATALOGS, ids=lambda path: path.parts[-3])
def test_no_translation_implies_a_person_watching(path: Path) -> None:
    language = path.parts[-3]
    phrases = PRESENCE.get(language, ()) + PRESENCE["en"]
    found = [(phrase, text) for message in read(path) for text in texts(message.string)
             for phrase in phrases if says(text, phrase)]
    assert found == []


def test_the_russian_catalog_is_checked() -> None:
    assert "ru" in [path.parts[-3] for path in CATALOGS]
