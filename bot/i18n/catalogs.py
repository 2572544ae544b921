"""Compiled catalogs, one per language found in locale/; English is the source and needs none."""

from __future__ import annotations

import functools
import gettext
from dataclasses import dataclass
from pathlib import Path

from bot.i18n.messages import NP_, SOURCE_LANGUAGE, Message, PluralMessage

LOCALE_DIR = Path(__file__).resolve().parent / "locale"
DOMAIN = "messages"
COMPILE_COMMAND = "pybabel compile -d bot/i18n/locale"

# Each catalog names its language in that language, for the /language menu.
LANGUAGE_NAME = NP_("the name of this catalog's language, in that language", "English")


_SOURCE = gettext.NullTranslations()  # the English as written


class CatalogError(RuntimeError):
    """A catalog that cannot be used as it is: not compiled, or compiled from an older .po."""


@dataclass(frozen=True)
class Catalogs:
    translations: dict[str, gettext.GNUTranslations]

    @property
    def languages(self) -> tuple[str, ...]:
        return (SOURCE_LANGUAGE, *sorted(self.translations))

    def translate(self, message: Message | PluralMessage, language: str, **fields: object) -> str:
        """`message` in `language`, with `fields` filled in by `str.format`; English where there is no
        catalog or no translation."""
        found: gettext.NullTranslations = self.translations.get(language) or _SOURCE
        if isinstance(message, PluralMessage):
            count = fields[message.count]
            if not isinstance(count, int):
                raise TypeError(f"{message.count} must be an int to choose a plural form, got {count!r}")
            if message.context is None:
                text = found.ngettext(message.singular, message.plural, count)
            else:
                text = found.npgettext(message.context, message.singular, message.plural, count)
        elif message.context is None:
            text = found.gettext(message.text)
        else:
            text = found.pgettext(message.context, message.text)
        return text.format(**fields) if fields else text


def load_catalogs(locale_dir: Path = LOCALE_DIR) -> Catalogs:
    """Every locale/<language>/LC_MESSAGES/messages.mo. A .po with no .mo, or newer than its .mo, is an error
    rather than a silent English or stale text: someone edited a translation and did not compile it."""
    translations: dict[str, gettext.GNUTranslations] = {}
    for folder in sorted(p for p in locale_dir.iterdir() if p.is_dir()) if locale_dir.is_dir() else ():
        po = folder / "LC_MESSAGES" / f"{DOMAIN}.po"
        mo = po.with_suffix(".mo")
        if not mo.exists() and not po.exists():
            continue
        if not mo.exists():
            raise CatalogError(f"{po} is not compiled: run `{COMPILE_COMMAND}` (or `pip install -e .` again)")
        if po.exists() and po.stat().st_mtime > mo.stat().st_mtime:
            raise CatalogError(f"{po} was changed after it was compiled: run `{COMPILE_COMMAND}` "
                               "(or `pip install -e .` again)")
        with mo.open("rb") as compiled:
            translations[folder.name] = gettext.GNUTranslations(compiled)
    return Catalogs(translations)


@functools.cache
def shipped_catalogs() -> Catalogs:
    return load_catalogs(LOCALE_DIR)


def languages() -> tuple[str, ...]:
    """The languages the bot speaks: English and every language with a catalog."""
    return shipped_catalogs().languages


def translate(message: Message | PluralMessage, language: str, **fields: object) -> str:
    return shipped_catalogs().translate(message, language, **fields)


def language_name(language: str) -> str:
    return translate(LANGUAGE_NAME, language)
