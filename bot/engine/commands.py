"""What the client can do at any step: back, pause, resume, cancel, help, SOS."""

from __future__ import annotations

from collections.abc import Callable

from bot.engine.cursor import Cursor
from bot.engine.effects import Paused, SosRequested
from bot.engine.events import CommandName
from bot.engine.steps.base import Node, WaitingNode


def run_command(cursor: Cursor, node: Node, name: CommandName) -> None:
    _COMMANDS.get(name, _unknown)(cursor, node)


def resume(cursor: Cursor, node: Node) -> None:
    """Make a paused session active again (silently: the caller shows what comes next)."""
    if cursor.session.status == "paused":
        cursor.session.status = "active"
        node.on_resume(cursor)


def _back(cursor: Cursor, node: Node) -> None:
    resume(cursor, node)
    if node.on_back(cursor):
        return
    session = cursor.session
    if not session.history:
        cursor.say(cursor.text("first_question"), "notice")
        cursor.outbox.extend(node.prompt(cursor))
        return
    target = session.history.pop()
    if target == session.return_to:  # backing out of an edit not yet answered returns to the summary
        session.return_to = None
        session.edit_walk = None
    cursor.back_to(target)


def _pause(cursor: Cursor, node: Node) -> None:
    cursor.session.status = "paused"
    cursor.emit(Paused(cursor.text("paused")))


def _resume(cursor: Cursor, node: Node) -> None:
    if cursor.session.status == "paused":
        resume(cursor, node)
        cursor.say(cursor.text("resumed"), "notice")
    cursor.outbox.extend(node.prompt(cursor))


def _cancel(cursor: Cursor, node: Node) -> None:
    cursor.finish("cancelled", cursor.text("cancelled"), status="cancelled")


def _help(cursor: Cursor, node: Node) -> None:
    text = node.help_text(cursor) if isinstance(node, WaitingNode) else cursor.text("help")
    cursor.say(text, "help")


def _sos(cursor: Cursor, node: Node) -> None:
    cursor.emit(SosRequested())


def _unknown(cursor: Cursor, node: Node) -> None:
    cursor.say(cursor.text("help"), "help")


_COMMANDS: dict[str, Callable[[Cursor, Node], None]] = {
    "back": _back,
    "pause": _pause,
    "resume": _resume,
    "cancel": _cancel,
    "help": _help,
    "sos": _sos,
}
