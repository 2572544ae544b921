"""Compiling a flow: blocks inlined where they are called, every text localised and every template
parsed ahead of time, and the state machine built, so that handling an event does as little as possible.

A state is a step's id in the main flow, or `call_step/block_step` inside a called block (nested calls
add more levels); that step's answer key is the state with `/` replaced by `.`.
"""

from __future__ import annotations

from bot.engine.machine import build_machine
from bot.engine.program import INITIAL, Program, RatingSource
from bot.engine.render import AnswerFormat
from bot.engine.steps import BUILDERS
from bot.engine.steps.base import Node, QuestionNode, WaitingNode
from bot.engine.steps.call import CallNode
from bot.engine.steps.context import Scope, StepContext
from bot.flowspec.graph import FALL_OFF, RETURN, default_next, edges
from bot.flowspec.model import CallStep, Flow, ScaleStep, Step

# Blocks may call blocks but never themselves (the validator checks); this only stops an unchecked flow.
MAX_CALL_DEPTH = 32


def compile_flow(flow: Flow) -> Program:
    compiler = _Compiler(flow)
    main = Scope("", "", frozenset(step.id for step in flow.steps))
    compiler.add_scope(flow.steps, main, returns_to=None, depth=0)
    start = main.state(flow.start_step)
    nodes = compiler.nodes
    formats: dict[str, AnswerFormat] = {}
    for node in nodes.values():
        answer_format = node.answer_format()
        if answer_format is not None:
            formats[node.key] = answer_format
    machine, moves = build_machine(nodes, [(INITIAL, start), *compiler.edges])
    program = Program(
        flow=flow,
        languages=compiler.languages,
        start=start,
        nodes=nodes,
        state_of_key={node.key: state for state, node in nodes.items()},
        formats=formats,
        question_keys=tuple(node.key for node in nodes.values() if isinstance(node, QuestionNode)),
        ratings=tuple(compiler.ratings),
        machine=machine,
        moves=moves,
        edges=frozenset(compiler.edges),
    )
    for node in nodes.values():
        node.link(program)
    return program


class _Compiler:
    def __init__(self, flow: Flow) -> None:
        self.flow = flow
        self.languages = tuple(flow.languages)
        self.nodes: dict[str, Node] = {}
        self.edges: list[tuple[str, str]] = []
        self.ratings: list[RatingSource] = []

    def add_scope(self, steps: list[Step], scope: Scope, returns_to: str | None, depth: int) -> None:
        """Compile one scope's steps. `returns_to` is where falling off a block's end leads: the state
        after its call step."""
        if depth > MAX_CALL_DEPTH:
            raise ValueError(f"blocks call each other more than {MAX_CALL_DEPTH} levels deep")
        in_block = depth > 0

        def resolve(target: str) -> str | None:
            if target == RETURN:
                return returns_to
            return None if target == FALL_OFF else scope.state(target)

        for index, step in enumerate(steps):
            state = scope.state(step.id)
            follows = resolve(default_next(steps, index, in_block))
            ctx = StepContext(self.flow, self.languages, scope, state, scope.key(step.id), follows)
            node = BUILDERS[step.type](step, ctx)
            self.nodes[state] = node
            if isinstance(node, WaitingNode) and follows is not None:
                # also where a `skip` fallback goes, even on a choice whose options all jump elsewhere
                self.edges.append((state, follows))
            if isinstance(step, ScaleStep) and step.rating is not None:
                self.ratings.append(RatingSource(step.rating.measure, step.rating.when, ctx.key))
            if isinstance(step, CallStep) and isinstance(node, CallNode):
                block = self.flow.blocks[step.block]
                inner = Scope(f"{state}/", f"{ctx.key}.", frozenset(s.id for s in block.steps))
                self.edges.append((state, node.entry))
                self.add_scope(block.steps, inner, returns_to=follows, depth=depth + 1)
        for edge in edges(steps, in_block):
            target = resolve(edge.target)
            if target is not None:
                self.edges.append((scope.state(edge.source), target))
