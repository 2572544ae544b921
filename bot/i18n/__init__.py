"""The bot's own words in every language: English source texts in the code, translations in gettext catalogs.

A text module marks each source text with `N_` (and `NP_`, `NN_`, `NNP_` for contexts and counts); Babel
extracts them into locale/messages.pot, and each language is a locale/<code>/LC_MESSAGES/messages.po, compiled
to .mo when the package is built or installed. docs/translations.md says how to add a language.
"""

from bot.i18n.catalogs import (
    CatalogError,
    Catalogs,
    language_name,
    languages,
    load_catalogs,
    shipped_catalogs,
    translate,
)
from bot.i18n.messages import N_, NN_, NNP_, NP_, SOURCE_LANGUAGE, Message, PluralMessage

__all__ = [
    "NNP_",
    "NN_",
    "NP_",
    "N_",
    "SOURCE_LANGUAGE",
    "CatalogError",
    "Catalogs",
    "Message",
    "PluralMessage",
    "language_name",
    "languages",
    "load_catalogs",
    "shipped_catalogs",
    "translate",
]
