"""The dashboard's flow library, editor, preview and publishing (issue 13 §2) against the real bot over the Bot
API stand-in: validation at the line, a preview walked to its end with no JavaScript and nothing stored,
publishing as an upload in the bot does, and every flow URL refused to another therapist, a client or nobody."""

from __future__ import annotations

import json
import re
from collections.abc import AsyncIterator
from pathlib import Path

import aiohttp
import pytest
from sqlalchemy import func, select

from bot.flowspec.yaml_source import MAX_BYTES
from bot.storage import open_store
from bot.storage.schema import SessionRow, TranscriptRow
from bot.web.flows import FORM_LIMIT, STARTER
from tests.e2e.dashboard_world import DashboardClient, Page, make_clinic, sign_in_link
from tests.e2e.harness import RunningBot
from tests.support.telegram_api import TelegramStandIn

STARTER_TEXT = STARTER.read_text(encoding="utf-8")
SCRIPT = "<script>alert('x')</script>"
# a flow whose texts show markup as text (escaped in Telegram HTML) and quote an answer typed as markup
HOSTILE_FLOW = STARTER_TEXT.replace("id: my_exercise", "id: hostile_words").replace(
    "en: Let us take a moment to notice how you feel.", "en: \"Watch for &lt;script&gt;alert(1)&lt;/script&gt;\"")


@pytest.fixture
async def bot(tg: TelegramStandIn, tmp_path: Path) -> AsyncIterator[RunningBot]:
    running = RunningBot(tg, tmp_path / "bot.sqlite3", speed=1.0)
    await running.start()
    try:
        yield running
    finally:
        await running.stop()


@pytest.fixture
async def http() -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession() as session:
        yield session


async def signed_in(http: aiohttp.ClientSession, bot: RunningBot, therapist: object) -> DashboardClient:
    client = DashboardClient(http, f"http://127.0.0.1:{bot.port}")
    page = await client.sign_in_with_link(await sign_in_link(therapist))  # type: ignore[arg-type]
    assert page.status == 303
    return client


async def post_form(client: DashboardClient, path: str, fields: dict[str, str],
                    accept: str | None = None) -> Page:
    data = aiohttp.FormData(default_to_multipart=True)  # as the pages post: enctype="multipart/form-data"
    for name, value in fields.items():
        data.add_field(name, value)
    headers = {"Cookie": f"cbt_dashboard={client.cookie}"} if client.cookie else {}
    if accept:
        headers["Accept"] = accept
    async with client.http.post(client.base + path, data=data, headers=headers, allow_redirects=False) as response:
        return await client._read(response)


async def csrf_of(client: DashboardClient) -> str:
    return client.csrf(await client.get("/dashboard/flows/new"))


async def counts(bot: RunningBot) -> tuple[int, int]:
    store = await open_store(f"sqlite:///{bot.database}")
    try:
        async with store.engine.connect() as connection:
            sessions = (await connection.execute(select(func.count()).select_from(SessionRow))).scalar_one()
            transcript = (await connection.execute(select(func.count()).select_from(TranscriptRow))).scalar_one()
            return int(sessions), int(transcript)
    finally:
        await store.close()


