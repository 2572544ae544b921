"""Message text and captions: parse_mode or explicit entities, then Telegram's length limits."""

from __future__ import annotations

from typing import Any

from .api_spec import load_spec
from .errors import bad_request
from .html_entities import ParsedText, parse_html
from .markdown import parse_markdown_legacy, parse_markdown_v2
from .text_units import utf16_length
from .validation import check_object

MAX_TEXT_LENGTH = 4096
MAX_CAPTION_LENGTH = 1024
PARSERS = {"html": parse_html, "markdownv2": parse_markdown_v2, "markdown": parse_markdown_legacy}


def parse_formatted(text: str, parse_mode: str | None, entities: list[Any] | None) -> ParsedText:
    if entities is not None and parse_mode:
        # Telegram uses the explicit entities and ignores parse_mode; PTB never sends both.
        parse_mode = None
    if parse_mode:
        parser = PARSERS.get(parse_mode.lower())
        if parser is None:
            raise bad_request(f"unsupported parse_mode '{parse_mode}'")
        return parser(text)
    return ParsedText(text=text, entities=_checked_entities(text, entities or []))


def _checked_entities(text: str, entities: list[Any]) -> list[dict[str, Any]]:
    fields = load_spec().object_fields["MessageEntity"]
    length = utf16_length(text)
    for index, entity in enumerate(entities):
        check_object("MessageEntity", entity, fields, f"entities[{index}]")
        offset, size = entity["offset"], entity["length"]
        if not (isinstance(offset, int) and isinstance(size, int)) or offset < 0 or size < 1:
            raise bad_request(f"entities[{index}]: offset and length must be non-negative integers")
        if offset + size > length:
            raise bad_request(f"entities[{index}]: entity ends beyond the end of the text")
    return list(entities)


def message_text(text: str, parse_mode: str | None, entities: list[Any] | None) -> ParsedText:
    parsed = parse_formatted(text, parse_mode, entities)
    if not parsed.text.strip():
        raise bad_request("message text is empty")
    if utf16_length(parsed.text) > MAX_TEXT_LENGTH:
        raise bad_request("message is too long")
    return parsed


def caption_text(
    caption: str | None, parse_mode: str | None, entities: list[Any] | None
) -> ParsedText | None:
    if caption is None:
        return None
    parsed = parse_formatted(caption, parse_mode, entities)
    if utf16_length(parsed.text) > MAX_CAPTION_LENGTH:
        raise bad_request("message caption is too long")
    return parsed if parsed.text.strip() else None
