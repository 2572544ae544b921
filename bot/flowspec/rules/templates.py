"""Templates parse, and quote answers only in texts the client reads while answering."""

from __future__ import annotations

from collections.abc import Iterator

from bot.flowspec.draft import Draft
from bot.flowspec.locate import Locator
from bot.flowspec.problems import Problem
from bot.flowspec.text_sites import flow_strings, placeholders, template_error

_NAMES = {"label": "a label", "title": "a title", "description": "a description", "button": "a button",
          "confirm_label": "a button", "done_label": "a button", "message": "an on_invalid message"}


def check_templates_parse(draft: Draft, locate: Locator) -> Iterator[Problem]:
    for _, path, text in flow_strings(draft):
        error = template_error(text)
        if error is not None:
            yield locate.problem(path, "bad-template", str(error), offset=error.offset)


def check_variables_only_where_allowed(draft: Draft, locate: Locator) -> Iterator[Problem]:
    for site, path, text in flow_strings(draft):
        if site.variables_allowed:
            continue
        for name, offset in placeholders(text):
            where = _NAMES.get(site.field, f"'{site.field}'")
            yield locate.problem(path, "bad-template",
                                 f"answers can't be quoted in {where} ('{{{name}}}'); write '{{{{' "
                                 "for a literal brace", offset=offset)