async def test_the_editor_reports_each_error_at_its_line(tg: TelegramStandIn, bot: RunningBot,
                                                         http: aiohttp.ClientSession) -> None:
    clinic = await make_clinic(tg, bot)
    ana = await signed_in(http, bot, clinic.ana)
    csrf = await csrf_of(ana)
    broken = STARTER_TEXT.replace("    type: end", "    type: ending")  # line 25
    answer = await post_form(ana, "/dashboard/flows/validate", {"csrf": csrf, "source": broken},
                             accept="application/json")
    assert answer.status == 200
    found = json.loads(answer.body)
    assert found["ok"] is False
    lines = {p["line"] for p in found["errors"] if p["severity"] == "error"}
    assert lines == {broken.split("\n").index("    type: ending") + 1}
    assert found["errors"][0]["excerpt"] == "    type: ending"
    assert "ending" in found["errors"][0]["detail"]  # the validator's own words

    ok = json.loads((await post_form(ana, "/dashboard/flows/validate", {"csrf": csrf, "source": STARTER_TEXT},
                                     accept="application/json")).body)
    assert (ok["ok"], ok["errors"]) == (True, [])

    # without JavaScript: the Check button renders the page again, the line marked in the gutter
    page = await post_form(ana, "/dashboard/flows/validate", {"csrf": csrf, "source": broken.replace("\n", "\r\n")})
    assert page.status == 200
    assert re.search(r'<span class="error">25</span>', page.text)
    assert 'data-line="25"' in page.text
    assert "\r" not in page.text.split('name="source"', 1)[1].split("</textarea>", 1)[0]  # browsers' CR LF gone


async def test_a_preview_is_walked_to_its_end_and_nothing_is_stored(tg: TelegramStandIn, bot: RunningBot,
                                                                    http: aiohttp.ClientSession) -> None:
    clinic = await make_clinic(tg, bot)
    ana = await signed_in(http, bot, clinic.ana)
    before = await counts(bot)
    csrf = await csrf_of(ana)
    started = await post_form(ana, "/dashboard/flows/preview", {"csrf": csrf, "source": HOSTILE_FLOW})
    assert started.status == 303
    where = started.headers["Location"]
    page = await ana.get(where)
    assert page.status == 200
    assert "Watch for &lt;script&gt;alert(1)&lt;/script&gt;" in page.text  # shown as text
    seq = re.search(r'name="seq" value="(\d+)"', page.text)
    assert seq is not None
    pressed = await ana.post(where, {"csrf": csrf, "seq": seq.group(1), "button": "0"})  # Begin
    assert pressed.status == 303
    page = await ana.get(where)
    seq = re.search(r'name="seq" value="(\d+)"', page.text)
    assert seq is not None and 'name="text"' in page.text
    await ana.post(where, {"csrf": csrf, "seq": seq.group(1), "text": SCRIPT})
    page = await ana.get(where)
    assert "Thank you. You wrote:" in page.text and 'id="restart"' in page.text  # the end
    assert SCRIPT not in page.text and "&lt;script&gt;alert(" in page.text
    assert len(re.findall(r"<script", page.text)) == 1  # Telegram's script in the head, nothing else
    assert await counts(bot) == before  # a preview is never a client's data

    bea = await signed_in(http, bot, clinic.bea)  # another therapist's preview is not there for her
    assert (await bea.get(where)).status == 404
    bea_csrf = await csrf_of(bea)
    assert (await bea.post(where, {"csrf": bea_csrf, "seq": "1", "button": "0"})).status == 404
    assert (await ana.post(where, {"csrf": "0" * 64, "seq": "1", "button": "0"})).status == 403


