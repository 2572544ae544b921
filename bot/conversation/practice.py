"""Running an exercise for one person inside one transaction: start it, feed it an event, save what the
engine did (session state and transcript) before anything is sent."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime

from bot.conversation.flow_library import FlowLibrary, stored_engine
from bot.conversation.kept import after_the_end, kept_lists
from bot.conversation.messages import Reply, RunTimer, SessionAt
from bot.conversation.presenter import first_timer_text, keyboard_for, present
from bot.conversation.therapist.homework import completion_notice
from bot.engine import FlowEngine
from bot.engine.effects import (
    AnswerRecorded,
    AnswersDropped,
    Ask,
    CrisisAnswer,
    Effect,
    Ended,
    TimerProgress,
    TimerStarted,
)
from bot.engine.events import CommandIssued, Event, TimerTick
from bot.engine.session import Session
from bot.flowspec.model import Flow
from bot.storage import NewTranscriptEntry, Person, StoredSession, UnitOfWork


@dataclass
class OpenExercise:
    row: StoredSession
    engine: FlowEngine
    session: Session
    library: FlowLibrary
    crisis_answers: list[CrisisAnswer] = field(default_factory=list)  # of the last event: see safety.answer_rule


def when(at: float) -> datetime:
    return datetime.fromtimestamp(at, UTC)


async def open_exercise(tx: UnitOfWork, library: FlowLibrary, person: Person) -> OpenExercise | None:
    row = await tx.sessions.get_current(person.id)
    if row is None:
        return None
    engine = await stored_engine(tx, library, row.flow_version_id)
    if engine is None:
        return None
    return OpenExercise(row, engine, Session.from_json(row.state), library)


async def start_exercise(
    tx: UnitOfWork, library: FlowLibrary, person: Person, flow: Flow, language: str, chat_id: int, at: float,
    flow_version_id: int | None = None,
) -> tuple[list[Reply], int]:
    """Starts `flow` (a private flow passes its stored version); returns the replies and the session id."""
    version_id = flow_version_id or await tx.flow_versions.ensure(flow.id, flow.version, library.source(flow.id))
    engine = library.remember(version_id, flow)
    session, effects = engine.start(language, at, await kept_lists(tx, person))
    row = await tx.sessions.start(person.id, version_id, session.to_json(), session.state)
    exercise = OpenExercise(row, engine, session, library)
    return await record(tx, exercise, effects, chat_id, person, at, seq_before=0), row.id


async def step(
    tx: UnitOfWork, exercise: OpenExercise, event: Event, chat_id: int, person: Person,
    toggled_message: int | None = None,
) -> list[Reply]:
    seq_before = exercise.session.seq
    effects = _finish_elapsed_timer(exercise, event)
    if exercise.session.seq == seq_before:
        effects = exercise.engine.handle(exercise.session, event)
    return await record(tx, exercise, effects, chat_id, person, event.at, seq_before, toggled_message)


def _finish_elapsed_timer(exercise: OpenExercise, event: Event) -> list[Effect]:
    """A timer that ran out while nobody was counting it down (the bot restarted, or the chat was
    unreachable) ends first; the client then sees the next question instead of having their message
    filed as its answer unseen."""
    if isinstance(event, TimerTick | CommandIssued) or exercise.session.status != "active":
        return []
    if not any(isinstance(e, TimerStarted) for e in exercise.engine.prompt(exercise.session)):
        return []
    effects = exercise.engine.handle(exercise.session, TimerTick(event.at))
    return [e for e in effects if not isinstance(e, TimerProgress)]


async def record(
    tx: UnitOfWork, exercise: OpenExercise, effects: list[Effect], chat_id: int, person: Person, at: float,
    seq_before: int, toggled_message: int | None = None,
) -> list[Reply]:
    session = exercise.session
    exercise.crisis_answers = [e for e in effects if isinstance(e, CrisisAnswer)]
    outcome = next((e.outcome for e in effects if isinstance(e, Ended)), None)
    exercise.row = await tx.sessions.save(
        exercise.row, state=session.to_json(), status=session.status, current_step=session.state,
        outcome=outcome,
    )
    entries = transcript_entries(effects, at, seq_before)
    if entries:
        await tx.transcript.append(exercise.row.id, entries)
    replies: list[Reply] = [SessionAt(exercise.row.id, session.seq, session.status)]
    replies += replies_for(exercise, effects, chat_id, person, toggled_message)
    ended = next((e for e in effects if isinstance(e, Ended)), None)
    if ended is not None and (ended.kept or ended.follow_ups):
        replies += await after_the_end(tx, exercise.library, person, exercise.engine.flow.id, ended, chat_id, at,
                                       session.language)
    if session.status == "completed":
        ratings = next((e.ratings for e in effects if isinstance(e, Ended)), {})
        replies += await completion_notice(tx, exercise.library, exercise.row.id, person, ratings)
    return replies


def replies_for(
    exercise: OpenExercise, effects: list[Effect], chat_id: int, person: Person, toggled_message: int | None = None
) -> list[Reply]:
    """The messages for `effects`; a timer's message is followed by the instruction to count it down."""
    session = exercise.session
    replies: list[Reply] = []
    for effect in effects:
        replies += present([effect], chat_id, exercise.row.id, session.language, toggled_message)
        if isinstance(effect, TimerStarted):
            replies.append(RunTimer(
                chat_id=chat_id, user_id=person.telegram_id, session_id=exercise.row.id, seq=effect.seq,
                session_json=session.to_json(), flow_version_id=exercise.row.flow_version_id,
                keyboard=keyboard_for(exercise.row.id, effect.seq, (effect.stop_button,), "timer"),
                shown_text=first_timer_text(effect),
            ))
    return replies


def repeat_prompt(exercise: OpenExercise, chat_id: int, person: Person) -> list[Reply]:
    return replies_for(exercise, exercise.engine.prompt(exercise.session), chat_id, person)


def transcript_entries(effects: list[Effect], at: float, seq_before: int) -> list[NewTranscriptEntry]:
    """Each question once (a re-prompt or a toggle repeats a prompt with the same seq), each answer, the
    answers an edit dropped from the record (their own entries stay, so the transcript shows the edit), the end."""
    moment = when(at)
    entries: list[NewTranscriptEntry] = []
    for effect in effects:
        if isinstance(effect, Ask) and effect.seq > seq_before:
            seq_before = effect.seq
            entries.append(NewTranscriptEntry("prompt", moment, effect.step_id, effect.text))
        elif isinstance(effect, TimerStarted):
            entries.append(NewTranscriptEntry("prompt", moment, effect.step_id, None,
                                              {"timer": [[p.label, p.seconds] for p in effect.phases],
                                               "repeat": effect.repeat}))
        elif isinstance(effect, AnswerRecorded):
            entries.append(NewTranscriptEntry("answer", moment, effect.step_id, effect.raw,
                                              {"key": effect.key, "value": effect.value}))
        elif isinstance(effect, AnswersDropped):
            entries.append(NewTranscriptEntry("event", moment, None, None, {"dropped": list(effect.keys)}))
        elif isinstance(effect, Ended):
            entries.append(NewTranscriptEntry("event", moment, None, None, {"ended": effect.outcome}))
        elif isinstance(effect, CrisisAnswer):
            entries.append(NewTranscriptEntry("event", moment, effect.step_id, None, {"crisis_rule": effect.key}))
    return entries
