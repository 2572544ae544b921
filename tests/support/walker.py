"""Drives a flow through the engine along every choice, to find every end a client can reach."""

from __future__ import annotations

import json
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from bot.engine import FlowEngine
from bot.engine.effects import Ask, Effect, TimerStarted
from bot.engine.events import ActionChosen, Event, OptionChosen, TextEntered, TimerTick
from bot.engine.session import Session
from bot.engine.steps.item import ItemNode
from bot.engine.steps.text import TextNode
from bot.flowspec.model import Block, BranchStep, CallStep, EndStep, Flow, SetStep, Step
from bot.flowspec.rules.answer_keys import condition_uses
from bot.flowspec.rules.answer_keys import step_uses as _step_uses

SAMPLE_TEXT = "I said something awkward in the meeting"


@dataclass
class Exploration:
    ends: dict[str, list[Event]] = field(default_factory=dict)  # end state -> the events that reached it
    effects_seen: int = 0
    states_seen: int = 0


def end_states(flow: Flow) -> set[str]:
    """Every state name of an `end` step, blocks inlined under their call steps."""
    return set(_ends(flow, flow.steps, ""))


def _ends(flow: Flow, steps: list[Step], prefix: str) -> Iterator[str]:
    for step in steps:
        if isinstance(step, EndStep):
            yield prefix + step.id
        elif isinstance(step, CallStep):
            block: Block = flow.blocks[step.block]
            yield from _ends(flow, block.steps, f"{prefix}{step.id}/")


def explore(engine: FlowEngine, language: str, max_states: int = 5000,
            kept: dict[str, Any] | None = None) -> Exploration:
    """`kept`: the client's kept lists the session starts with (flows that read them offer their items)."""
    result = Exploration()
    session, effects = engine.start(language, 1000.0, kept)
    result.effects_seen += len(effects)
    queue: deque[tuple[str, list[Event]]] = deque([(session.to_json(), [])])
    seen: set[str] = set()
    decisive = decisive_answers(engine.flow)
    while queue and result.states_seen < max_states:
        raw, path = queue.popleft()
        session = Session.from_json(raw)
        if session.status != "active":
            result.ends.setdefault(session.state, path)
            continue
        for event in candidate_events(engine, session):
            branch = Session.from_json(raw)
            result.effects_seen += len(engine.handle(branch, event))
            key = _canonical(branch, decisive)
            if key not in seen:
                seen.add(key)
                result.states_seen += 1
                queue.append((branch.to_json(), [*path, event]))
    return result


def candidate_events(engine: FlowEngine, session: Session) -> list[Event]:
    prompt = current_prompt(engine.prompt(session))
    at = session.updated_at + 1
    if isinstance(prompt, TimerStarted):
        return [TimerTick(at + 100_000), ActionChosen(prompt.seq, "stop", at)]
    if prompt is None:
        return []
    options = [b for b in prompt.buttons if b.kind == "option"]
    actions = {b.value: b for b in prompt.buttons if b.kind == "action"}
    events: list[Event] = []
    if prompt.kind in ("text", "other_text"):
        node = engine._program.nodes.get(session.state)
        limit = node.max_words if isinstance(node, TextNode) and prompt.kind == "text" else None
        events.append(TextEntered(" ".join(SAMPLE_TEXT.split()[:limit]) if limit else SAMPLE_TEXT, at))
    elif prompt.kind == "choice" and isinstance(engine._program.nodes.get(session.state), ItemNode):
        # a questionnaire item: its lowest and highest answers (every answer of nine items is 4^9 states)
        events += [OptionChosen(prompt.seq, b.value, at) for b in (options[0], options[-1])]
    elif prompt.kind == "choice":
        events += [OptionChosen(prompt.seq, b.value, at) for b in options]
    elif prompt.kind == "scale":
        picks = {options[0].value, options[len(options) // 2].value, options[-1].value}
        events += [OptionChosen(prompt.seq, v, at) for v in sorted(picks)]
    elif prompt.kind == "multi_choice":
        if not any(b.selected for b in options):
            events.append(OptionChosen(prompt.seq, options[0].value, at))
        events.append(ActionChosen(prompt.seq, "done", at))
    elif prompt.kind == "summary":
        events.append(ActionChosen(prompt.seq, "confirm", at))
        edit = next((b for b in prompt.buttons if b.value == "edit"), None)
        if edit is not None:
            events.append(ActionChosen(prompt.seq, "edit", at, edit.arg))
    if "continue" in actions:
        events.append(ActionChosen(prompt.seq, "continue", at))
    if "skip" in actions:
        events.append(ActionChosen(prompt.seq, "skip", at))
    return events


def same_choice(event: Event, prompt: Ask | TimerStarted | None) -> Event:
    """A path's event replayed after other words were typed: an option for a list's n-th item (whose
    value names the item's text) becomes the option for the n-th item of the list as it is now."""
    if not isinstance(event, OptionChosen) or not isinstance(prompt, Ask):
        return event
    values = [b.value for b in prompt.buttons if b.kind == "option"]
    if event.value in values or not event.value.startswith("item:"):
        return event
    index = int(event.value.split(":")[1])
    items = [v for v in values if v.startswith("item:")]
    return OptionChosen(event.seq, items[index], event.at) if index < len(items) else event


def current_prompt(effects: list[Effect]) -> Ask | TimerStarted | None:
    found: Ask | TimerStarted | None = None
    for effect in effects:
        if isinstance(effect, Ask | TimerStarted):
            found = effect
    return found


def decisive_answers(flow: Flow) -> frozenset[str]:
    """The answers (by their last name) that can change where a flow goes: those a branch tests and those a
    `set` computes from. Any other answer only changes what is shown, never the way on."""
    names: set[str] = set()
    for steps in [flow.steps, *(block.steps for block in flow.blocks.values())]:
        for step in steps:
            if isinstance(step, BranchStep):
                for case in step.cases:
                    names.update(use.name for use in condition_uses(case.when, ()))
            elif isinstance(step, SetStep):
                names.update(use.name for use in _step_uses(step, (), []))
    return frozenset(name.rsplit(".", 1)[-1] for name in names)


def _canonical(session: Session, decisive: frozenset[str] = frozenset()) -> str:
    """Sessions that differ only in counters, times or history, or in answers nothing decides on (a number,
    not whether it was given), behave the same from here on."""
    answers = {k: (v[:2] if isinstance(v, list) else v if k.rsplit(".", 1)[-1] in decisive or v is None else "*")
               for k, v in session.answers.items()}
    return json.dumps([session.state, session.status, answers, session.draft, session.return_to, session.edit_walk],
                      sort_keys=True, default=str)
