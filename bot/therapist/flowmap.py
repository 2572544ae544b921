"""Finding a flow's steps from what a session stores: answer keys ("step", "call.step"), states
("step", "call/step") and bare step ids, and naming them for a therapist."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence

from bot.engine.render import plain_text
from bot.flowspec.model import (
    CallStep,
    ChoiceStep,
    Flow,
    ItemStep,
    MultiChoiceStep,
    ScaleStep,
    Step,
    SummaryStep,
    TextStep,
    TimerStep,
)
from bot.flowspec.template import Variable, parse_template
from bot.flowspec.texts import localize
from bot.therapist.texts import text

# Steps whose answers are the client's own: what they typed, chose, rated, or the timer they ran.
# (A `set` step also records an answer, but that one is computed.)
CLIENT_STEPS = (TextStep, ChoiceStep, MultiChoiceStep, ScaleStep, ItemStep, TimerStep)
ClientStep = TextStep | ChoiceStep | MultiChoiceStep | ScaleStep | ItemStep | TimerStep


def step_at(flow: Flow, path: Sequence[str]) -> Step | None:
    """The step at `path`: a main-flow step id, then one block step id per call step on the way."""
    steps: list[Step] = flow.steps
    found: Step | None = None
    for depth, part in enumerate(path):
        found = next((s for s in steps if s.id == part), None)
        if found is None:
            return None
        if depth < len(path) - 1:
            if not isinstance(found, CallStep) or found.block not in flow.blocks:
                return None
            steps = flow.blocks[found.block].steps
    return found


def step_for_key(flow: Flow, key: str) -> Step | None:
    return step_at(flow, key.split("."))


def step_for_state(flow: Flow, state: str) -> Step | None:
    return step_at(flow, state.split("/"))


def step_by_id(flow: Flow, step_id: str) -> Step | None:
    """A step by its bare id: the main flow's first, then the blocks' (a transcript's prompt entries carry
    only the id)."""
    return next((s for s in _all_steps(flow) if s.id == step_id), None)


def _all_steps(flow: Flow) -> Iterator[Step]:
    yield from flow.steps
    for block in flow.blocks.values():
        yield from block.steps


def step_label(step: Step, language: str) -> str:
    """The author's short name for the step, or a readable stand-in."""
    if step.label is not None:
        return plain_text(localize(step.label, language))
    if isinstance(step, SummaryStep):
        return text("summary_step", language)
    return step.id.replace("_", " ").capitalize()


def prompt_text(step: Step, language: str, answer: Callable[[str], str], prefix: str = "") -> str:
    """A question as the flow words it, filled with the answers: only for when the transcript lost the
    question as it was asked. `prefix` is the calling steps' keys ("call.") for a step in a block."""
    source = getattr(step, "prompt", None)
    if source is None:
        return ""
    try:
        parts = parse_template(localize(source, language))
    except ValueError:
        return plain_text(localize(source, language))
    # each piece of author HTML loses its tags on its own, so an answer's text is never read as markup
    return "".join(answer(prefix + p.name) if isinstance(p, Variable) else plain_text(p.text) for p in parts)
