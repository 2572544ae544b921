"""Who handles what: commands, buttons and typed text go to the feature that owns them (client, therapist,
safety, privacy); the crisis path comes first. Features know nothing of each other or of the router."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from bot.conversation.access import is_therapist
from bot.conversation.callback_data import AnswerButton, MenuButton, decode
from bot.conversation.client import location, menus
from bot.conversation.consent import consent_answer
from bot.conversation.deliveries import Deliveries
from bot.conversation.flow_library import FlowLibrary
from bot.conversation.messages import AnswerCallback, ButtonPress, Command, DocumentUpload, Reply, Send, TextMessage
from bot.conversation.practice import OpenExercise, open_exercise, repeat_prompt, step
from bot.conversation.privacy import menu as privacy_menu
from bot.conversation.safety import answer_rule, check_in
from bot.conversation.safety import crisis as crisis_path
from bot.conversation.safety.trigger import Crisis
from bot.conversation.texts import ui
from bot.conversation.therapist import (
    assign_wizard,
    caseload,
    custom_flows,
    dashboard,
    exercises,
    homework,
    homework_changes,
    linking,
    naming,
    notes,
    picker,
    release_confirm,
    review,
    templates,
)
from bot.conversation.therapist.texts import tt
from bot.conversation.turn import Turn
from bot.engine.effects import Ask, TimerStarted
from bot.engine.events import ActionChosen, CommandIssued, OptionChosen, TextEntered
from bot.i18n import languages

ENGINE_COMMANDS = ("back", "pause", "cancel")


async def _invite(router: Router, turn: Turn) -> list[Reply]:
    payload = turn.incoming.payload
    name = payload.args if isinstance(payload, Command) else ""
    return await linking.create_client_invite(turn, router.bot_username, name)


async def _rename(router: Router, turn: Turn) -> list[Reply]:
    return await naming.rename_command(turn)


async def _myname(router: Router, turn: Turn) -> list[Reply]:
    return await naming.myname_command(turn)


async def _assign(router: Router, turn: Turn) -> list[Reply]:
    return await homework.start_wizard(turn)


async def _clients(router: Router, turn: Turn) -> list[Reply]:
    return await caseload.clients(turn, router.library)


async def _digest(router: Router, turn: Turn) -> list[Reply]:
    payload = turn.incoming.payload
    return await caseload.digest_command(turn, payload.args if isinstance(payload, Command) else "")


async def _review(router: Router, turn: Turn) -> list[Reply]:
    return await review.choose_client(turn, "rv")


async def _export(router: Router, turn: Turn) -> list[Reply]:
    return await review.choose_client(turn, "ex")


async def _progress(router: Router, turn: Turn) -> list[Reply]:
    return await review.choose_client(turn, "pg")


async def _session(router: Router, turn: Turn) -> list[Reply]:
    return await review.choose_client(turn, "ss")


async def _flows(router: Router, turn: Turn) -> list[Reply]:
    return await custom_flows.list_flows(turn)


async def _release(router: Router, turn: Turn) -> list[Reply]:
    return await linking.release_menu(turn)


async def _assignments(router: Router, turn: Turn) -> list[Reply]:
    return await homework_changes.choose_client(turn)


async def _templates(router: Router, turn: Turn) -> list[Reply]:
    return await templates.list_templates(turn, router.library)
async def _note(router: Router, turn: Turn) -> list[Reply]:
    return await notes.note_command(turn)


async def _dashboard(router: Router, turn: Turn) -> list[Reply]:
    return await dashboard.sign_in_link(turn, router.dashboard_url)


THERAPIST_COMMANDS: dict[str, Callable[[Router, Turn], Awaitable[list[Reply]]]] = {
    "invite": _invite, "assign": _assign, "clients": _clients, "review": _review, "export": _export,
    "progress": _progress, "flows": _flows, "release": _release,
    "session": _session,
    "assignments": _assignments, "templates": _templates,
    "note": _note,
    "digest": _digest,
    "rename": _rename, "myname": _myname,
    "dashboard": _dashboard,
}


async def _release_button(turn: Turn, library: FlowLibrary, arg: str) -> list[Reply]:
    return await release_confirm.on_button(turn, arg)


async def _edit_assignment_button(turn: Turn, library: FlowLibrary, arg: str) -> list[Reply]:
    assignment_id, _, cancelling = arg.partition(".")
    if not assignment_id.isdigit():
        return [Send(turn.chat_id, ui("stale_menu", turn.language))]
    return await assign_wizard.start_edit(turn, library, int(assignment_id), cancelling == "x")


async def _new_assignment_button(turn: Turn, library: FlowLibrary, arg: str) -> list[Reply]:
    if not arg.isdigit():
        return [Send(turn.chat_id, ui("stale_menu", turn.language))]
    return await assign_wizard.start_for_client(turn, library, int(arg))


async def _rename_button(turn: Turn, library: FlowLibrary, arg: str) -> list[Reply]:
    return await naming.rename_button(turn, arg)


async def _picker_button(turn: Turn, library: FlowLibrary, arg: str) -> list[Reply]:
    return await picker.on_button(turn, arg)


async def _assign_button(turn: Turn, library: FlowLibrary, arg: str) -> list[Reply]:
    return await homework.wizard_button(turn, library, arg)


async def _assign_for_button(turn: Turn, library: FlowLibrary, arg: str) -> list[Reply]:
    if not arg.isdigit():
        return [Send(turn.chat_id, ui("stale_menu", turn.language))]
    return await homework.start_wizard_for(turn, library, int(arg))


_THERAPIST_MENUS: dict[str, Callable[[Turn, FlowLibrary, str], Awaitable[list[Reply]]]] = {
    "asg": _assign_button,
    "release": _release_button,
    "rv": exercises.review_button,
    "ss": exercises.session_menu,
    "ex": review.export_button,
    "pg": review.progress_button,
    "hwl": homework_changes.list_button,
    "hwe": _edit_assignment_button,
    "hwn": _new_assignment_button,
    templates.MENU: templates.on_button,
    notes.MENU: notes.note_button,
    caseload.MENU: caseload.caseload_button,
    caseload.MENU_ASSIGN: _assign_for_button,
    caseload.DIGEST_MENU: caseload.digest_button,
    naming.MENU: _rename_button,
    picker.MENU: _picker_button,
}


class Router:
    def __init__(self, library: FlowLibrary, deliveries: Deliveries, bot_username: str,
                 dashboard_url: str | None = None) -> None:
        self.dashboard_url = dashboard_url  # where /dashboard's sign-in links point; None: not served
        self.library = library
        self.deliveries = deliveries
        self.bot_username = bot_username  # for invitation deep links

    async def crisis(self, turn: Turn, crisis: Crisis) -> list[Reply]:
        """Clear risk or /sos: the SOS path. Possible risk: a check-in question first, unless the SOS path of
        this episode is already open (then it is shown again)."""
        if crisis.source == "detected" and notes.is_note_text(turn) and await notes.is_writing(turn):
            # A therapist's note about a client (often about the client's risk) is not the therapist in crisis;
            # /sos still opens the path.
            payload = turn.incoming.payload
            assert isinstance(payload, TextMessage)
            return await notes.receive_text(turn, payload.text)
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

    async def open_step(self, turn: Turn) -> int | None:
        """The step number of the person's open exercise, if one is running."""
        exercise = await open_exercise(turn.tx, self.library, turn.person)
        return None if exercise is None or exercise.session.status != "active" else exercise.session.seq

    async def where_it_stopped(self, turn: Turn, seq_before: int | None) -> list[Reply]:
        """For someone back after blocking the bot, whose /start or old button left their exercise where it
        was: that exercise's question again, since whatever the bot sent while it was blocked never arrived."""
        payload = turn.incoming.payload
        back = isinstance(payload, ButtonPress) or (isinstance(payload, Command) and payload.name == "start")
        if not back or seq_before is None or not turn.person.has_consent:
            return []
        exercise = await open_exercise(turn.tx, self.library, turn.person)
        if exercise is None or exercise.session.status != "active" or exercise.session.seq != seq_before:
            return []
        return [Send(turn.chat_id, ui("exercise_left_open", turn.language)),
                *repeat_prompt(exercise, turn.chat_id, turn.person)]

    async def route(self, turn: Turn) -> list[Reply]:
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
        if is_therapist(turn.person) and await notes.is_writing(turn):  # another command: no note after all
            dropped = await notes.stop_writing(turn, announce=name == "cancel")
            if name == "cancel":
                return dropped
        if is_therapist(turn.person):  # another command: no name after all, and typing no longer searches
            await picker.close(turn)
            if await naming.is_naming(turn):
                dropped = await naming.stop(turn, announce=name == "cancel")
                if name == "cancel":
                    return dropped
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
            zone_before = turn.person.timezone
            replies = await menus.set_timezone(turn, command.args)
            if is_therapist(turn.person) and turn.person.timezone != zone_before:
                await caseload.zone_changed(turn)  # the digest keeps its local time
            return replies
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
        if name == "saved":
            return await menus.saved(turn, self.library)
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
            if dialog is not None and dialog.kind == notes.DIALOG:
                return await notes.receive_text(turn, message.text)
            if dialog is not None and dialog.kind == naming.DIALOG:
                return await naming.receive_text(turn, message.text)
            if dialog is not None and dialog.kind == picker.DIALOG:
                return await picker.search(turn, message.text)
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
        replies = await step(turn.tx, exercise, TextEntered(message.text, turn.at), turn.chat_id, turn.person)
        return await answer_rule.after_answer(turn, self.library, exercise, replies)

    # --- buttons ---------------------------------------------------------------------------------

    async def _button(self, turn: Turn, press: ButtonPress) -> list[Reply]:
        data = decode(press.data)
        if isinstance(data, MenuButton):
            return [AnswerCallback(press.callback_id), *await self._menu_button(turn, data)]
        if isinstance(data, AnswerButton):
            return await self._answer_button(turn, press, data)
        return [AnswerCallback(press.callback_id, ui("stale_menu", turn.language))]

    async def _menu_button(self, turn: Turn, button: MenuButton) -> list[Reply]:
        library = self.library
        if button.menu == "consent":
            return await self._consent(turn, *consent_answer(button.arg))
        if button.menu == "join":
            return [*await linking.accept_invite(turn, button.arg), *await location.ask_if_deferred(turn)]
        if button.menu == "sos":
            return await crisis_path.choose(turn, library, button.arg)
        if button.menu == check_in.MENU:
            return await check_in.answer(turn, library, button.arg)
        if button.menu == "priv":
            return await privacy_menu.privacy_button(turn, button.arg)
        if button.menu == "erase":
            return await privacy_menu.erase(turn, button.arg == "yes")
        if button.menu == location.MENU:
            return await location.on_button(turn, button.arg)
        if button.menu == "nojoin":
            return [Send(turn.chat_id, tt("join_declined", turn.language)), *await location.ask_if_deferred(turn)]
        therapist_menu = _THERAPIST_MENUS.get(button.menu)
        if therapist_menu is not None:
            if button.menu != picker.MENU:  # a client chosen, or anything else: typing no longer searches
                await picker.close(turn)
            return await therapist_menu(turn, library, button.arg)
        if button.menu == "lang" and button.arg in languages():
            turn.person = await turn.tx.people.set_language(turn.person.id, button.arg)
            turn.language = button.arg
            return [Send(turn.chat_id, ui("language_set", button.arg))]
        if not turn.person.has_consent:
            return menus.consent_first(turn)
        if button.menu == "hw" and button.arg.isdigit():
            return await menus.start_homework(turn, library, int(button.arg))
        if button.menu == "snooze" and button.arg.isdigit():
            return await homework.snooze(turn, int(button.arg))
        if button.menu == "flow":
            return await menus.start_flow(turn, library, button.arg, replace=False)
        if button.menu == "replace":
            return await menus.start_flow(turn, library, button.arg, replace=True)
        if button.menu == "resume":
            exercise = await open_exercise(turn.tx, library, turn.person)
            if exercise is None:
                return [Send(turn.chat_id, ui("nothing_to_resume", turn.language))]
            return repeat_prompt(exercise, turn.chat_id, turn.person)
        return [Send(turn.chat_id, ui("stale_menu", turn.language))]

    async def _consent(self, turn: Turn, given: bool, invite_code: str) -> list[Reply]:
        """Consent given or withdrawn; given on the way in through an invitation, whether to link is asked
        next, apart, and the place after that."""
        if given:
            turn.person = await turn.tx.people.give_consent(turn.person.id)
            if invite_code:
                replies = await linking.open_invite(turn, invite_code) or []
                if await linking.asks_to_join(turn, invite_code):
                    await location.ask_after_invitation(turn)
                    return replies
                return [*replies, *await location.ask(turn)]
            return [Send(turn.chat_id, ui("consent_thanks", turn.language)), *await location.ask(turn)]
        if turn.person.has_consent:
            turn.person = await turn.tx.people.withdraw_consent(turn.person.id)
        return [Send(turn.chat_id, ui("consent_declined", turn.language))]

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
        replies = await answer_rule.after_answer(turn, self.library, exercise, replies)
        return [AnswerCallback(press.callback_id), *replies]
