"""The command menus Telegram shows: everyone's (the default scope), and for each therapist's chat their own,
with the therapist's commands first (BotCommandScopeChat; a chat's scope replaces the default there). Each
in every language the bot speaks, as the default menu is."""

from __future__ import annotations

import logging

from telegram import Bot, BotCommand, BotCommandScopeChat
from telegram.error import TelegramError

from bot.conversation.texts import ui
from bot.conversation.therapist.naming_texts import nmt
from bot.i18n import SOURCE_LANGUAGE, languages

log = logging.getLogger(__name__)

MENU = ("practice", "homework", "resume", "back", "pause", "cancel", "history", "saved", "language", "country",
        "privacy", "help", "sos")
THERAPIST_MENU = ("clients", "invite", "assign", "assignments", "templates", "review", "session", "note", "export",
                  "progress", "digest", "rename", "myname", "flows", "release", "dashboard")


def _code(language: str) -> str | None:
    return None if language == SOURCE_LANGUAGE else language


def client_commands(language: str) -> list[BotCommand]:
    return [BotCommand(name, ui(f"menu_{name}", language)) for name in MENU]


def therapist_commands(language: str) -> list[BotCommand]:
    return [*(BotCommand(name, nmt(f"menu_{name}", language)) for name in THERAPIST_MENU),
            *client_commands(language)]


async def register_commands(bot: Bot) -> None:
    """Everyone's menu: the client commands."""
    for language in languages():
        await bot.set_my_commands(client_commands(language), language_code=_code(language))


async def set_therapist_menu(bot: Bot, chat_id: int) -> None:
    """The therapist's own menu in their chat (TelegramError if Telegram refuses, e.g. a chat never started)."""
    scope = BotCommandScopeChat(chat_id)
    for language in languages():
        await bot.set_my_commands(therapist_commands(language), scope=scope, language_code=_code(language))


async def remove_therapist_menu(bot: Bot, chat_id: int) -> None:
    """Back to everyone's menu in that chat."""
    scope = BotCommandScopeChat(chat_id)
    for language in languages():
        await bot.delete_my_commands(scope=scope, language_code=_code(language))


async def set_therapist_menus(bot: Bot, chat_ids: list[int]) -> int:
    """At start-up, each therapist's menu; a chat Telegram refuses (a therapist added by id who never wrote to
    the bot) is logged and skipped: their menu is set when they become a therapist again or at the next start.
    Returns how many were set."""
    done = 0
    for chat_id in chat_ids:
        try:
            await set_therapist_menu(bot, chat_id)
            done += 1
        except TelegramError as error:
            log.warning("a therapist's command menu was not set: %s", type(error).__name__)
    return done
