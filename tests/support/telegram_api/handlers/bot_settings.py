"""getMe, getChat, the bot's commands and the chat menu button."""

from __future__ import annotations

import json
import re
from typing import Any

from tests.support.telegram_api.api_spec import load_spec
from tests.support.telegram_api.errors import bad_request
from tests.support.telegram_api.state import StandInState
from tests.support.telegram_api.validation import check_object

COMMAND = re.compile(r"[a-z0-9_]{1,32}")
LANGUAGE_CODE = re.compile(r"(?:[a-z]{2})?")
MAX_COMMANDS = 100
MAX_DESCRIPTION = 256
DEFAULT_SCOPE = {"type": "default"}


async def get_me(state: StandInState, params: dict[str, Any]) -> Any:
    return {
        **state.bot_user,
        "can_join_groups": True,
        "can_read_all_group_messages": False,
        "supports_inline_queries": False,
        "can_connect_to_business": False,
        "has_main_web_app": False,
    }


async def get_chat(state: StandInState, params: dict[str, Any]) -> Any:
    chat = state.chat(params["chat_id"])
    return {
        **chat.api_chat,
        "accent_color_id": 0,
        "max_reaction_count": 11,
        "accepted_gift_types": {
            "unlimited_gifts": True,
            "limited_gifts": True,
            "unique_gifts": True,
            "premium_subscription": True,
            "gifts_from_channels": True,
        },
    }


def _typed_object(base_type: str, value: Any, where: str) -> dict[str, Any]:
    """Checks a value of a type with subtypes (BotCommandScope, MenuButton) picked by its "type" field."""
    spec = load_spec()
    if not isinstance(value, dict) or not isinstance(value.get("type"), str):
        raise bad_request(f"{where}: can't parse {base_type} JSON object")
    by_type = {_snake(name.removeprefix(base_type)): name for name in spec.subtypes[base_type]}
    subtype = by_type.get(value["type"])
    if subtype is None:
        raise bad_request(f"{where}: unsupported {base_type} type '{value['type']}'")
    check_object(subtype, value, spec.object_fields[subtype], where)
    return value


def _snake(camel: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", camel).lower()


def _commands_key(state: StandInState, params: dict[str, Any]) -> tuple[str, str]:
    scope = _typed_object("BotCommandScope", params.get("scope", DEFAULT_SCOPE), "scope")
    if "chat_id" in scope:
        state.chat(scope["chat_id"])
    language = params.get("language_code", "")
    if not LANGUAGE_CODE.fullmatch(language):
        raise bad_request("invalid language code specified")
    return json.dumps(scope, sort_keys=True), language


async def set_my_commands(state: StandInState, params: dict[str, Any]) -> Any:
    commands = params["commands"]
    if len(commands) > MAX_COMMANDS:
        raise bad_request("too many commands")
    fields = load_spec().object_fields["BotCommand"]
    for index, command in enumerate(commands):
        check_object("BotCommand", command, fields, f"commands[{index}]")
        if not isinstance(command["command"], str) or not COMMAND.fullmatch(command["command"]):
            raise bad_request("BOT_COMMAND_INVALID")
        description = command["description"]
        if not isinstance(description, str) or not 1 <= len(description.strip()) <= MAX_DESCRIPTION:
            raise bad_request("BOT_COMMAND_DESCRIPTION_INVALID")
    state.commands[_commands_key(state, params)] = [dict(c) for c in commands]
    return True


async def get_my_commands(state: StandInState, params: dict[str, Any]) -> Any:
    return state.commands.get(_commands_key(state, params), [])


async def delete_my_commands(state: StandInState, params: dict[str, Any]) -> Any:
    state.commands.pop(_commands_key(state, params), None)
    return True


async def set_chat_menu_button(state: StandInState, params: dict[str, Any]) -> Any:
    chat_id = state.chat(params["chat_id"]).id if "chat_id" in params else None
    button = _typed_object("MenuButton", params.get("menu_button", {"type": "default"}), "menu_button")
    state.menu_buttons[chat_id] = button
    return True


async def get_chat_menu_button(state: StandInState, params: dict[str, Any]) -> Any:
    chat_id = state.chat(params["chat_id"]).id if "chat_id" in params else None
    button = state.menu_buttons.get(chat_id) or state.menu_buttons.get(None) or {"type": "commands"}
    return {"type": "commands"} if button["type"] == "default" else button
