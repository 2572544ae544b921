"""The flow editor in a real browser (Debian's headless Chromium): an error shown at its line as it is typed, a
preview walked to its end, publishing and the new version in the library; screenshots at phone and desktop
width, saved where the run says at its end. Skipped, saying why, where Chromium is not installed."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from tests.e2e.dashboard_world import make_clinic, sign_in_link
from tests.e2e.harness import RunningBot
from tests.e2e.test_dashboard_browser import loaded, shoot
from tests.support.telegram_api import TelegramStandIn
from tests.support.webdriver import chromium, chromium_missing

pytestmark = pytest.mark.skipif(chromium_missing() is not None, reason=chromium_missing() or "")


@pytest.fixture
async def bot(tg: TelegramStandIn, tmp_path: Path) -> AsyncIterator[RunningBot]:
    running = RunningBot(tg, tmp_path / "bot.sqlite3", speed=1.0)
    await running.start()
    try:
        yield running
    finally:
        await running.stop()


async def test_edit_with_live_errors_preview_to_the_end_and_publish(tg: TelegramStandIn, bot: RunningBot) -> None:
    clinic = await make_clinic(tg, bot)
    link = await sign_in_link(clinic.ana)
    async with chromium() as browser:
        await browser.open(link)
        await loaded(browser, "works once")
        await browser.click("#signin")
        await loaded(browser, "Your 2 clients")
        await browser.click("a[href='/dashboard/flows/']")
        await loaded(browser, "The bot's flows")
        await shoot(browser, "flows-1-library")
        await browser.click("a[href='/dashboard/flows/new']")
        await loaded(browser, "No errors")
        assert await browser.run("return document.querySelector('label[for=source]') !== null")

        # typing a wrong step type: the error appears at its line, without pressing anything
        await browser.run("""
            const area = document.getElementById('source');
            area.focus();
            area.setSelectionRange(area.value.indexOf('type: end') + 6, area.value.indexOf('type: end') + 9);""")
        await browser._call("POST", f"/element/{await browser.find('#source')}/value", {"text": "ending"})
        line = await browser.wait_for(
            "return document.querySelector('#problem-list a.goto')?.dataset.line")
        source = await browser.run("return document.getElementById('source').value")
        assert int(line) == source.split("\n").index("    type: ending") + 1
        assert await browser.run(f"return document.querySelector('#gutter span:nth-child({line})').className") \
            == "error"
        await browser.click("#problem-list a.goto")  # puts the cursor on that line
        assert await browser.run("return document.activeElement.id") == "source"
        selected = await browser.run("const a = document.getElementById('source'); "
                                     "return a.value.slice(a.selectionStart, a.selectionEnd)")
        assert selected == "    type: ending"
        await shoot(browser, "flows-2-editor-error")

        # corrected: valid again, then previewed to its end
        await browser.run("""
            const area = document.getElementById('source');
            area.value = area.value.replace('type: ending', 'type: end');
            area.dispatchEvent(new Event('input'));""")
        await browser.wait_for("return document.getElementById('summary').innerText.includes('No errors')")
        await browser.click("#preview")
        await loaded(browser, "Let us take a moment")
        await shoot(browser, "flows-3-preview")
        await browser.click("button[name=button]")  # Begin
        await loaded(browser, "What are you feeling")
        await browser._call("POST", f"/element/{await browser.find('#answer')}/value", {"text": "<b>calm</b>"})
        await browser.click("#send")
        await loaded(browser, "Thank you. You wrote:")
        assert await browser.run("return document.querySelectorAll('.chat b, .now b').length") == 0  # as text
        assert await browser.run("return document.getElementById('restart') !== null")
        await shoot(browser, "flows-4-preview-end")

        # back to the editor with the same text, and published
        await browser.click("#to-editor")
        await loaded(browser, "No errors")
        await browser.click("#publish")
        await loaded(browser, "Publish this flow?")
        await shoot(browser, "flows-5-confirm")
        await browser.click("#confirm")
        await loaded(browser, "Published: My exercise, version 1.")
        assert await browser.run("return document.querySelectorAll('#flow-my_exercise .versions li').length") == 1
        await shoot(browser, "flows-6-published")
