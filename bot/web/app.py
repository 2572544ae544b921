"""The dashboard's aiohttp application, mounted under /dashboard/ beside the webhook (or alone on PORT in
polling mode).

Sign-in: a single-use link from /dashboard (GET shows a button, POST takes the token: a link preview that
fetches the URL does not use it up), or Telegram's Mini App initData (checked in bot/web/init_data.py). Either
starts a session: a random token in an HttpOnly, Secure, SameSite=Strict cookie, its sha256 in the database,
ended after `idle` unused or on sign-out. Every POST carries a CSRF token derived from the session's. Only
therapists get a session, and a session whose person stopped being a therapist stops working."""

from __future__ import annotations

import hashlib
import hmac
import logging
import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import jinja2
from aiohttp import web

from bot.conversation.flow_library import FlowLibrary
from bot.conversation.texts import language_of, pick_language
from bot.storage import Person, UnitOfWork
from bot.storage.ports import Storage
from bot.therapist import texts as therapist_texts
from bot.therapist.cards import card_heading
from bot.therapist.review import rating_text, status_text
from bot.web import pages
from bot.web.flows import FlowPages
from bot.web.init_data import InitDataError, telegram_user_id
from bot.web.limits import SignInLimiter
from bot.web.texts import wt

log = logging.getLogger(__name__)

PREFIX = "/dashboard"
COOKIE = "cbt_dashboard"
IDLE = timedelta(minutes=30)
SIGN_IN_VALID = timedelta(minutes=5)
_TOKEN = re.compile(r"[A-Za-z0-9_-]{20,100}")
HERE = Path(__file__).resolve().parent
CSP = ("default-src 'none'; script-src 'self' https://telegram.org; style-src 'self'; img-src 'self' data:; "
       "connect-src 'self'; form-action 'self'; base-uri 'none'; "
       "frame-ancestors 'self' https://web.telegram.org")
HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",  # a sign-in link's token never leaves in a Referer
    "Cache-Control": "no-store",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
    "Cross-Origin-Opener-Policy": "same-origin",
}
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def csrf_token(session_token: str) -> str:
    return hmac.new(session_token.encode(), b"csrf", hashlib.sha256).hexdigest()


