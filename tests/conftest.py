"""The test run compiles the translations first, as an install does, so that after a checkout, a merge or an
edit of a .po the tests see the catalogs as the source has them. (The bot itself refuses to start on a .po
newer than its .mo: bot/i18n/catalogs.py.)"""

from __future__ import annotations

from pathlib import Path

import pytest
from babel.messages.frontend import CommandLineInterface

LOCALE = Path(__file__).resolve().parent.parent / "bot" / "i18n" / "locale"


def pytest_configure(config: pytest.Config) -> None:
    CommandLineInterface().run(["pybabel", "--quiet", "compile", "--directory", str(LOCALE)])
