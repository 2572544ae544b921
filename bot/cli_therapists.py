"""`cbt-bot therapists add | invite | list | remove`: the operator's hand on who is a therapist."""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Awaitable, Callable

from bot.conversation.therapist.linking import THERAPIST_INVITE_VALID, deep_link
from bot.settings import database_url, environment
from bot.storage import StorageError, Store, open_store


def add_commands(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    therapists = commands.add_parser("therapists", help="manage therapists").add_subparsers(title="therapists")
    add = therapists.add_parser("add", help="make a Telegram user a therapist")
    add.add_argument("telegram_user_id", type=int, help="the numeric Telegram id (never a @username)")
    add.add_argument("--name", help="the name clients will see")
    add.set_defaults(handler=lambda a: _with_store(lambda s: _add(s, a.telegram_user_id, a.name)))
    invite = therapists.add_parser("invite", help="print a single-use, expiring link that makes a therapist")
    invite.add_argument("--bot-username", help="the bot's @username (default: asked from Telegram)")
    invite.set_defaults(handler=lambda a: _with_store(lambda s: _invite(s, a.bot_username)))
    therapists.add_parser("list", help="list therapists").set_defaults(handler=lambda a: _with_store(_list))
    remove = therapists.add_parser("remove", help="make a therapist a client again; their links end")
    remove.add_argument("telegram_user_id", type=int)
    remove.set_defaults(handler=lambda a: _with_store(lambda s: _remove(s, a.telegram_user_id)))


def _with_store(action: Callable[[Store], Awaitable[int]]) -> int:
    async def run() -> int:
        store = await open_store(database_url(environment()))
        try:
            return await action(store)
        finally:
            await store.close()

    try:
        return asyncio.run(run())
    except StorageError as error:
        print(f"cbt-bot: database: {error}", file=sys.stderr)
        return 2


async def _add(store: Store, telegram_id: int, name: str | None) -> int:
    if telegram_id <= 0:
        print("cbt-bot: a Telegram user id is a positive number", file=sys.stderr)
        return 2
    async with store.transaction() as tx:
        person = await tx.people.get_or_create(telegram_id)
        person = await tx.people.set_role(person.id, "therapist")
        if name:
            person = await tx.people.set_display_name(person.id, name.strip()[:100])
    print(f"{telegram_id} is a therapist" + (f" ({person.display_name})" if person.display_name else ""))
    await _command_menu(telegram_id, therapist=True)
    return 0


async def _invite(store: Store, bot_username: str | None) -> int:
    username = bot_username or await _ask_username()
    if username is None:
        return 1
    async with store.transaction() as tx:
        invite, code = await tx.invites.create("therapist", None, THERAPIST_INVITE_VALID)
    print(deep_link(username.lstrip("@"), code))
    print(f"single use; expires {invite.expires_at:%Y-%m-%d %H:%M} UTC", file=sys.stderr)
    return 0


async def _ask_username() -> str | None:
    from telegram.error import TelegramError

    from bot.settings import SettingsError, load_settings
    from bot.transport.app import make_bot

    try:
        async with make_bot(load_settings()) as bot:
            return bot.username
    except (SettingsError, TelegramError) as error:
        print(f"cbt-bot: cannot ask Telegram for the bot's username ({error}); pass --bot-username",
              file=sys.stderr)
        return None


async def _list(store: Store) -> int:
    async with store.transaction() as tx:
        therapists = await tx.people.with_role("therapist")
        for person in therapists:
            clients = len(await tx.links.clients_of(person.id))
            print(f"{person.telegram_id}\t{person.display_name or '-'}\t{clients} client(s)")
    return 0


async def _remove(store: Store, telegram_id: int) -> int:
    async with store.transaction() as tx:
        person = await tx.people.find_by_telegram_id(telegram_id)
        if person is None or person.role != "therapist":
            print(f"cbt-bot: {telegram_id} is not a therapist", file=sys.stderr)
            return 1
        for link in await tx.links.clients_of(person.id):
            await tx.links.end(link.id, "therapist")
        await tx.people.set_role(person.id, "client")
    print(f"{telegram_id} is no longer a therapist")
    await _command_menu(telegram_id, therapist=False)
    return 0


async def _command_menu(telegram_id: int, *, therapist: bool) -> None:
    """The person's command menu in Telegram: the therapist's commands set or removed now, if the bot's token
    is configured and Telegram accepts (a person who never wrote to the bot has no chat yet: the bot sets it at
    its next start)."""
    from telegram.error import TelegramError

    from bot.settings import SettingsError, load_settings
    from bot.transport.app import make_bot
    from bot.transport.commands import remove_therapist_menu, set_therapist_menu

    try:
        async with make_bot(load_settings()) as bot:
            await (set_therapist_menu if therapist else remove_therapist_menu)(bot, telegram_id)
    except (SettingsError, TelegramError) as error:
        print(f"cbt-bot: the command menu in Telegram was not changed now ({type(error).__name__}); "
              + ("the bot sets it when it next starts" if therapist else "the therapist's commands stay listed "
                 "there, though they no longer work"), file=sys.stderr)
