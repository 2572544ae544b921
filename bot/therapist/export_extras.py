"""What an export carries beside the exercises: the layout, the homework each exercise did, and the therapist's
own notes. Plain values; the conversation gathers them from storage."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Literal

from bot.storage.records import TherapistNote
from bot.therapist.cards import ExerciseCard

Layout = Literal["compact", "full"]
LAYOUTS: tuple[Layout, ...] = ("compact", "full")


@dataclass(frozen=True, slots=True)
class HomeworkDone:
    """The homework item an exercise did: its due day (in the client's zone) and the assignment's note."""

    due_on: date
    note: str | None


@dataclass(frozen=True, slots=True)
class ExportExtras:
    layout: Layout = "full"
    homework: Mapping[int, HomeworkDone] = field(default_factory=dict)  # by session id
    notes: Sequence[TherapistNote] = ()  # the therapist's own notes: on the client and on exercises
    completed_only: bool | None = None  # which exercises the caller chose (None: not said)
    cards: Mapping[int, ExerciseCard] = field(default_factory=dict)  # by session id: the compact layout's cards

    def notes_on(self, session_id: int) -> list[TherapistNote]:
        return [note for note in self.notes if note.session_id == session_id]

    @property
    def client_notes(self) -> list[TherapistNote]:
        return [note for note in self.notes if note.session_id is None]