@dataclass
class Dashboard:
    store: Storage
    library: FlowLibrary
    bot_token: str
    clock: Callable[[], float]
    idle: timedelta = IDLE
    limiter: SignInLimiter | None = None
    templates: jinja2.Environment = field(init=False)

    def __post_init__(self) -> None:
        if self.limiter is None:
            self.limiter = SignInLimiter(self.clock)
        self.templates = jinja2.Environment(loader=jinja2.FileSystemLoader(HERE / "templates"), autoescape=True,
                                            undefined=jinja2.StrictUndefined)

    def now(self) -> datetime:
        return datetime.fromtimestamp(self.clock(), UTC)

    # --- rendering -----------------------------------------------------------------------------------------

    def render(self, name: str, language: str, status: int = 200, **context: Any) -> web.Response:
        def t(key: str, **fields: object) -> str:
            return wt(key, language, **fields)

        page = self.templates.get_template(name).render(
            t=t, language=language, prefix=PREFIX, fmt=therapist_texts, rating_text=rating_text,
            status_text=status_text, card_heading=card_heading, duration=pages.duration, **context)
        return web.Response(text=page, content_type="text/html", charset="utf-8", status=status)

    def message(self, key: str, language: str, status: int = 200) -> web.Response:
        return self.render("message.html", language, status=status, text=wt(key, language), signed_in=False)

    # --- sessions ---------------------------------------------------------------------------------------

    async def therapist(self, tx: UnitOfWork, request: web.Request) -> Person | None:
        token = request.cookies.get(COOKIE, "")
        if not _TOKEN.fullmatch(token):
            return None
        person_id = await tx.web.session_person(token, self.idle)
        person = await tx.people.get(person_id) if person_id is not None else None
        return person if person is not None and person.role == "therapist" else None

    def signed_in(self, response: web.StreamResponse, token: str) -> web.StreamResponse:
        response.set_cookie(COOKIE, token, path=PREFIX + "/", httponly=True, secure=True, samesite="Strict",
                            max_age=None)
        return response

    def allowed(self, request: web.Request) -> bool:
        assert self.limiter is not None
        return self.limiter.allow(request.remote or "unknown")

    async def start_session(self, request: web.Request, tx: UnitOfWork, person: Person | None) -> web.StreamResponse:
        if person is None or person.role != "therapist":
            language = language_of(person) if person else browser_language(request)
            return self.message("therapists_only", language, status=403)
        token = await tx.web.start_session(person.id)
        return self.signed_in(web.Response(status=303, headers={"Location": PREFIX + "/"}), token)

    # --- handlers -----------------------------------------------------------------------------------------

    async def home(self, request: web.Request) -> web.StreamResponse:
        async with self.store.transaction() as tx:
            person = await self.therapist(tx, request)
            if person is None:
                return self.render("signin.html", browser_language(request), signed_in=False, token="")
            sort = request.query.get("sort", "attention")
            sort = sort if sort in pages.SORTS else "attention"
            now = self.now()
            rows = await pages.caseload(tx, self.library, person, now, language_of(person), sort)
            return self.render("caseload.html", language_of(person), rows=rows, sort=sort, sorts=pages.SORTS, now=now,
                               zone=person.timezone, when=pages.when_text, sos=pages.sos_text,
                               csrf=csrf_token(request.cookies[COOKIE]), signed_in=True)

    async def sign_in_form(self, request: web.Request) -> web.StreamResponse:
        token = request.query.get("token", "")
        token = token if _TOKEN.fullmatch(token) else ""
        return self.render("signin.html", browser_language(request), signed_in=False, token=token)

    async def sign_in(self, request: web.Request) -> web.StreamResponse:
        if not self.allowed(request):
            return self.message("rate_limited", browser_language(request), status=429)
        form = await request.post()
        token = str(form.get("token", ""))
        if not _TOKEN.fullmatch(token):
            return self.message("signin_failed", browser_language(request), status=403)
        async with self.store.transaction() as tx:
            person_id = await tx.web.redeem_sign_in(token)
            if person_id is None:
                return self.message("signin_failed", browser_language(request), status=403)
            return await self.start_session(request, tx, await tx.people.get(person_id))

    async def sign_in_webapp(self, request: web.Request) -> web.StreamResponse:
        if not self.allowed(request):
            return self.message("rate_limited", browser_language(request), status=429)
        form = await request.post()
        try:
            user_id = telegram_user_id(str(form.get("init_data", "")), self.bot_token, self.clock())
        except InitDataError:
            return self.message("signin_failed", browser_language(request), status=403)
        async with self.store.transaction() as tx:
            return await self.start_session(request, tx, await tx.people.find_by_telegram_id(user_id))

    async def sign_out(self, request: web.Request) -> web.StreamResponse:
        token = request.cookies.get(COOKIE, "")
        form = await request.post()
        if not _TOKEN.fullmatch(token) or not hmac.compare_digest(str(form.get("csrf", "")), csrf_token(token)):
            return self.message("not_available", browser_language(request), status=403)
        async with self.store.transaction() as tx:
            await tx.web.end_session(token)
        response = self.message("signed_out", browser_language(request))
        response.del_cookie(COOKIE, path=PREFIX + "/")
        return response

    async def client(self, request: web.Request) -> web.StreamResponse:
        client_id = _number(request.match_info["client_id"])
        async with self.store.transaction() as tx:
            person = await self.therapist(tx, request)
            if person is None:
                return self.message("not_available", browser_language(request), status=403)
            number = _number(request.query.get("page", "0")) or 0
            page = await pages.client_page(tx, self.library, person, client_id, self.now(), language_of(person),
                                           number) if client_id is not None else None
            if page is None:
                return self.message("not_available", language_of(person), status=404)
            return self.render("client.html", language_of(person), page=page, now=self.now(), zone=person.timezone,
                               when=pages.when_text, sos=pages.sos_text, csrf=csrf_token(request.cookies[COOKIE]),
                               signed_in=True)

    async def exercise(self, request: web.Request) -> web.StreamResponse:
        session_id = _number(request.match_info["session_id"])
        async with self.store.transaction() as tx:
            person = await self.therapist(tx, request)
            if person is None:
                return self.message("not_available", browser_language(request), status=403)
            page = await pages.exercise_page(tx, self.library, person, session_id, language_of(person)) \
                if session_id is not None else None
            if page is None:
                return self.message("not_available", language_of(person), status=404)
            return self.render("exercise.html", language_of(person), page=page,
                               csrf=csrf_token(request.cookies[COOKIE]), signed_in=True)

    async def export(self, request: web.Request) -> web.StreamResponse:
        from bot.web.exports import export_exercise

        session_id = _number(request.match_info["session_id"])
        form = await request.post()
        fmt = str(form.get("format", ""))
        token = request.cookies.get(COOKIE, "")
        async with self.store.transaction() as tx:
            person = await self.therapist(tx, request)
            if person is None or not hmac.compare_digest(str(form.get("csrf", "")), csrf_token(token)):
                return self.message("not_available", browser_language(request), status=403)
            found = await export_exercise(tx, self.library, person, session_id, fmt, self.now()) \
                if session_id is not None and fmt in ("pdf", "csv", "json") else None
            if found is None:
                return self.message("not_available", language_of(person), status=404)
        name, content, content_type = found
        return web.Response(body=content, content_type=content_type,
                            headers={"Content-Disposition": f'attachment; filename="{name}"'})


