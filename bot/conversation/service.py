"""One incoming event, one transaction: the update id is claimed in the same transaction as the step, so a
redelivered update is never applied twice, and a failed step leaves it claimable again."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from bot.conversation import check_in, custom_flows, homework, linking, location, menus, privacy_menu, review_menu
from bot.conversation import crisis as crisis_path
from bot.conversation.access import is_therapist
from bot.conversation.callback_data import AnswerButton, MenuButton, decode
from bot.conversation.deliveries import Deliveries
from bot.conversation.flow_library import FlowLibrary, stored_engine
from bot.conversation.messages import (
    AnswerCallback,
    ButtonPress,
    Command,
    DocumentUpload,
    Incoming,
    Reply,
    Send,
    TextMessage,
)
from bot.conversation.practice import OpenExercise, open_exercise, repeat_prompt, step
from bot.conversation.texts import pick_language, ui
from bot.conversation.therapist_texts import tt
from bot.engine.effects import Ask, TimerStarted
from bot.engine.events import ActionChosen, CommandIssued, OptionChosen, TextEntered, TimerTick
from bot.engine.session import Session
from bot.log_safety import log_failure
from bot.safety.crisis import Assessment, Category, assess
from bot.safety.static_resources import static_sos_text
from bot.storage import ConcurrentUpdate, Person, Storage, StorageBusy, StorageError, StoredSession, UnitOfWork

log = logging.getLogger(__name__)

ENGINE_COMMANDS = ("back", "pause", "cancel")


# What the conversation asks about a text: bot.safety.crisis.assess, or a stand-in that tests force.
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


async def _invite(conversation: Conversation, turn: Turn) -> list[Reply]:
    return await linking.create_client_invite(turn, conversation.bot_username)


async def _assign(conversation: Conversation, turn: Turn) -> list[Reply]:
    return await homework.start_wizard(turn)


async def _clients(conversation: Conversation, turn: Turn) -> list[Reply]:
    return await review_menu.clients(turn, conversation.library)


async def _review(conversation: Conversation, turn: Turn) -> list[Reply]:
    return await review_menu.choose_client(turn, "rv")


async def _export(conversation: Conversation, turn: Turn) -> list[Reply]:
    return await review_menu.choose_client(turn, "ex")


async def _progress(conversation: Conversation, turn: Turn) -> list[Reply]:
    return await review_menu.choose_client(turn, "pg")


async def _flows(conversation: Conversation, turn: Turn) -> list[Reply]:
    return await custom_flows.list_flows(turn)


async def _release(conversation: Conversation, turn: Turn) -> list[Reply]:
    return await linking.release_menu(turn)


THERAPIST_COMMANDS: dict[str, Callable[[Conversation, Turn], Awaitable[list[Reply]]]] = {
    "invite": _invite, "assign": _assign, "clients": _clients, "review": _review, "export": _export,
    "progress": _progress, "flows": _flows, "release": _release,
}
_ATTEMPTS = 4


@dataclass(frozen=True, slots=True)
class TimerElapsed:
    """Internal: the count-down of a timer step has run out (or the bot restarted mid-timer)."""

    session_id: int
    seq: int


@dataclass
class Turn:
    tx: UnitOfWork
    person: Person
    incoming: Incoming
    language: str

    @property
    def chat_id(self) -> int:
        return self.incoming.chat_id

    @property
    def at(self) -> float:
        return self.incoming.at


class Conversation:
    def __init__(self, storage: Storage, library: FlowLibrary, bot_id: int, bot_username: str = "cbt_bot",
                 detector: Detector = assess) -> None:
        self.storage = storage
        self.detector = detector
        self.library = library
        self.bot_id = bot_id
        self.bot_username = bot_username  # for invitation deep links
        self.deliveries = Deliveries(storage)

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
            if person.blocked_at is not None:
                person = await tx.people.mark_unblocked(person.id)
            if incoming.language_code and incoming.language_code != person.telegram_language:
                person = await tx.people.note_telegram_language(person.id, incoming.language_code)
            turn = Turn(tx, person, incoming, pick_language(person.language, incoming.language_code))
            if crisis is not None:
                return await self._crisis(turn, crisis)
            return await self._route(turn)

    async def _crisis(self, turn: Turn, crisis: Crisis) -> list[Reply]:
        """Clear risk or /sos: the SOS path. Possible risk: a check-in question first, unless the SOS path of
        this episode is already open (then it is shown again)."""
        if crisis.is_check_in and not await crisis_path.still_open(turn):
            assert crisis.assessment is not None
            return await check_in.ask(turn, crisis.assessment, await self._answer_in_waiting(turn))
        rules = crisis.assessment.rules if crisis.assessment else ()
        return await crisis_path.open_path(turn, self.library, crisis.source, crisis.category, rules)

    async def _answer_in_waiting(self, turn: Turn) -> dict[str, object] | None:
        """The text as the answer to the step the person was answering, kept for a check-in answered No:
        only a new message (not an edit) of someone who agreed to storage, to a question they have seen."""
        payload = turn.incoming.payload
        if not isinstance(payload, TextMessage) or payload.edited or not turn.person.has_consent:
            return None
        dialog = await turn.tx.dialogs.get(turn.person.id)
        if dialog is not None and dialog.kind == homework.WIZARD:  # the text was a homework note, not an answer
            return None
        exercise = await open_exercise(turn.tx, self.library, turn.person)
        if exercise is None or exercise.session.status != "active" or \
                self.deliveries.seen(exercise.row) < exercise.session.seq:
            return None
        return check_in.pending_answer(payload.text, exercise.row.id, exercise.session.seq, turn.at)

    async def _route(self, turn: Turn) -> list[Reply]:
        payload = turn.incoming.payload
        if isinstance(payload, ButtonPress):
            return await self._button(turn, payload)
        if isinstance(payload, Command):
            return await self._command(turn, payload)
        if isinstance(payload, TextMessage):
            return await self._text(turn, payload)
        if isinstance(payload, DocumentUpload):
            return await custom_flows.receive_upload(turn, self.library, payload)
        return [Send(turn.chat_id, ui("not_text", turn.language))]

    # --- commands --------------------------------------------------------------------------------

    async def _command(self, turn: Turn, command: Command) -> list[Reply]:
        name = command.name
        if name == "start" and command.args:
            invited = await linking.open_invite(turn, command.args)
            if invited is not None:
                return invited
        if name == "start":
            return menus.welcome(turn)
        therapist_command = THERAPIST_COMMANDS.get(name)
        if therapist_command is not None:
            return await therapist_command(self, turn)
        if name == "privacy":
            return privacy_menu.privacy(turn)
        if name == "mydata":
            return await privacy_menu.my_data(turn)
        if name == "deleteme":
            return privacy_menu.confirm_erasure(turn)
        if name == "timezone":
            return await menus.set_timezone(turn, command.args)
        if name == "country":
            return await location.show(turn, command.args)
        if name == "unlink":
            return await linking.unlink(turn)
        if name == "help":
            return await self._help(turn)
        if name == "language":
            return menus.language_menu(turn)
        if not turn.person.has_consent:
            return menus.consent_first(turn)
        if name == "practice":
            return await menus.catalogue(turn, self.library)
        if name == "history":
            return await menus.history(turn, self.library)
        if name == "homework":
            return await homework.homework_list(turn, self.library)
        if name == "resume":
            return await self._resume(turn)
        if name in ENGINE_COMMANDS:
            exercise = await open_exercise(turn.tx, self.library, turn.person)
            if exercise is None:
                return [Send(turn.chat_id, ui("nothing_in_progress", turn.language))]
            command_event = CommandIssued(name, turn.at)  # type: ignore[arg-type]  # one of ENGINE_COMMANDS
            return await step(turn.tx, exercise, command_event, turn.chat_id, turn.person)
        return [Send(turn.chat_id, ui("unknown_command", turn.language))]

    async def _help(self, turn: Turn) -> list[Reply]:
        """Inside an exercise, the step's own help (the engine's); otherwise what the bot can do."""
        exercise = await open_exercise(turn.tx, self.library, turn.person) if turn.person.has_consent else None
        if exercise is None or exercise.session.status != "active":
            extra = "\n\n" + tt("therapist_help", turn.language) if is_therapist(turn.person) else ""
            return [Send(turn.chat_id, ui("help", turn.language) + extra)]
        return await step(turn.tx, exercise, CommandIssued("help", turn.at), turn.chat_id, turn.person)

    async def _resume(self, turn: Turn) -> list[Reply]:
        exercise = await open_exercise(turn.tx, self.library, turn.person)
        if exercise is None:
            return [Send(turn.chat_id, ui("nothing_to_resume", turn.language))]
        if exercise.session.status == "paused":
            return await step(turn.tx, exercise, CommandIssued("resume", turn.at), turn.chat_id, turn.person)
        return await self._repeat_prompt(turn, exercise)

    async def _repeat_prompt(self, turn: Turn, exercise: OpenExercise) -> list[Reply]:
        return repeat_prompt(exercise, turn.chat_id, turn.person)

    # --- free text -------------------------------------------------------------------------------

    async def _text(self, turn: Turn, message: TextMessage) -> list[Reply]:
        if is_therapist(turn.person) and not message.edited:
            dialog = await turn.tx.dialogs.get(turn.person.id)
            if dialog is not None and dialog.kind == homework.WIZARD:
                return await homework.wizard_text(turn, self.library, message.text)
        if not turn.person.has_consent:
            return menus.consent_first(turn)
        if not message.edited and await check_in.still_open(turn):
            return await check_in.typed_reply(turn, self.library, message.text)
        if await crisis_path.still_open(turn):
            return await crisis_path.reminder_of_choices(turn, self.library)
        exercise = await open_exercise(turn.tx, self.library, turn.person)
        if not message.edited and await location.is_waiting(turn):
            if exercise is None:
                return await location.answer(turn, message.text)
            await turn.tx.dialogs.clear(turn.person.id)  # they went on to an exercise: the text answers it
        if exercise is None:
            return [Send(turn.chat_id, ui("nothing_in_progress", turn.language))]
        if message.edited:
            return [Send(turn.chat_id, ui("edited", turn.language))]
        if self.deliveries.seen(exercise.row) < exercise.session.seq and exercise.session.status == "active":
            # The client never saw the current question (we stopped between saving and sending):
            # their text answers something else, so ask again rather than file it under this step.
            return [Send(turn.chat_id, ui("repeat_question", turn.language)),
                    *await self._repeat_prompt(turn, exercise)]
        return await step(turn.tx, exercise, TextEntered(message.text, turn.at), turn.chat_id, turn.person)

    # --- buttons ---------------------------------------------------------------------------------

    async def _button(self, turn: Turn, press: ButtonPress) -> list[Reply]:
        data = decode(press.data)
        if isinstance(data, MenuButton):
            return [AnswerCallback(press.callback_id), *await menus.on_menu_button(turn, data, self.library)]
        if isinstance(data, AnswerButton):
            return await self._answer_button(turn, press, data)
        return [AnswerCallback(press.callback_id, ui("stale_menu", turn.language))]

    async def _answer_button(self, turn: Turn, press: ButtonPress, data: AnswerButton) -> list[Reply]:
        stale: list[Reply] = [AnswerCallback(press.callback_id, ui("stale_menu", turn.language))]
        exercise = await open_exercise(turn.tx, self.library, turn.person)
        if exercise is None or exercise.row.id != data.session_id or exercise.session.seq != data.seq:
            return stale
        prompt = [e for e in exercise.engine.prompt(exercise.session) if isinstance(e, Ask | TimerStarted)]
        if not prompt:
            return stale
        current = prompt[-1]
        buttons = current.buttons if isinstance(current, Ask) else (current.stop_button,)
        if not 0 <= data.index < len(buttons):
            return stale
        button = buttons[data.index]
        if button.kind == "option":
            event: OptionChosen | ActionChosen = OptionChosen(data.seq, button.value, turn.at)
        else:
            event = ActionChosen(data.seq, button.value, turn.at, button.arg)  # type: ignore[arg-type]
        toggled = press.message_id if isinstance(current, Ask) and current.kind == "multi_choice" \
            and button.kind == "option" else None
        replies = await step(turn.tx, exercise, event, turn.chat_id, turn.person, toggled)
        return [AnswerCallback(press.callback_id), *replies]


def _duplicate(incoming: Incoming) -> list[Reply]:
    if isinstance(incoming.payload, ButtonPress):
        return [AnswerCallback(incoming.payload.callback_id)]
    return []


def apology(incoming: Incoming) -> list[Reply]:
    language = pick_language(None, incoming.language_code)
    replies: list[Reply] = []
    if isinstance(incoming.payload, ButtonPress):
        replies.append(AnswerCallback(incoming.payload.callback_id))
    if not (isinstance(incoming.payload, Command) and incoming.payload.name == "sos"):
        replies.append(Send(incoming.chat_id, ui("busy", language)))
    return replies