async def test_publishing_makes_a_new_version_as_an_upload_does(tg: TelegramStandIn, bot: RunningBot,
                                                                http: aiohttp.ClientSession) -> None:
    clinic = await make_clinic(tg, bot)
    ana = await signed_in(http, bot, clinic.ana)
    csrf = await csrf_of(ana)
    confirm = await post_form(ana, "/dashboard/flows/publish", {"csrf": csrf, "source": STARTER_TEXT})
    assert confirm.status == 200 and 'id="confirm"' in confirm.text
    done = await post_form(ana, "/dashboard/flows/publish/confirm", {"csrf": csrf, "source": STARTER_TEXT})
    assert done.status == 303 and "published=my_exercise" in done.headers["Location"]
    second = STARTER_TEXT.replace("version: 1", "version: 2")
    confirm = await post_form(ana, "/dashboard/flows/publish", {"csrf": csrf, "source": second})
    assert "version 1" in confirm.text  # what the clients have had until now
    await post_form(ana, "/dashboard/flows/publish/confirm", {"csrf": csrf, "source": second})
    library = await ana.get("/dashboard/flows/")
    assert library.status == 200
    assert library.text.count('href="/dashboard/flows/mine/my_exercise?version=') == 2
    assert "version 2" in library.text and "version 1" in library.text

    await clinic.ana.send("/flows")  # the bot knows it as it knows an upload
    assert "my_exercise — v2" in (await clinic.ana.next_message()).text

    # an invalid text or one of the bot's ids is not published
    broken = await post_form(ana, "/dashboard/flows/publish/confirm",
                             {"csrf": csrf, "source": second.replace("type: end", "type: ending")})
    assert broken.status == 422
    shipped = await post_form(ana, "/dashboard/flows/publish", {
        "csrf": csrf, "source": second.replace("id: my_exercise", "id: box_breathing")})
    assert shipped.status == 422 and "box_breathing" in shipped.text
    no_csrf = await post_form(ana, "/dashboard/flows/publish/confirm", {"csrf": "x", "source": second})
    assert no_csrf.status == 403

    # Bea reaches none of it: not the flow, not its versions, not with her own flow of the same id
    bea = await signed_in(http, bot, clinic.bea)
    assert "my_exercise" not in (await bea.get("/dashboard/flows/")).text
    assert (await bea.get("/dashboard/flows/mine/my_exercise")).status == 404
    ana_version = re.search(r'/dashboard/flows/mine/my_exercise\?version=(\d+)', library.text)
    assert ana_version is not None
    bea_csrf = await csrf_of(bea)
    own = STARTER_TEXT.replace("My exercise", "Bea's exercise")
    await post_form(bea, "/dashboard/flows/publish/confirm", {"csrf": bea_csrf, "source": own})
    assert (await bea.get("/dashboard/flows/mine/my_exercise")).status == 200  # hers
    assert (await bea.get(f"/dashboard/flows/mine/my_exercise?version={ana_version.group(1)}")).status == 404
    nobody = DashboardClient(http, ana.base)
    assert (await nobody.get("/dashboard/flows/")).status == 403
    assert (await nobody.get("/dashboard/flows/mine/my_exercise")).status == 403


async def test_size_limits_and_the_bots_own_flows(tg: TelegramStandIn, bot: RunningBot,
                                                  http: aiohttp.ClientSession) -> None:
    clinic = await make_clinic(tg, bot)
    ana = await signed_in(http, bot, clinic.ana)
    csrf = await csrf_of(ana)
    too_big = await post_form(ana, "/dashboard/flows/validate", {"csrf": csrf, "source": "#" * FORM_LIMIT})
    assert too_big.status == 413
    over = await post_form(ana, "/dashboard/flows/validate", {"csrf": csrf, "source": "#" * (MAX_BYTES + 1)},
                           accept="application/json")
    assert over.status == 200 and b'"too-large"' in over.body  # the validator's own limit, as for an upload

    shipped = await ana.get("/dashboard/flows/shipped/box_breathing")
    assert shipped.status == 200 and "id: box_breathing" in shipped.text
    copy = await ana.get("/dashboard/flows/shipped/box_breathing/copy")
    assert copy.status == 200 and "id: my_box_breathing" in copy.text
    assert (await ana.get("/dashboard/flows/shipped/nonexistent")).status == 404
    # a flow whose text holds a raw tag does not load, and the editor shows the tag as text
    raw = STARTER_TEXT.replace("Let us take a moment", SCRIPT)
    page = await post_form(ana, "/dashboard/flows/validate", {"csrf": csrf, "source": raw})
    assert page.status == 200 and 'class="error"' in page.text
    assert SCRIPT not in page.text and "&lt;script&gt;" in page.text
    refused = await post_form(ana, "/dashboard/flows/preview", {"csrf": csrf, "source": raw})
    assert refused.status == 422
