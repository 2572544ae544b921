"""Every text gives exactly the flow's languages (a plain string only in a single-language flow)."""

from __future__ import annotations

from collections.abc import Iterator

from bot.flowspec.draft import Draft
from bot.flowspec.locate import Locator
from bot.flowspec.problems import Problem
from bot.flowspec.text_sites import flow_texts


def check_texts_are_translated(draft: Draft, locate: Locator) -> Iterator[Problem]:
    languages = draft.languages
    if not languages:
        return  # `languages` is invalid or missing: reported already
    listed = ", ".join(languages)
    for site in flow_texts(draft):
        if isinstance(site.value, str):
            if len(languages) > 1:
                yield locate.problem(site.path, "missing-translation",
                                     f"this flow is in {listed}: give the text as a mapping with "
                                     "each of them, not one plain string")
            continue
        missing = [language for language in languages if language not in site.value]
        if missing:
            yield locate.problem(site.path, "missing-translation",
                                 f"the text lacks {', '.join(missing)} (the flow's languages: {listed})")
        for language in site.value:
            if language not in languages:
                yield locate.problem((*site.path, language), "missing-translation",
                                     f"'{language}' is not one of the flow's languages ({listed})", key=True)
