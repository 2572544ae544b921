"""What a step needs to know while it is compiled: where it stands and how its names resolve."""

from __future__ import annotations

from dataclasses import dataclass

from bot.engine.kept import KEPT_PREFIX
from bot.engine.render import Template
from bot.flowspec.model import Flow, OnInvalid, Text
from bot.flowspec.texts import localize

KEPT_HEAD = KEPT_PREFIX.rstrip(".")


@dataclass(frozen=True, slots=True)
class Scope:
    """The main flow, or one call of a block. A block called from `mood_before` has states
    `mood_before/<id>` and answer keys `mood_before.<id>`."""

    state_prefix: str
    key_prefix: str
    own_ids: frozenset[str]

    def state(self, step_id: str) -> str:
        return self.state_prefix + step_id

    def key(self, step_id: str) -> str:
        return self.key_prefix + step_id

    def ref(self, answer: str) -> str:
        """An answer reference as written in this scope -> its key. Inside a block, the block's own
        step ids name the block's answers; any other name is an answer of the main flow."""
        head = answer.split(".", 1)[0]
        if head == KEPT_HEAD:  # a kept list, the same in every scope
            return answer
        return self.key_prefix + answer if head in self.own_ids else answer


@dataclass(frozen=True, slots=True)
class StepContext:
    flow: Flow
    languages: tuple[str, ...]
    scope: Scope
    state: str
    key: str
    next: str | None  # the state that follows by default; None past the end of the main flow

    def local(self, text: Text) -> dict[str, str]:
        return {lang: localize(text, lang) for lang in self.languages}

    def template(self, text: Text) -> dict[str, Template]:
        return {lang: Template.parse(localize(text, lang), self.scope.ref) for lang in self.languages}

    def optional_template(self, text: Text | None) -> dict[str, Template] | None:
        return None if text is None else self.template(text)

    def target(self, step_id: str) -> str:
        return self.scope.state(step_id)

    def param(self, value: int | str) -> int:
        return value if isinstance(value, int) else self.flow.params[value]

    def invalid_policy(self, on_invalid: OnInvalid | None) -> InvalidPolicy:
        if on_invalid is None:
            return InvalidPolicy()
        fallback = on_invalid.fallback
        return InvalidPolicy(
            message=self.optional_template(on_invalid.message),
            max_attempts=on_invalid.max_attempts,
            skip=fallback == "skip",
            fallback=self.target(fallback) if fallback and fallback != "skip" else None,
        )


@dataclass(frozen=True, slots=True)
class InvalidPolicy:
    """What to do with answers that do not fit (a step's `on_invalid`, compiled)."""

    message: dict[str, Template] | None = None
    max_attempts: int = 3
    skip: bool = False
    fallback: str | None = None  # a state to go to after max_attempts
