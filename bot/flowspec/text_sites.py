"""Every text of a flow (each `Text` field), where it is, and whether it may quote answers."""

from __future__ import annotations

import re
import types
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Annotated, Any, Union, get_args, get_origin

from pydantic import BaseModel

from bot.flowspec.draft import Draft
from bot.flowspec.model import CardAnswer, CardField, EndStep, FollowUpStep, MessageStep, TimerStep
from bot.flowspec.nodes import Path
from bot.flowspec.template import TemplateError, parse_template

# Texts that may quote answers: what the client reads while answering, not names of things.
_VARIABLE_FIELDS = frozenset({"prompt", "help"})
_VARIABLE_TEXT_OWNERS = (MessageStep, TimerStep, EndStep)
_PLACEHOLDER = re.compile(r"\{\{|\}\}|\{([^{}]*)\}")


@dataclass(frozen=True)
class TextSite:
    path: Path  # of the Text value (a string, or a mapping language -> string)
    value: str | dict[str, str]
    field: str
    variables_allowed: bool

    def pieces(self) -> Iterator[tuple[Path, str]]:
        """Each string of the text with its own path: the text itself, or each language."""
        if isinstance(self.value, str):
            yield self.path, self.value
        else:
            for language, text in self.value.items():
                yield (*self.path, language), text


def flow_texts(draft: Draft) -> list[TextSite]:
    """Every text of the flow: its title and description, block titles, and the texts of valid steps."""
    if "texts" not in draft.derived:
        found = [TextSite((name,), draft.meta[name], name, False)
                 for name in ("title", "description") if draft.meta.get(name) is not None]
        for scope in draft.scopes():
            if scope.title is not None:
                found.append(TextSite(("blocks", str(scope.block), "title"), scope.title, "title", False))
        for sites in step_texts(draft).values():
            found.extend(sites)
        found.extend(card_texts(draft))
        found.extend(questionnaire_texts(draft))
        draft.derived["texts"] = found
    texts: list[TextSite] = draft.derived["texts"]
    return texts


def card_texts(draft: Draft) -> list[TextSite]:
    """The labels of the therapist's card (`card:`)."""
    found: list[TextSite] = []
    for i, item in enumerate(draft.meta.get("card") or []):
        if isinstance(item, CardField):
            if item.label is not None:
                found.append(TextSite(("card", i, "label"), item.label, "label", False))
            for j, extra in enumerate(item.with_):
                if isinstance(extra, CardAnswer) and extra.label is not None:
                    found.append(TextSite(("card", i, "with", j, "label"), extra.label, "label", False))
    return found


def questionnaire_texts(draft: Draft) -> list[TextSite]:
    """The labels of answer options, scores and their bands."""
    found: list[TextSite] = []
    for name, options in (draft.meta.get("answer_sets") or {}).items():
        for i, option in enumerate(options):
            found.extend(model_texts(option, ("answer_sets", name, i)))
    for i, score in enumerate(draft.meta.get("scores") or []):
        found.extend(model_texts(score, ("scores", i)))
    for name, kept in (draft.meta.get("keeps") or {}).items():
        found.extend(model_texts(kept, ("keeps", name)))
    return found


def flow_strings(draft: Draft) -> list[tuple[TextSite, Path, str]]:
    """Each string of every text (one per language), with its site and its own path."""
    if "strings" not in draft.derived:
        draft.derived["strings"] = [(site, path, text) for site in flow_texts(draft) for path, text in site.pieces()]
    strings: list[tuple[TextSite, Path, str]] = draft.derived["strings"]
    return strings


def step_texts(draft: Draft) -> dict[Path, list[TextSite]]:
    """The texts of each valid step, by the step's path."""
    if "step_texts" not in draft.derived:
        draft.derived["step_texts"] = {
            path: list(model_texts(step, path))
            for scope in draft.scopes()
            for step, path in scope.valid_steps()
        }
    found: dict[Path, list[TextSite]] = draft.derived["step_texts"]
    return found


def model_texts(obj: BaseModel, path: Path) -> Iterator[TextSite]:
    model = type(obj)
    text_fields = _text_fields(model)
    for name, info in model.model_fields.items():
        value = getattr(obj, name)
        if value is None:
            continue
        where = (*path, info.alias or name)
        if name in text_fields:
            yield TextSite(where, value, name, _allows_variables(model, name))
        elif isinstance(value, BaseModel):
            yield from model_texts(value, where)
        elif isinstance(value, list):
            for i, item in enumerate(value):
                if isinstance(item, BaseModel):
                    yield from model_texts(item, (*where, i))


@lru_cache(maxsize=4096)
def template_error(text: str) -> TemplateError | None:
    if "{" not in text and "}" not in text:
        return None
    try:
        parse_template(text)
    except TemplateError as exc:
        return exc
    return None


@lru_cache(maxsize=4096)
def placeholders(text: str) -> tuple[tuple[str, int], ...]:
    """(answer name, offset of its '{') for each variable of a template that parses."""
    if "{" not in text or template_error(text) is not None:
        return ()
    found = _PLACEHOLDER.finditer(text)
    return tuple((m.group(1).strip(), m.start()) for m in found if m.group(1) is not None)


def without_placeholders(text: str) -> str:
    """The text with variables and doubled braces blanked out, keeping every offset in place."""
    return _PLACEHOLDER.sub(lambda m: " " * len(m.group()), text)


def _allows_variables(model: type[BaseModel], name: str) -> bool:
    return name in _VARIABLE_FIELDS or (name == "text" and issubclass(model, _VARIABLE_TEXT_OWNERS)) or \
        (name == "note" and issubclass(model, FollowUpStep))


@cache
def _text_fields(model: type[BaseModel]) -> frozenset[str]:
    return frozenset(name for name, info in model.model_fields.items() if _is_text(info.annotation))


def _is_text(annotation: Any) -> bool:
    members = _members(annotation)
    return str in members and any(get_origin(m) is dict for m in members)


def _members(annotation: Any) -> list[Any]:
    """The alternatives of a type, through `Annotated` and nested unions (`Text | None`)."""
    if get_origin(annotation) is Annotated:
        return _members(get_args(annotation)[0])
    if get_origin(annotation) in (Union, types.UnionType):
        return [m for arg in get_args(annotation) for m in _members(arg)]
    return [annotation]
