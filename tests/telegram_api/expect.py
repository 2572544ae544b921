"""Matching PTB's error messages."""

from __future__ import annotations

import re


def said(fragment: str) -> re.Pattern[str]:
    """PTB capitalises Telegram's descriptions (lower-casing the rest), so match case-insensitively."""
    return re.compile(re.escape(fragment), re.IGNORECASE)
