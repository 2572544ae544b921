"""reply_markup: inline keyboards (one action per button, callback_data 1-64 bytes) and reply keyboards."""

from __future__ import annotations

from typing import Any

from .api_spec import load_spec
from .errors import bad_request
from .validation import check_object

MAX_CALLBACK_DATA_BYTES = 64
MAX_INLINE_BUTTONS = 100
BUTTON_ACTIONS = (
    "url",
    "callback_data",
    "web_app",
    "login_url",
    "switch_inline_query",
    "switch_inline_query_current_chat",
    "switch_inline_query_chosen_chat",
    "copy_text",
    "callback_game",
    "pay",
)
MARKUP_TYPES = {
    "inline_keyboard": "InlineKeyboardMarkup",
    "keyboard": "ReplyKeyboardMarkup",
    "remove_keyboard": "ReplyKeyboardRemove",
    "force_reply": "ForceReply",
}


def check_reply_markup(markup: Any, inline_only: bool = False) -> dict[str, Any]:
    if not isinstance(markup, dict):
        raise bad_request("can't parse reply keyboard markup JSON object")
    kinds = [key for key in MARKUP_TYPES if key in markup]
    if len(kinds) != 1:
        raise bad_request("can't parse reply keyboard markup JSON object")
    type_name = MARKUP_TYPES[kinds[0]]
    if inline_only and type_name != "InlineKeyboardMarkup":
        raise bad_request("inline keyboard expected")
    check_object(type_name, markup, load_spec().object_fields[type_name], "reply_markup")
    if type_name == "InlineKeyboardMarkup":
        _check_inline_keyboard(markup["inline_keyboard"])
    elif type_name == "ReplyKeyboardMarkup":
        _check_reply_keyboard(markup["keyboard"])
    return markup


def _rows(rows: Any, type_name: str) -> list[list[Any]]:
    if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
        raise bad_request(f'field "{type_name}" of the keyboard must be an Array of Arrays')
    return rows


def _check_inline_keyboard(rows: Any) -> None:
    fields = load_spec().object_fields["InlineKeyboardButton"]
    buttons = [button for row in _rows(rows, "inline_keyboard") for button in row]
    if len(buttons) > MAX_INLINE_BUTTONS:
        raise bad_request("reply markup is too long")
    for button in buttons:
        check_object("InlineKeyboardButton", button, fields, "can't parse inline keyboard button")
        if not isinstance(button["text"], str) or not button["text"].strip():
            raise bad_request("can't parse inline keyboard button: Text must be non-empty")
        actions = [name for name in BUTTON_ACTIONS if name in button]
        if not actions:
            raise bad_request(
                "can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard"
            )
        if len(actions) > 1:
            raise bad_request(
                f"can't parse inline keyboard button: exactly one action field is allowed, got {actions}"
            )
        if "callback_data" in button:
            data = button["callback_data"]
            if not isinstance(data, str) or not 1 <= len(data.encode("utf-8")) <= MAX_CALLBACK_DATA_BYTES:
                raise bad_request("BUTTON_DATA_INVALID")
        if "url" in button and (not isinstance(button["url"], str) or not button["url"].strip()):
            raise bad_request("BUTTON_URL_INVALID")
        if "web_app" in button and not str(button["web_app"].get("url", "")).startswith("https://"):
            raise bad_request("BUTTON_TYPE_INVALID")  # Mini Apps are served over HTTPS only


def _check_reply_keyboard(rows: Any) -> None:
    fields = load_spec().object_fields["KeyboardButton"]
    for row in _rows(rows, "keyboard"):
        for button in row:
            # A plain string is shorthand for a text button.
            as_object = {"text": button} if isinstance(button, str) else button
            check_object("KeyboardButton", as_object, fields, "can't parse keyboard button")
            if not isinstance(as_object["text"], str) or not as_object["text"].strip():
                raise bad_request("can't parse keyboard button: Text must be non-empty")


def inline_buttons(markup: dict[str, Any] | None) -> list[list[dict[str, Any]]]:
    if not markup or "inline_keyboard" not in markup:
        return []
    return [list(row) for row in markup["inline_keyboard"]]
