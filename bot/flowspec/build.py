"""Located tree -> `Draft`: the flow's fields, each step and each block are validated on their own,
so one broken step does not hide the errors of the others."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import TypeAdapter, ValidationError

from bot.flowspec.draft import Draft, Scope, placeholder
from bot.flowspec.loc_paths import resolve_loc
from bot.flowspec.locate import Locator
from bot.flowspec.model import Block, Flow, Step, StepId
from bot.flowspec.nodes import Mapping, Path
from bot.flowspec.plain import to_plain
from bot.flowspec.problems import Problem
from bot.flowspec.validation_errors import missing_key_problem, to_problems, unknown_key_problem
from bot.flowspec.wording import LOWER_SNAKE_CASE, show

_FLOW_FIELDS = {name: info for name, info in Flow.model_fields.items() if name not in ("steps", "blocks")}
_FIELD_ADAPTERS: dict[str, TypeAdapter[Any]] = {
    name: TypeAdapter(Annotated[info.annotation, info]) for name, info in _FLOW_FIELDS.items()  # type: ignore[arg-type]
}
_BLOCK_TITLE = Block.model_fields["title"]
_BLOCK_TITLE_ADAPTER: TypeAdapter[Any] = TypeAdapter(
    Annotated[_BLOCK_TITLE.annotation, _BLOCK_TITLE]  # type: ignore[arg-type]
)
_STEP_ADAPTER: TypeAdapter[Step] = TypeAdapter(Step)
_NAME_ADAPTER = TypeAdapter(StepId)
_ABSENT = object()


class _Builder:
    def __init__(self, locate: Locator) -> None:
        self.locate = locate
        self.problems: list[Problem] = []

    def meta(self, data: dict[str, Any]) -> dict[str, Any]:
        for key in data:
            if key not in Flow.model_fields:
                self.problems.append(unknown_key_problem(self.locate, (key,), Flow))
        meta: dict[str, Any] = {}
        for name, info in _FLOW_FIELDS.items():
            if name not in data:
                if info.is_required():
                    self.problems.append(missing_key_problem(self.locate, (), name))
                else:
                    meta[name] = info.get_default(call_default_factory=True)
                continue
            try:
                meta[name] = _FIELD_ADAPTERS[name].validate_python(data[name])
            except ValidationError as exc:
                self.problems.extend(to_problems(exc.errors(), info.annotation, (name,), self.locate))
        return meta

    def scope(self, block: str | None, raw: Any, where: Path) -> Scope | None:
        """The steps at `where`; None when there is no list of steps at all."""
        if raw is _ABSENT:
            self.problems.append(missing_key_problem(self.locate, where[:-1], "steps"))
            return None
        if not isinstance(raw, list) or not raw:
            what = "not an empty list" if raw == [] else f"not {show(raw)}"
            message = f"'steps' must be a list of steps, {what}"
            self.problems.append(self.locate.problem(where, "bad-value", message))
            return None
        scope = Scope(block, [], [])
        for i, item in enumerate(raw):
            path = (*where, i)
            step = self.step(item, path)
            if step is None:
                step = placeholder(_raw_id(item, i))
                node = self.locate.node(path)
                if node is not None:
                    scope.broken[i] = node
            scope.steps.append(step)
            scope.paths.append(path)
        return scope

    def step(self, item: Any, path: Path) -> Step | None:
        """The step, or None if it does not validate. A step whose only faults are unknown keys is
        still checked by every rule, as if those keys were not there."""
        try:
            return _STEP_ADAPTER.validate_python(item)
        except ValidationError as exc:
            errors = exc.errors()
        self.problems.extend(to_problems(errors, Step, path, self.locate))
        if any(e["type"] != "extra_forbidden" for e in errors):
            return None
        unknown = [resolve_loc(Step, tuple(e["loc"])).path for e in errors]
        try:
            return _STEP_ADAPTER.validate_python(_without(item, unknown))
        except ValidationError:
            return None

    def blocks(self, raw: Any) -> tuple[dict[str, Scope], set[str]]:
        if raw is None:
            return {}, set()
        if not isinstance(raw, dict):
            message = f"'blocks' must be a mapping of block names to blocks, not {show(raw)}"
            self.problems.append(self.locate.problem(("blocks",), "bad-value", message))
            return {}, set()
        blocks: dict[str, Scope] = {}
        for name, value in raw.items():
            scope = self.block(name, value)
            if scope is not None:
                blocks[name] = scope
        return blocks, set(raw) - set(blocks)

    def block(self, name: str, raw: Any) -> Scope | None:
        where = ("blocks", name)
        try:
            _NAME_ADAPTER.validate_python(name)
        except ValidationError:
            message = f"the block name '{name}' {LOWER_SNAKE_CASE}"
            self.problems.append(self.locate.problem(where, "bad-value", message, key=True))
        if not isinstance(raw, dict):
            message = f"a block must be a mapping with `steps:`, not {show(raw)}"
            self.problems.append(self.locate.problem(where, "bad-value", message))
            return None
        for key in raw:
            if key not in Block.model_fields:
                self.problems.append(unknown_key_problem(self.locate, (*where, key), Block))
        scope = self.scope(name, raw.get("steps", _ABSENT), (*where, "steps"))
        if scope is not None and "title" in raw:
            try:
                scope.title = _BLOCK_TITLE_ADAPTER.validate_python(raw["title"])
            except ValidationError as exc:
                annotation = _BLOCK_TITLE.annotation
                self.problems.extend(to_problems(exc.errors(), annotation, (*where, "title"), self.locate))
        return scope


def build(root: Mapping, locate: Locator) -> tuple[Draft, list[Problem]]:
    builder = _Builder(locate)
    data = to_plain(root)
    meta = builder.meta(data)
    main = builder.scope(None, data.get("steps", _ABSENT), ("steps",)) or Scope(None, [], [])
    blocks, opaque = builder.blocks(data.get("blocks"))
    return Draft(data, meta, main, blocks, opaque), builder.problems


def _without(data: Any, paths: list[Path]) -> Any:
    """A copy of `data` with the keys at `paths` removed (only the containers on the way are copied)."""
    if isinstance(data, dict):
        here = {p[0] for p in paths if len(p) == 1}
        return {key: _without(value, [p[1:] for p in paths if len(p) > 1 and p[0] == key])
                for key, value in data.items() if key not in here}
    if isinstance(data, list):
        return [_without(item, [p[1:] for p in paths if len(p) > 1 and p[0] == i]) for i, item in enumerate(data)]
    return data


def _raw_id(item: Any, index: int) -> str:
    raw = item.get("id") if isinstance(item, dict) else None
    return raw if isinstance(raw, str) and raw else f"<step {index + 1}>"
