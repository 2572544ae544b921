"""What opens the crisis path: /sos, or risk language in any text, checked before anything else."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from bot.conversation.messages import Command, Incoming, TextMessage
from bot.safety.crisis import Assessment, Category
from bot.safety.detector import assess

# What the conversation asks about a text: bot.safety.detector.assess (the phrase rules and the semantic
# layer), or a stand-in that tests force.
Detector = Callable[[str, str | None], Assessment]


@dataclass(frozen=True, slots=True)
class Crisis:
    source: str  # "command" (/sos) or "detected" (risk language)
    assessment: Assessment | None

    @property
    def is_check_in(self) -> bool:
        return self.assessment is not None and self.assessment.response == "check_in"

    @property
    def category(self) -> Category | None:
        return self.assessment.category if self.assessment else None


def crisis_trigger(incoming: Incoming, detector: Detector = assess) -> Crisis | None:
    """/sos, or risk language in any text or edited text, in any state: checked before anything else."""
    payload = incoming.payload
    if isinstance(payload, Command) and payload.name == "sos":
        return Crisis("command", None)
    if isinstance(payload, TextMessage):
        assessment = detector(payload.text, None)  # every language's rules: people mix languages; recall first
        if assessment.is_risk:
            return Crisis("detected", assessment)
    return None
