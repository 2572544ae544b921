"""The welcome — what the bot is and is not, who sees the answers — and its consent question: the same on
every way in, /start, a first message, or a therapist's invitation link."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.conversation.callback_data import MenuButton, encode
from bot.conversation.messages import ButtonSpec, Keyboard, Send
from bot.conversation.texts import ui

if TYPE_CHECKING:
    from bot.conversation.turn import Turn


def consent_question(turn: Turn, invite_code: str = "") -> Send:
    """`invite_code`: the invitation that brought the person here, shown to them once they have agreed."""
    yes = f"yes.{invite_code}" if invite_code else "yes"
    keyboard: Keyboard = ((ButtonSpec(ui("consent_yes", turn.language), encode(MenuButton("consent", yes))),
                           ButtonSpec(ui("consent_no", turn.language), encode(MenuButton("consent", "no")))),)
    return Send(turn.chat_id, ui("welcome", turn.language), keyboard)


def consent_answer(arg: str) -> tuple[bool, str]:
    """(agreed, the invitation code it carries, if any) from a consent button's argument."""
    answer, _, invite_code = arg.partition(".")
    return answer == "yes", invite_code
