"""The web dashboard (issue 13) against the real bot over the Bot API stand-in: signing in by the /dashboard
link and by Mini App initData, the three pages and the exports, every URL refused to anyone it is not for, and
hostile client text escaped on every page."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import AsyncIterator
from datetime import timedelta
from html.parser import HTMLParser
from pathlib import Path

import aiohttp
import pytest

from bot.storage import open_store
from tests.e2e.dashboard_world import (
    ANA as ANA_TG,
)
from tests.e2e.dashboard_world import (
    ANSWER,
    HOSTILE,
    IMG,
    NAME_BY_ANA,
    NOTE,
    DashboardClient,
    init_data,
    make_clinic,
    sign_in_link,
)
from tests.e2e.dashboard_world import (
    BEA as BEA_TG,
)
from tests.e2e.dashboard_world import (
    NAMED as NAMED_TG,
)
from tests.e2e.harness import RunningBot
from tests.support.telegram_api import TelegramStandIn


@pytest.fixture
async def bot(tg: TelegramStandIn, tmp_path: Path) -> AsyncIterator[RunningBot]:
    running = RunningBot(tg, tmp_path / "bot.sqlite3", speed=1.0)  # real time: links and sessions expire
    await running.start()
    try:
        yield running
    finally:
        await running.stop()


@pytest.fixture
async def http() -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession() as session:
        yield session


def browser(http: aiohttp.ClientSession, bot: RunningBot) -> DashboardClient:
    return DashboardClient(http, f"http://127.0.0.1:{bot.port}")


async def audit(bot: RunningBot, actor: int) -> list[tuple[int | None, str, str]]:
    store = await open_store(f"sqlite:///{bot.database}")
    try:
        async with store.transaction() as tx:
            return [(e.subject_id, e.action, e.detail) for e in await tx.audit.for_actor(actor)]
    finally:
        await store.close()


class Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def assert_safe(html_text: str) -> None:
    """No hostile string raw; no script but the two the page means; no event-handler attribute; no stray tag."""
    for hostile in HOSTILE:
        assert hostile not in html_text
    parser = Tags()
    parser.feed(html_text)
    scripts = [attrs.get("src") for tag, attrs in parser.tags if tag == "script"]
    assert all(src is not None for src in scripts)  # none inline
    assert set(scripts) <= {"https://telegram.org/js/telegram-web-app.js", "/dashboard/static/signin.js"}
    assert not [tag for tag, attrs in parser.tags if tag == "img" or any(k.startswith("on") for k in attrs)]
    assert "textarea" not in [tag for tag, _ in parser.tags]


async def test_signing_in_by_link_reading_the_pages_and_signing_out(
    tg: TelegramStandIn, bot: RunningBot, http: aiohttp.ClientSession
) -> None:
    clinic = await make_clinic(tg, bot)
    ids = clinic.ids
    ana = browser(http, bot)
    link = await sign_in_link(clinic.ana)
    assert link.startswith(f"http://localhost:{bot.port}/dashboard/signin?token=")

    signed = await ana.sign_in_with_link(link)
    assert (signed.status, signed.headers["Location"]) == (303, "/dashboard/")
    cookie = signed.headers["Set-Cookie"]
    for attribute in ("HttpOnly", "Secure", "SameSite=Strict", "Path=/dashboard/"):
        assert attribute in cookie

    caseload = await ana.get("/dashboard/")
    assert caseload.status == 200
    assert "Your 2 clients" in caseload.text
    assert f'href="/dashboard/clients/{ids["named"]}"' in caseload.text
    assert f'href="/dashboard/clients/{ids["plain"]}"' in caseload.text
    assert f'/clients/{ids["beas"]}"' not in caseload.text
    assert "&lt;script&gt;" in caseload.text and "&#34;&gt;&lt;img" in caseload.text
    by_name = await ana.get("/dashboard/?sort=name")
    assert by_name.text.index("&#34;&gt;&lt;img") < by_name.text.index("&lt;script&gt;")

    client = await ana.get(f"/dashboard/clients/{ids['named']}")
    assert client.status == 200
    for heading in ("Homework", "Since last session", "Exercises", "Private notes"):
        assert heading in client.text
    assert f'href="/dashboard/exercises/{ids["named_session"]}"' in client.text
    assert "Thought record" in client.text
    assert "Ask about sleep &lt;script&gt;" in client.text  # her note, escaped

    exercise = await ana.get(f"/dashboard/exercises/{ids['named_session']}")
    assert exercise.status == 200
    assert exercise.text.count("My boss frowned &lt;script&gt;") >= 3  # the situation, thoughts, evidence…
    assert "on this step" in exercise.text

    csrf = ana.csrf(exercise)
    for fmt, kind, start in (("csv", "text/csv", b""), ("json", "application/json", b"{"),
                             ("pdf", "application/pdf", b"%PDF")):
        exported = await ana.post(f"/dashboard/exercises/{ids['named_session']}/export",
                                  {"format": fmt, "csrf": csrf})
        assert exported.status == 200, fmt
        assert exported.headers["Content-Type"].startswith(kind)
        assert exported.body.startswith(start) and len(exported.body) > 200
        assert "attachment" in exported.headers["Content-Disposition"]
    csv_export = await ana.post(f"/dashboard/exercises/{ids['named_session']}/export",
                                {"format": "csv", "csrf": csrf})
    cells = {cell for row in csv.reader(io.StringIO(csv_export.body.decode("utf-8-sig"))) for cell in row}
    assert ANSWER in cells  # the words themselves, in a file, not a page
    no_csrf = await ana.post(f"/dashboard/exercises/{ids['named_session']}/export", {"format": "csv"})
    assert no_csrf.status == 403

    reads = await audit(bot, ids["ana"])
    assert (ids["named"], "caseload", "web list") in reads and (ids["plain"], "caseload", "web list") in reads
    assert (ids["named"], "caseload", "web card") in reads
    assert (ids["named"], "review", f"session={ids['named_session']}") in reads
    assert any(s == ids["named"] and a == "notes" for s, a, _ in reads)
    assert sum(1 for s, a, d in reads if s == ids["named"] and a == "export" and "web" in d) == 4
    assert all(subject != ids["beas"] for subject, _, _ in reads)

    out = await ana.post("/dashboard/signout", {"csrf": csrf})
    assert out.status == 200 and "signed out" in out.text
    assert ana.cookie is None
    ana.cookie = cookie.split(";")[0].split("=", 1)[1]  # the old cookie, kept by someone
    assert (await ana.get(f"/dashboard/clients/{ids['named']}")).status == 403
    assert "Sign in" in (await ana.get("/dashboard/")).text

    someone = DashboardClient(http, ana.base)
    replayed = await someone.post("/dashboard/signin", {"token": link.split("token=")[1]})
    assert (replayed.status, someone.cookie) == (403, None)


async def test_every_url_refuses_whoever_it_is_not_for(
    tg: TelegramStandIn, bot: RunningBot, http: aiohttp.ClientSession
) -> None:
    clinic = await make_clinic(tg, bot)
    ids = clinic.ids
    ana, bea, nobody = browser(http, bot), browser(http, bot), browser(http, bot)
    assert (await ana.sign_in_with_link(await sign_in_link(clinic.ana))).status == 303
    # Bea signs in inside Telegram: by initData
    assert (await bea.post("/dashboard/signin/telegram", {"init_data": init_data(BEA_TG, tg.token)})).status == 303
    ana_csrf = ana.csrf(await ana.get("/dashboard/"))
    bea_csrf = bea.csrf(await bea.get("/dashboard/"))

    anas = [f"/dashboard/clients/{ids['named']}", f"/dashboard/clients/{ids['plain']}",
            f"/dashboard/exercises/{ids['named_session']}"]
    beas = [f"/dashboard/clients/{ids['beas']}", f"/dashboard/exercises/{ids['beas_session']}"]
    for path in anas:
        assert (await ana.get(path)).status == 200, path
        refused = await bea.get(path)
        assert refused.status == 404 and "not available" in refused.text, path
        assert (await nobody.get(path)).status == 403, path
    for path in beas:
        assert (await bea.get(path)).status == 200, path
        assert (await ana.get(path)).status == 404, path
    for path in ("/dashboard/clients/999999", "/dashboard/exercises/999999", "/dashboard/clients/x1",
                 f"/dashboard/clients/{ids['ana']}", f"/dashboard/clients/{ids['bea']}"):
        assert (await ana.get(path)).status == 404, path
    export = f"/dashboard/exercises/{ids['named_session']}/export"
    assert (await bea.post(export, {"format": "csv", "csrf": bea_csrf})).status == 404
    assert (await nobody.post(export, {"format": "csv", "csrf": ana_csrf})).status == 403
    assert (await ana.post(export, {"format": "csv", "csrf": bea_csrf})).status == 403  # another session's token
    assert (await ana.post(export, {"format": "exe", "csrf": ana_csrf})).status == 404
    bea_reads = await audit(bot, ids["bea"])
    assert all(subject == ids["beas"] for subject, _, _ in bea_reads)

    # a client: no link from /dashboard, no session from initData, and a session row made for them works for nothing
    await clinic.named.send("/dashboard")
    assert "for therapists" in (await clinic.named.next_message()).text
    client = browser(http, bot)
    refused = await client.post("/dashboard/signin/telegram", {"init_data": init_data(NAMED_TG, tg.token)})
    assert refused.status == 403 and client.cookie is None
    store = await open_store(f"sqlite:///{bot.database}")
    try:
        async with store.transaction() as tx:
            client.cookie = await tx.web.start_session(ids["named"])
    finally:
        await store.close()
    for path in anas:
        assert (await client.get(path)).status == 403, path
    home = await client.get("/dashboard/")
    assert "Sign in" in home.text and "Your 2 clients" not in home.text

    # forged, stale, someone else's and replayed initData
    fresh = init_data(ANA_TG, tg.token)
    forged = [init_data(ANA_TG, "123:another-bots-token-abcdefghijkl"),
              init_data(ANA_TG, tg.token, auth_date=bot.clock() - 3601),
              fresh.replace("Ana", "Eve"),
              re.sub(r"hash=[0-9a-f]+", "hash=" + "0" * 64, fresh), "", "user=%7B%22id%22%3A1%7D"]
    for given in forged:
        page = await browser(http, bot).post("/dashboard/signin/telegram", {"init_data": given})
        assert page.status == 403, given

    # an idle session ends after 30 minutes; Ana's link, used, does not sign in again
    bot.clock.advance(timedelta(minutes=31).total_seconds())
    assert (await ana.get(anas[0])).status == 403
    assert "Sign in" in (await ana.get("/dashboard/")).text

    # sign-in attempts are limited: ten in five minutes from one address
    statuses = [(await browser(http, bot).post("/dashboard/signin", {"token": "x" * 43})).status for _ in range(12)]
    assert statuses[-1] == 429 and 403 in statuses


async def test_hostile_text_is_escaped_on_every_page_with_strict_headers(
    tg: TelegramStandIn, bot: RunningBot, http: aiohttp.ClientSession
) -> None:
    clinic = await make_clinic(tg, bot)
    ids = clinic.ids
    ana = browser(http, bot)
    sign_in = await ana.get("/dashboard/signin?token=" + (await sign_in_link(clinic.ana)).split("token=")[1])
    pages = [sign_in, await ana.get('/dashboard/signin?token="><img src=x onerror=alert(1)>')]
    await ana.sign_in_with_link(await sign_in_link(clinic.ana))
    for path in ("/dashboard/", "/dashboard/?sort=name", "/dashboard/?sort=<script>",
                 f"/dashboard/clients/{ids['named']}", f"/dashboard/clients/{ids['plain']}",
                 f"/dashboard/exercises/{ids['named_session']}", "/dashboard/clients/<script>",
                 f"/dashboard/clients/{ids['named']}?page=7", f"/dashboard/clients/{ids['named']}?page=<script>"):
        pages.append(await ana.get(path))
    for page in pages:
        assert_safe(page.text)
        csp = page.headers["Content-Security-Policy"]
        assert "script-src 'self' https://telegram.org;" in csp and "unsafe-inline" not in csp
        assert "frame-ancestors 'self' https://web.telegram.org" in csp
        assert page.headers["X-Content-Type-Options"] == "nosniff"
        assert page.headers["Referrer-Policy"] == "no-referrer"
        assert page.headers["Cache-Control"] == "no-store"
    joined = "".join(p.text for p in pages)
    assert "&lt;/textarea&gt;&lt;b&gt;bold&lt;/b&gt;" in joined  # shown as text, not as markup
    assert NAME_BY_ANA not in joined and IMG not in joined and NOTE not in joined
    async with http.get(ana.base + "/dashboard/", headers={"Accept-Language": "ru-RU,ru;q=0.9"}) as russian:
        assert 'lang="ru"' in await russian.text() and "Войти" in await russian.text()
    css = await ana.get("/dashboard/static/app.css")
    assert css.status == 200 and "--tg-theme-bg-color" in css.text



async def test_behind_https_the_dashboard_answer_opens_it_as_a_mini_app(tg: TelegramStandIn, tmp_path: Path) -> None:
    from tests.e2e.test_therapist_journey import operator

    running = RunningBot(tg, tmp_path / "bot.sqlite3", extra_env={"PUBLIC_URL": "https://clinic.example.org"})
    await running.start()
    try:
        assert await operator(running, "therapists", "add", str(ANA_TG), "--name", "Dr Ana") == 0
        ana = tg.user(ANA_TG, "Ana", language_code="ru")
        await ana.send("/dashboard")
        answer = await ana.next_message()
        assert "https://clinic.example.org/dashboard/signin?token=" in answer.text
        assert "один раз" in answer.text
        assert answer.reply_markup == {"inline_keyboard": [[
            {"text": "Открыть панель в Telegram", "web_app": {"url": "https://clinic.example.org/dashboard/"}}]]}
    finally:
        await running.stop()


async def test_in_webhook_mode_the_dashboard_is_served_beside_the_webhook(
    tg: TelegramStandIn, tmp_path: Path, http: aiohttp.ClientSession
) -> None:
    from tests.e2e.harness import free_port

    port = free_port()
    running = RunningBot(tg, tmp_path / "bot.sqlite3", port=port, extra_env={
        "WEBHOOK_URL": f"http://127.0.0.1:{port}/telegram/hook", "WEBHOOK_SECRET": "s3cret-token-for-the-webhook_0123"})
    await running.start()
    try:
        await tg.wait_until(lambda: bool(tg.calls_to("setWebhook")), 10)  # the server is up before it is set
        page = await browser(http, running).get("/dashboard/")
        assert page.status == 200 and "Sign in" in page.text
        bare = await browser(http, running).get("/dashboard")
        assert (bare.status, bare.headers["Location"]) == (308, "/dashboard/")
        missing = await browser(http, running).get("/dashboard/nothing-here")
        assert missing.status == 404 and "default-src 'none'" in missing.headers["Content-Security-Policy"]
        assert page.headers["Content-Security-Policy"]
        async with http.get(f"http://127.0.0.1:{port}/healthz") as health:
            assert health.status == 200
        async with http.post(f"http://127.0.0.1:{port}/telegram/hook", data=b"{}") as hook:
            assert hook.status == 403  # the webhook still wants its secret
    finally:
        await running.stop()
