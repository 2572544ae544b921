"""Texts in a language come from its compiled catalog; English is the source, and the fallback; the languages
the bot offers are the catalogs present, so a new language needs a catalog and no code."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace

import pytest
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import write_po

import bot.i18n.catalogs as catalogs_module
from bot.conversation.client import menus
from bot.conversation.texts import pick_language, ui
from bot.conversation.therapist.review_texts import rt
from bot.conversation.therapist.texts import tt
from bot.i18n import N_, NN_, NNP_, CatalogError, load_catalogs

EXERCISES = NN_("{client}: {count} exercise.", "{client}: {count} exercises.", "count")


def write_catalog(locale: Path, language: str, translations: dict[str, str], compile_it: bool = True,
                  in_context: dict[tuple[str, str], str] | None = None) -> Path:
    catalog = Catalog(locale=language)
    for msgid, translation in translations.items():
        catalog.add(msgid, translation)
    for (context, msgid), translation in (in_context or {}).items():
        catalog.add(msgid, translation, context=context)
    po = locale / language / "LC_MESSAGES" / "messages.po"
    po.parent.mkdir(parents=True)
    with po.open("wb") as text:
        write_po(text, catalog)
    if compile_it:
        with po.with_suffix(".mo").open("wb") as compiled:
            write_mo(compiled, catalog)
    return po


@pytest.mark.parametrize(("count", "expected"), [
    (1, "Аня: 1 упражнение."), (3, "Аня: 3 упражнения."), (5, "Аня: 5 упражнений."), (11, "Аня: 11 упражнений."),
    (21, "Аня: 21 упражнение."), (22, "Аня: 22 упражнения."), (0, "Аня: 0 упражнений."),
])
def test_russian_counts_take_their_plural_form(count: int, expected: str) -> None:
    assert rt("export_caption", "ru", client="Аня", count=count) == expected


def test_english_counts_take_theirs() -> None:
    assert rt("export_caption", "en", client="Ann", count=1) == "Ann: 1 exercise."
    assert rt("export_caption", "en", client="Ann", count=2) == "Ann: 2 exercises."


def test_a_context_keeps_the_same_english_apart() -> None:
    assert ui("menu_start", "ru") == "Начало"

    assert tt("start", "ru") == "Начать"
    assert ui("menu_start", "en") == tt("start", "en") == "Start"


def test_a_language_without_a_catalog_reads_english() -> None:
    assert ui("timezone_set", "xx", zone="UTC") == "Time zone set: UTC."
    assert pick_language(None, "xx-YY") == "en"


def test_a_message_a_catalog_lacks_reads_english(tmp_path: Path) -> None:
    write_catalog(tmp_path, "de", {"Language": "Sprache"})
    found = load_catalogs(tmp_path)
    assert found.translate(N_("Language"), "de") == "Sprache"
    assert found.translate(N_("Time zone set: {zone}."), "de", zone="UTC") == "Time zone set: UTC."
    assert found.translate(EXERCISES, "de", client="Ann", count=2) == "Ann: 2 exercises."


def test_the_languages_are_english_and_every_compiled_catalog(tmp_path: Path) -> None:
    write_catalog(tmp_path, "de", {})
    write_catalog(tmp_path, "uk", {})
    (tmp_path / "notes").mkdir()
    assert load_catalogs(tmp_path).languages == ("en", "de", "uk")
    assert load_catalogs(tmp_path / "nowhere").languages == ("en",)


def test_a_catalog_edited_after_compiling_stops_the_bot_with_the_command_to_run(tmp_path: Path) -> None:
    po = write_catalog(tmp_path, "de", {"Language": "Sprache"})
    later = po.with_suffix(".mo").stat().st_mtime + 10
    os.utime(po, (later, later))
    with pytest.raises(CatalogError, match=r"de/LC_MESSAGES/messages.po was changed after it was compiled: run "
                                           r"`pybabel compile -d bot/i18n/locale`"):
        load_catalogs(tmp_path)


def test_a_catalog_never_compiled_stops_the_bot_with_the_command_to_run(tmp_path: Path) -> None:
    write_catalog(tmp_path, "de", {"Language": "Sprache"}, compile_it=False)
    with pytest.raises(CatalogError, match=r"messages.po is not compiled: run `pybabel compile -d bot/i18n/locale`"):
        load_catalogs(tmp_path)


@pytest.fixture
def german(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """The shipped catalogs plus a German one, as if someone had added bot/i18n/locale/de."""
    locale = tmp_path / "locale"
    shutil.copytree(catalogs_module.LOCALE_DIR, locale)
    write_catalog(locale, "de", {"Language set: English.": "Sprache: Deutsch.",
                                 "Choose your language:": "Wähle deine Sprache:"},
                  in_context={("the name of this catalog's language, in that language", "English"): "Deutsch"})
    monkeypatch.setattr(catalogs_module, "LOCALE_DIR", locale)
    catalogs_module.shipped_catalogs.cache_clear()
    yield locale
    catalogs_module.shipped_catalogs.cache_clear()


async def test_a_new_catalog_is_a_new_language_in_the_menu_with_no_code(german: Path) -> None:
    turn = SimpleNamespace(chat_id=7, language="de")
    [menu] = menus.language_menu(turn)  # type: ignore[arg-type]
    assert menu.text == "Wähle deine Sprache:"
    assert [b.label for b in menu.keyboard[0]] == ["English", "Deutsch", "Русский"]
    assert pick_language(None, "de-AT") == "de"
    assert ui("language_set", "de") == "Sprache: Deutsch."


def test_the_language_menu_offers_the_shipped_catalogs() -> None:
    turn = SimpleNamespace(chat_id=7, language="en")
    [menu] = menus.language_menu(turn)  # type: ignore[arg-type]
    labels = [b.label for b in menu.keyboard[0]]
    assert labels[0] == "English" and "Русский" in labels



def test_the_bot_does_not_start_on_a_stale_catalog(german: Path, capsys: pytest.CaptureFixture[str],
                                                   monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from bot.cli import main

    po = german / "de" / "LC_MESSAGES" / "messages.po"
    later = po.with_suffix(".mo").stat().st_mtime + 10
    os.utime(po, (later, later))
    catalogs_module.shipped_catalogs.cache_clear()
    monkeypatch.chdir(tmp_path)
    assert main(["run"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "messages.po was changed after it was compiled: run `pybabel compile -d bot/i18n/locale`" in err


def test_a_plural_with_a_context_takes_the_form_for_its_count(tmp_path: Path) -> None:
    catalog = Catalog(locale="ru")
    catalog.add(("{count} day", "{count} days"), ("{count} день", "{count} дня", "{count} дней"), context="retention")
    catalog.add(("{count} day", "{count} days"), ("{count} сутки", "{count} суток", "{count} суток"), context="timer")
    mo = tmp_path / "ru" / "LC_MESSAGES" / "messages.mo"
    mo.parent.mkdir(parents=True)
    with mo.open("wb") as compiled:
        write_mo(compiled, catalog)
    found = load_catalogs(tmp_path)
    days = NNP_("retention", "{count} day", "{count} days", "count")
    assert [found.translate(days, "ru", count=n) for n in (1, 3, 5)] == ["1 день", "3 дня", "5 дней"]
    assert found.translate(NNP_("timer", "{count} day", "{count} days", "count"), "ru", count=2) == "2 суток"
    assert found.translate(days, "en", count=1) == "1 day"


def test_a_count_that_is_not_a_number_is_a_clear_error() -> None:
    with pytest.raises(TypeError, match="count must be an int"):
        rt("export_caption", "ru", client="Аня", count="3")
