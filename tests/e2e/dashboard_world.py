"""A small clinic for the dashboard's tests, made through the real bot over the Bot API stand-in: therapist Ana
with two clients (one named by her with markup, one whose Telegram first name is markup, who completed a thought
record written in markup), therapist Bea with a client of her own; and an HTTP client for the dashboard that keeps
its Secure cookie by hand (the pages are served over plain HTTP on 127.0.0.1 in tests)."""

from __future__ import annotations

import hashlib
import hmac
import html
import json
import re
import time
from dataclasses import dataclass, field
from urllib.parse import urlencode

import aiohttp

from bot.engine.events import TextEntered
from bot.storage import open_store
from tests.e2e.harness import MirroredClient, RunningBot, invite_link, join
from tests.e2e.test_therapist_journey import operator, shipped
from tests.support.telegram_api import SimulatedUser, TelegramStandIn
from tests.support.walker import explore

ANA, BEA = 8_300_000_001, 8_300_000_002
NAMED, PLAIN, BEAS_CLIENT = 8_300_000_011, 8_300_000_012, 8_300_000_013
SCRIPT = "<script>alert('x')</script>"
IMG = '"><img src=x onerror=alert(1)>'
TEXTAREA = "</textarea><b>bold</b>"
HOSTILE = (SCRIPT, IMG, TEXTAREA)
ANSWER = f"My boss frowned {SCRIPT} then {IMG} and {TEXTAREA}"
NOTE = f"Ask about sleep {SCRIPT}{IMG}{TEXTAREA}"
NAME_BY_ANA = f"{SCRIPT[:30]}"  # her private name for the first client (a name is at most 64 characters)
COOKIE = "cbt_dashboard"


@dataclass
class Clinic:
    ana: SimulatedUser
    bea: SimulatedUser
    named: SimulatedUser
    plain: SimulatedUser
    ids: dict[str, int] = field(default_factory=dict)  # people and sessions by name, as stored


async def thought_record(client: SimulatedUser, words: str) -> None:
    mirrored = MirroredClient(client, shipped("thought_record"), "en")
    await mirrored.open_from_catalogue()
    texts = 0
    for event in explore(mirrored.engine, "en").ends["done_eased"]:
        if isinstance(event, TextEntered):
            texts += 1  # the second is the mood's name: at most 60 characters
            event = TextEntered(words if texts != 2 else words[:60], event.at)
        await mirrored.act(event)


async def invite_named(therapist: SimulatedUser, name: str) -> str:
    await therapist.send(f"/invite {name}")
    found = re.search(r"start=([A-Za-z0-9_-]+)", (await therapist.next_message()).text)
    assert found is not None
    return found.group(1)


async def make_clinic(tg: TelegramStandIn, bot: RunningBot) -> Clinic:
    assert await operator(bot, "therapists", "add", str(ANA), "--name", "Dr Ana") == 0
    assert await operator(bot, "therapists", "add", str(BEA), "--name", "Dr Bea") == 0
    ana, bea = tg.user(ANA, "Ana"), tg.user(BEA, "Bea")
    named, plain = tg.user(NAMED, "Nina"), tg.user(PLAIN, IMG)
    beas = tg.user(BEAS_CLIENT, "Boris")
    await join(named, await invite_named(ana, NAME_BY_ANA))
    await ana.next_message()  # "… accepted your invitation"
    await join(plain, await invite_link(ana))
    await ana.next_message()
    await join(beas, await invite_link(bea))
    await bea.next_message()
    await thought_record(named, ANSWER)
    await thought_record(beas, "Fine words")
    clinic = Clinic(ana, bea, named, plain)
    store = await open_store(f"sqlite:///{bot.database}")
    try:
        async with store.transaction() as tx:
            for name, telegram_id in (("ana", ANA), ("bea", BEA), ("named", NAMED), ("plain", PLAIN),
                                      ("beas", BEAS_CLIENT)):
                person = await tx.people.find_by_telegram_id(telegram_id)
                assert person is not None
                clinic.ids[name] = person.id
            clinic.ids["named_session"] = (await tx.sessions.list_for_person(clinic.ids["named"]))[0].id
            clinic.ids["beas_session"] = (await tx.sessions.list_for_person(clinic.ids["beas"]))[0].id
            await tx.notes.add(clinic.ids["ana"], clinic.ids["named"], NOTE)
            await tx.notes.add(clinic.ids["ana"], clinic.ids["named"], NOTE, clinic.ids["named_session"])
    finally:
        await store.close()
    return clinic


async def sign_in_link(therapist: SimulatedUser) -> str:
    await therapist.send("/dashboard")
    message = await therapist.next_message()
    found = re.search(r"(http://\S+/dashboard/signin\?token=[A-Za-z0-9_-]+)", html.unescape(message.text))
    assert found is not None, message.text
    return found.group(1)


def init_data(user_id: int, token: str, auth_date: float | None = None, **extra: str) -> str:
    """initData as Telegram signs it (core.telegram.org/bots/webapps)."""
    fields = {"auth_date": str(int(auth_date if auth_date is not None else time.time())),
              "query_id": "AAHdF6IQAAAAAN0XohDhrOrc",
              "user": json.dumps({"id": user_id, "first_name": "Ana"}, separators=(",", ":")), **extra}
    secret = hmac.new(b"WebAppData", token.encode(), hashlib.sha256).digest()
    check = "\n".join(f"{k}={fields[k]}" for k in sorted(fields))
    fields["hash"] = hmac.new(secret, check.encode(), hashlib.sha256).hexdigest()
    return urlencode(fields)


@dataclass
class Page:
    status: int
    text: str
    headers: dict[str, str]
    body: bytes = b""


class DashboardClient:
    """One browser's worth of the dashboard: its session cookie, set by hand (a Secure cookie over http)."""

    def __init__(self, http: aiohttp.ClientSession, base: str) -> None:
        self.http = http
        self.base = base.rstrip("/")  # http://127.0.0.1:PORT
        self.cookie: str | None = None

    def _headers(self) -> dict[str, str]:
        return {"Cookie": f"{COOKIE}={self.cookie}"} if self.cookie else {}

    async def _read(self, response: aiohttp.ClientResponse) -> Page:
        for morsel in response.cookies.values():
            if morsel.key == COOKIE:
                self.cookie = morsel.value or None
        body = await response.read()
        text = body.decode("utf-8", "replace") if "text/" in response.headers.get("Content-Type", "") else ""
        return Page(response.status, text, dict(response.headers), body)

    async def get(self, path: str) -> Page:
        async with self.http.get(self.base + path, headers=self._headers(), allow_redirects=False) as response:
            return await self._read(response)

    async def post(self, path: str, data: dict[str, str]) -> Page:
        async with self.http.post(self.base + path, data=data, headers=self._headers(),
                                  allow_redirects=False) as response:
            return await self._read(response)

    async def sign_in_with_link(self, link: str) -> Page:
        token = link.rsplit("token=", 1)[1]
        form = await self.get("/dashboard/signin?token=" + token)
        assert form.status == 200 and f'value="{token}"' in form.text
        return await self.post("/dashboard/signin", {"token": token})

    def csrf(self, page: Page) -> str:
        found = re.search(r'name="csrf" value="([0-9a-f]{64})"', page.text)
        assert found is not None
        return found.group(1)
