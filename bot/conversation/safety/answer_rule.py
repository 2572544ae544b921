"""A questionnaire answer that its flow's crisis rule names (PHQ-9 item 9 above "not at all") opens the same
SOS path as risk language in a message, and the linked therapist is told once per episode: which
questionnaire and which item, never the answer. The exercise waits at its next question, which the path's
"back to the exercise" shows again."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.conversation.flow_library import FlowLibrary
from bot.conversation.messages import Reply, Send
from bot.conversation.practice import OpenExercise
from bot.conversation.safety import crisis as crisis_path

if TYPE_CHECKING:
    from bot.conversation.turn import Turn

SOURCE = "answer"  # the safety event's source, beside "detected" and "command"


async def after_answer(turn: Turn, library: FlowLibrary, exercise: OpenExercise, replies: list[Reply]) -> list[Reply]:
    """`replies` of a step; with a crisis answer among its effects, the SOS path comes in place of the next
    question (what else the step said stays, before it)."""
    if not exercise.crisis_answers:
        return replies
    rules = tuple(f"{exercise.engine.flow.id}:{answer.step_id}" for answer in exercise.crisis_answers)
    kept = [r for r in replies if not (isinstance(r, Send) and r.confirms_seq is not None)]
    path = await crisis_path.open_path(turn, library, SOURCE, "self", rules)
    return [*kept, *path]