def browser_language(request: web.Request) -> str:
    """Before sign-in, the browser's first language if the bot speaks it, else English."""
    return pick_language(None, request.headers.get("Accept-Language", "").split(",")[0].strip())


def _number(text: str) -> int | None:
    return int(text) if text.isdigit() and len(text) < 19 else None


@web.middleware
async def security_headers(request: web.Request, handler: Handler) -> web.StreamResponse:
    try:
        response = await handler(request)
    except web.HTTPException as error:  # aiohttp's own answers (no such page, wrong method) get them too
        for name, value in HEADERS.items():
            error.headers.setdefault(name, value)
        raise
    for name, value in HEADERS.items():
        response.headers.setdefault(name, value)
    return response


def dashboard_app(dashboard: Dashboard) -> web.Application:
    """The dashboard as a sub-application: mount it with `add_subapp(PREFIX, ...)`."""
    app = web.Application(middlewares=[security_headers], client_max_size=64 * 1024)
    app.router.add_get("/", dashboard.home)
    app.router.add_get("/signin", dashboard.sign_in_form)
    app.router.add_post("/signin", dashboard.sign_in)
    app.router.add_post("/signin/telegram", dashboard.sign_in_webapp)
    app.router.add_post("/signout", dashboard.sign_out)
    app.router.add_get(r"/clients/{client_id}", dashboard.client)
    app.router.add_get(r"/exercises/{session_id}", dashboard.exercise)
    app.router.add_post(r"/exercises/{session_id}/export", dashboard.export)
    FlowPages(dashboard).routes(app)  # the flow library, editor and preview: bot/web/flows.py
    app.router.add_static("/static/", HERE / "static", append_version=False)
    return app


def mount(app: web.Application, dashboard: Dashboard) -> None:
    """Adds the dashboard under /dashboard/ to `app` (the webhook's application, or a bare one)."""
    async def with_slash(_request: web.Request) -> web.Response:
        return web.Response(status=308, headers={"Location": PREFIX + "/"})

    app.router.add_get(PREFIX, with_slash)  # before the sub-application, whose prefix would answer 404
    app.add_subapp(PREFIX, dashboard_app(dashboard))
