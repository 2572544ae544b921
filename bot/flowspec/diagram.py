"""A flow as a Mermaid state diagram. Called blocks are drawn as composite states."""

from __future__ import annotations

import re

from bot.flowspec.graph import FALL_OFF, RETURN, edges
from bot.flowspec.model import CallStep, EndStep, Flow, Step
from bot.flowspec.texts import localize

_UNSAFE = re.compile(r"[^\w\s,.!?()'’«»—–-]", re.UNICODE)


def mermaid(flow: Flow, language: str | None = None) -> str:
    lang = language or flow.languages[0]
    lines = ["stateDiagram-v2", f"  %% {flow.id} v{flow.version}"]
    lines += _scope(flow, flow.steps, prefix="", in_block=False, lang=lang, depth=1, start=flow.start_step)
    return "\n".join(lines) + "\n"


def _scope(
    flow: Flow, steps: list[Step], prefix: str, in_block: bool, lang: str, depth: int, start: str
) -> list[str]:
    pad = "  " * depth
    out = [f"{pad}[*] --> {prefix}{start}"]
    for step in steps:
        out.extend(_describe(flow, step, prefix, lang, depth))
    for edge in edges(steps, in_block):
        if edge.target in (RETURN, FALL_OFF):
            out.append(f"{pad}{prefix}{edge.source} --> [*]")
            continue
        label = f": {edge.label}" if edge.kind in ("option", "case") else (
            ": else" if edge.kind == "else" else (": fallback" if edge.kind == "fallback" else ""))
        out.append(f"{pad}{prefix}{edge.source} --> {prefix}{edge.target}{label}")
    out.extend(f"{pad}{prefix}{s.id} --> [*]" for s in steps if isinstance(s, EndStep))
    return out


def _describe(flow: Flow, step: Step, prefix: str, lang: str, depth: int) -> list[str]:
    pad = "  " * depth
    name = f"{prefix}{step.id}"
    if isinstance(step, CallStep) and step.block in flow.blocks:
        block = flow.blocks[step.block]
        inner = _scope(flow, block.steps, f"{name}__", True, lang, depth + 1, block.steps[0].id)
        return [f'{pad}state "{step.id} (call {step.block})" as {name} {{', *inner, f"{pad}}}"]
    label = localize(step.label, lang) if step.label else ""
    detail = f"{step.type} — {label}" if label else step.type
    if isinstance(step, EndStep):
        detail = f"end ({step.outcome})"
    return [f"{pad}{name} : {_UNSAFE.sub('', detail)}"]
