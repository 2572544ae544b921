"""One incoming event, one transaction: the update id is claimed in the same transaction as the step, so a
redelivered update is never applied twice, and a failed step leaves it claimable again."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass

from bot.conversation.deliveries import Deliveries
from bot.conversation.flow_library import FlowLibrary, stored_engine
from bot.conversation.messages import AnswerCallback, ButtonPress, Command, Incoming, Reply, Send
from bot.conversation.practice import OpenExercise, open_exercise, repeat_prompt, step
from bot.conversation.router import Router
from bot.conversation.safety.trigger import Crisis, Detector, crisis_trigger
from bot.conversation.texts import pick_language, ui
from bot.conversation.turn import Turn
from bot.engine.effects import TimerStarted
from bot.engine.events import TimerTick
from bot.engine.session import Session
from bot.log_safety import log_failure
from bot.safety.crisis import assess
from bot.safety.static_resources import static_sos_text
from bot.storage import ConcurrentUpdate, Storage, StorageBusy, StorageError, StoredSession, UnitOfWork

log = logging.getLogger(__name__)

_ATTEMPTS = 4


@dataclass(frozen=True, slots=True)
class TimerElapsed:
    """Internal: the count-down of a timer step has run out (or the bot restarted mid-timer)."""

    session_id: int
    seq: int


class Conversation:
    def __init__(self, storage: Storage, library: FlowLibrary, bot_id: int, bot_username: str = "cbt_bot",
                 detector: Detector = assess, dashboard_url: str | None = None) -> None:
        self.storage = storage
        self.detector = detector
        self.library = library
        self.bot_id = bot_id
        self.bot_username = bot_username  # for invitation deep links
        self.deliveries = Deliveries(storage)
        self.router = Router(library, self.deliveries, bot_username, dashboard_url)

    async def handle(self, incoming: Incoming) -> list[Reply]:
        crisis = crisis_trigger(incoming, self.detector)
        try:
            return await self._handle_with_retries(incoming, crisis)
        except StorageError as error:
            log_failure(log, f"storage failed for update {incoming.update_id}", error)
            if crisis is not None:  # the resources need no database: they must work when nothing else does
                # (a check-in needs the database to remember its question: without one, the resources)
                language = pick_language(None, incoming.language_code)
                return [Send(incoming.chat_id, static_sos_text(language, category=crisis.category or "self"))]
            return apology(incoming)

    async def timer_elapsed(self, user_id: int, chat_id: int, event: TimerElapsed, at: float) -> list[Reply]:
        for attempt in range(_ATTEMPTS):
            try:
                async with self.storage.transaction() as tx:
                    person = await tx.people.get_or_create(user_id)
                    exercise = await open_exercise(tx, self.library, person)
                    if exercise is None or exercise.row.id != event.session_id or \
                            exercise.session.seq != event.seq or exercise.session.status != "active":
                        return []
                    return await step(tx, exercise, TimerTick(at), chat_id, person)
            except (ConcurrentUpdate, StorageBusy):
                await asyncio.sleep(0.05 * (attempt + 1))
        return []

    async def recover(self, at: float, page: int = 1_000) -> list[tuple[int, int, list[Reply]]]:
        """(user id, chat id, replies) for every active session whose question may not have been seen
        (saved, then the bot stopped before sending it) or whose timer was counting down. Sessions are read a
        page at a time, each page in a short transaction, and only the chosen sessions' people are read:
        after a clean stop that is none of them."""
        found: list[tuple[int, int, list[Reply]]] = []
        after_id = 0
        while True:
            async with self.storage.transaction() as tx:
                rows = await tx.sessions.list_open("active", page, after_id)
                for row in rows:
                    replies = await self._recovery_replies(tx, row)
                    if replies is not None:
                        found.append(replies)
            if len(rows) < page:
                return found
            after_id = rows[-1].id

    async def _recovery_replies(self, tx: UnitOfWork, row: StoredSession) -> tuple[int, int, list[Reply]] | None:
        engine = await stored_engine(tx, self.library, row.flow_version_id)
        if engine is None:
            return None
        exercise = OpenExercise(row, engine, Session.from_json(row.state), self.library)
        at_timer = any(isinstance(effect, TimerStarted) for effect in engine.prompt(exercise.session))
        if not at_timer and self.deliveries.seen(row) >= exercise.session.seq:
            return None
        person = await tx.people.get(row.person_id)
        if person is None or person.blocked_at is not None:
            return None
        notice = [] if at_timer else [Send(person.telegram_id, ui("repeat_question", exercise.session.language))]
        return person.telegram_id, person.telegram_id, notice + repeat_prompt(exercise, person.telegram_id, person)

    async def _handle_with_retries(self, incoming: Incoming, crisis: Crisis | None) -> list[Reply]:
        for attempt in range(_ATTEMPTS):
            try:
                return await self._handle_once(incoming, crisis)
            except (ConcurrentUpdate, StorageBusy):
                if attempt == _ATTEMPTS - 1:
                    raise
                await asyncio.sleep(0.05 * (attempt + 1))
        return []

    async def _handle_once(self, incoming: Incoming, crisis: Crisis | None) -> list[Reply]:
        async with self.storage.transaction() as tx:
            claimed = incoming.update_id is None or await tx.updates.claim(
                self.bot_id, incoming.update_id, incoming.user_id)
            if not claimed:
                return _duplicate(incoming)
            person = await tx.people.get_or_create(incoming.user_id)
            returning = person.blocked_at is not None  # they had blocked the bot: what it sent since was lost
            if returning:
                person = await tx.people.mark_unblocked(person.id)
            if incoming.language_code and incoming.language_code != person.telegram_language:
                person = await tx.people.note_telegram_language(person.id, incoming.language_code)
            if incoming.first_name and incoming.first_name != person.first_name and person.has_consent:
                # kept only with consent, as everything else: it names the client to a linked therapist
                person = await tx.people.note_first_name(person.id, incoming.first_name)
            turn = Turn(tx, person, incoming, pick_language(person.language, incoming.language_code))
            if crisis is not None:
                return await self.router.crisis(turn, crisis)
            if not returning:
                return await self.router.route(turn)
            seq_before = await self.router.open_step(turn)
            replies = await self.router.route(turn)
            return replies + await self.router.where_it_stopped(turn, seq_before)


def _duplicate(incoming: Incoming) -> list[Reply]:
    """Nothing: the first delivery answered it, button presses included, and Telegram refuses a second
    answerCallbackQuery for one query. (Had the first died before answering, the button's spinner stops by
    itself, and the question is sent again by recovery.)"""
    return []


def apology(incoming: Incoming) -> list[Reply]:
    language = pick_language(None, incoming.language_code)
    replies: list[Reply] = []
    if isinstance(incoming.payload, ButtonPress):
        replies.append(AnswerCallback(incoming.payload.callback_id))
    if not (isinstance(incoming.payload, Command) and incoming.payload.name == "sos"):
        replies.append(Send(incoming.chat_id, ui("busy", language)))
    return replies
