"""The dashboard in a real browser: Debian's headless Chromium through chromedriver. Signing in by the /dashboard
link and by Mini App initData (Telegram's launch parameters in the address), the caseload, a client page and a
transcript; screenshots of each at phone (360 px) and desktop width, saved where the run says at its end.
Skipped, saying why, where Chromium is not installed."""

from __future__ import annotations

import os
import tempfile
from collections.abc import AsyncIterator
from pathlib import Path
from urllib.parse import quote

import pytest

from tests.e2e.dashboard_world import ANA, BEA, init_data, make_clinic, sign_in_link
from tests.e2e.harness import RunningBot
from tests.support.telegram_api import TelegramStandIn
from tests.support.webdriver import Browser, chromium, chromium_missing

pytestmark = pytest.mark.skipif(chromium_missing() is not None, reason=chromium_missing() or "")

PHONE, DESKTOP = (360, 780), (1280, 900)


def screenshots_dir() -> Path:
    return Path(os.environ.get("CBT_SCREENSHOTS") or Path(tempfile.gettempdir()) / "cbt-dashboard-screenshots")


@pytest.fixture
async def bot(tg: TelegramStandIn, tmp_path: Path) -> AsyncIterator[RunningBot]:
    running = RunningBot(tg, tmp_path / "bot.sqlite3", speed=1.0)
    await running.start()
    try:
        yield running
    finally:
        await running.stop()


async def shoot(browser: Browser, name: str) -> None:
    """The page at phone and at desktop width; nothing wider than the screen at 360 px."""
    for label, (width, height) in (("phone", PHONE), ("desktop", DESKTOP)):
        await browser.size(width, height)
        await browser.screenshot(screenshots_dir() / f"{name}-{label}.png")
        if label == "phone":
            overflow = await browser.run("return document.documentElement.scrollWidth - window.innerWidth")
            assert overflow <= 0, f"{name} is {overflow} px wider than a phone"


async def loaded(browser: Browser, text: str) -> None:
    await browser.wait_for(f"return document.readyState === 'complete' && "
                           f"document.body.innerText.includes({text!r})")


async def test_sign_in_by_link_then_the_caseload_a_client_and_a_transcript(
    tg: TelegramStandIn, bot: RunningBot
) -> None:
    clinic = await make_clinic(tg, bot)
    link = await sign_in_link(clinic.ana)
    async with chromium() as browser:
        await browser.open(link)
        await loaded(browser, "works once")
        await shoot(browser, "1-sign-in-link")
        await browser.click("#signin")
        await loaded(browser, "Your 2 clients")
        assert (await browser.url()).endswith("/dashboard/")
        assert await browser.run("return document.cookie") == ""  # HttpOnly: no script reads it
        assert await browser.run("return document.querySelectorAll('img, script:not([src])').length") == 0
        # keyboard: the first Tab reaches the skip link, which leads to the content
        await browser._call("POST", "/actions", {"actions": [{"type": "key", "id": "k", "actions": [
            {"type": "keyDown", "value": "\ue004"}, {"type": "keyUp", "value": "\ue004"}]}]})
        assert await browser.run("return document.activeElement.className") == "skip"
        assert await browser.run("return document.querySelector('label[for=sort]') !== null")
        await shoot(browser, "2-caseload")

        await browser.click(f"a[href='/dashboard/clients/{clinic.ids['named']}']")
        await loaded(browser, "Since last session")
        assert "<script>alert('x')</script>" in await browser.text("h1")  # the name shown as text
        await shoot(browser, "3-client")

        await browser.click(f"a[href='/dashboard/exercises/{clinic.ids['named_session']}']")
        await loaded(browser, "Full transcript")
        answers = await browser.run("return [...document.querySelectorAll('.answer')].map(e => e.innerText)")
        assert any("</textarea><b>bold</b>" in answer for answer in answers)
        assert await browser.run("return document.querySelectorAll('.answer b').length") == 0
        await shoot(browser, "4-transcript")

        await browser.click("header button")  # sign out
        await loaded(browser, "signed out")
        await browser.open(f"http://localhost:{bot.port}/dashboard/clients/{clinic.ids['named']}")
        await loaded(browser, "not available")


async def test_sign_in_inside_telegram_by_init_data(tg: TelegramStandIn, bot: RunningBot) -> None:
    clinic = await make_clinic(tg, bot)
    async with chromium(*PHONE) as browser:
        data = quote(init_data(BEA, tg.token, auth_date=bot.clock()), safe="")
        await browser.open(f"http://localhost:{bot.port}/dashboard/#tgWebAppData={data}&tgWebAppVersion=8.0")
        await loaded(browser, "Your client")
        assert f"/dashboard/clients/{clinic.ids['beas']}" in await browser.source()
        await shoot(browser, "5-mini-app-caseload")
    async with chromium(*PHONE) as browser:  # stale initData: no session
        stale = quote(init_data(ANA, tg.token, auth_date=bot.clock() - 7200), safe="")
        await browser.open(f"http://localhost:{bot.port}/dashboard/#tgWebAppData={stale}")
        await loaded(browser, "did not work")
