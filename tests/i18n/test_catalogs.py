"""The committed catalogs: the template is what the code marks today, and every language translates all of it
faithfully."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po

from tests.i18n.catalog_checks import problems, read

ROOT = Path(__file__).resolve().parents[2]
LOCALE = ROOT / "bot" / "i18n" / "locale"
TEMPLATE = LOCALE / "messages.pot"
CATALOGS = sorted(LOCALE.glob("*/LC_MESSAGES/messages.po"))
# As docs/translations.md gives it.
EXTRACT = ["extract", "-F", "babel.cfg", "--add-location=file", "--sort-by-file", "--project=cbt-practice-bot",
           "--copyright-holder=the cbt-practice-bot authors",
           "--header-comment=# The bot's own words, extracted from the code by `pybabel extract` "
           "(docs/translations.md).", "-o"]


def without_stamps(template: str) -> list[str]:
    return [line for line in template.splitlines()
            if not line.startswith(('"POT-Creation-Date:', '"Generated-By:'))]


def test_the_template_is_what_extraction_from_the_code_gives_now(tmp_path: Path) -> None:
    fresh = tmp_path / "messages.pot"
    subprocess.run([sys.executable, "-m", "babel.messages.frontend", *EXTRACT, str(fresh), "."], cwd=ROOT,
                   check=True, capture_output=True)
    assert without_stamps(TEMPLATE.read_text(encoding="utf-8")) == without_stamps(fresh.read_text(encoding="utf-8")), (
        "bot/i18n/locale/messages.pot is out of date: extract it again and update the catalogs "
        "(docs/translations.md)")


def test_there_is_a_catalog_besides_english() -> None:
    """So that the test below checks something; a new language adds its own .po and no line here."""
    assert "ru" in [p.parts[-3] for p in CATALOGS]


@pytest.mark.parametrize("po", CATALOGS, ids=lambda p: p.parts[-3])
def test_every_catalog_translates_every_message_faithfully(po: Path) -> None:
    assert problems(read(TEMPLATE), read(po), po.parts[-3]) == []


def _russian() -> tuple[Catalog, Catalog]:
    return read(TEMPLATE), read(LOCALE / "ru" / "LC_MESSAGES" / "messages.po")


def test_a_missing_message_is_found() -> None:
    template, catalog = _russian()
    catalog.delete("Take a break")
    assert problems(template, catalog, "ru") == ["'Take a break': missing"]


def test_a_fuzzy_or_empty_translation_is_found() -> None:
    template, catalog = _russian()
    catalog["Take a break"].flags.add("fuzzy")
    catalog["Language"].string = ""
    assert sorted(problems(template, catalog, "ru")) == ["'Language': not translated", "'Take a break': marked fuzzy"]


@pytest.mark.parametrize(("source", "translation", "kind"), [
    ("Time zone set: {zone}.", "Часовой пояс: {zona}.", "placeholders"),
    ("Time zone set: {zone}.", "Часовой пояс.", "placeholders"),
    ("Time zone set: {zone}.", "Часовой пояс: {zone} (%s).", "placeholders"),
    ("<b>Choose an exercise</b>", "Выберите упражнение", "HTML tags"),
    ("<b>Choose an exercise</b>", "<i>Выберите упражнение</i>", "HTML tags"),
    ("There is no exercise in progress. Choose one with /practice.", "Незавершённых упражнений нет.", "commands"),
])
def test_a_translation_that_changes_a_placeholder_tag_or_command_is_found(source: str, translation: str,
                                                                          kind: str) -> None:
    template, catalog = _russian()
    catalog[source].string = translation
    found = problems(template, catalog, "ru")
    assert len(found) == 1 and found[0].startswith(f"{source[:60]!r}: {kind} ")


def test_html_telegram_cannot_show_is_found() -> None:
    template, catalog = _russian()
    catalog["<b>Choose an exercise</b>"].string = "<b>Выберите <упражнение></b>"
    assert any("not Telegram HTML" in p for p in problems(template, catalog, "ru"))


def test_a_plural_without_every_russian_form_is_found() -> None:
    template, catalog = _russian()
    message = catalog[("{client}: {count} exercise.", "{client}: {count} exercises.")]
    message.string = message.string[:2]
    assert problems(template, catalog, "ru") == ["'{client}: {count} exercise.': 2 form(s), ru needs 3"]


def test_a_wrong_plural_forms_header_is_found() -> None:
    text = (LOCALE / "ru" / "LC_MESSAGES" / "messages.po").read_text(encoding="utf-8")
    assert "nplurals=3;" in text
    catalog = read_po(io.StringIO(text.replace("nplurals=3;", "nplurals=2;")))
    template = read(TEMPLATE)
    assert problems(template, catalog, "ru")[0] == "Plural-Forms says 2 forms; ru has 3"
