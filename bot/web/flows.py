"""The dashboard's flow library, editor and preview (issue 13 §2).

The library lists the therapist's own flows (their versions with dates, and which clients have each as
homework) and the bot's flows (their YAML, and a copy to start from). The editor is a text area checked by the
validator the bot uses for uploads: as the therapist types (static/editor.js posts the text), or with the Check
button without JavaScript. The preview runs the text through the engine in memory (bot/web/preview.py).
Publishing goes through the same function as a file sent to the bot (custom_flows.publish_flow).

Only the signed-in therapist's own flows are reachable; every POST carries the session's CSRF token; a posted
text is at most the validator's own limit (and a little for the form around it)."""

from __future__ import annotations

import hmac
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from aiohttp import web
from multidict import MultiDictProxy

from bot.conversation.access import client_label, linked_clients
from bot.conversation.flow_library import FlowLibrary, stored_engine
from bot.conversation.texts import language_of
from bot.conversation.therapist.custom_flows import publish_flow
from bot.conversation.therapist.exercises import therapist_zone
from bot.flowspec import LoadResult, Problem, load_flow_text
from bot.flowspec.model import Flow
from bot.flowspec.texts import localize
from bot.flowspec.yaml_source import MAX_BYTES
from bot.storage import Person, UnitOfWork
from bot.storage.records import PublishedVersion
from bot.therapist import texts as therapist_texts
from bot.therapist.texts import measure_name
from bot.web.flow_texts import explain, ft
from bot.web.preview import COMMANDS, Press, PreviewRun, PreviewStore, act, safe_html

if TYPE_CHECKING:
    from bot.web.app import Dashboard

FORM_LIMIT = MAX_BYTES + 16 * 1024  # the flow's own limit, and room for the form's other fields
FILE_NAME = "flow.yaml"
STARTER = Path(__file__).resolve().parent / "starter.yaml"
_FLOW_ID = re.compile(r"[a-z][a-z0-9_]{1,39}")
_TOKEN = re.compile(r"[A-Za-z0-9_-]{20,64}")
_ID_LINE = re.compile(r"^id:[ \t]*(['\"]?)([a-z][a-z0-9_]*)\1[ \t]*(#.*)?$", re.MULTILINE)


@dataclass(frozen=True, slots=True)
class OwnFlow:
    flow_id: str
    title: str
    versions: list[PublishedVersion]
    current_version_id: int
    assigned: list[str]  # the clients who have it as homework now, by the therapist's names for them


@dataclass(frozen=True, slots=True)
class ShownProblem:
    line: int
    col: int
    severity: str
    code: str
    explanation: str
    message: str  # the validator's own words, as `cbt-bot flows validate` and the bot's upload give them
    excerpt: str  # the line as written


def shown_problems(result: LoadResult, source: str, language: str) -> list[ShownProblem]:
    lines = source.split("\n")
    return [ShownProblem(p.line, p.col, p.severity, p.code, explain(p.code, language), _words(p),
                         lines[p.line - 1][:200] if 0 < p.line <= len(lines) else "")
            for p in result.problems]


def _words(problem: Problem) -> str:
    step = f"step '{problem.step_id}': " if problem.step_id is not None else ""
    return f"{step}{problem.message}"


def posted_source(form: MultiDictProxy[Any]) -> str:
    """The posted YAML as the validator should read it: a browser sends a text area's lines ended by CR LF."""
    value = form.get("source", "")
    text = value if isinstance(value, str) else ""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def validate(source: str) -> LoadResult:
    return load_flow_text(source.encode("utf-8", "replace"), FILE_NAME)


def copy_source(source: str, flow_id: str) -> tuple[str, str]:
    """A shipped flow's YAML with an id of its own (the bot's ids are refused on publishing)."""
    new_id = f"my_{flow_id}"[:40]
    return _ID_LINE.sub(lambda m: f"id: {new_id}", source, count=1), new_id


def flow_title(flow: Flow, language: str) -> str:
    return localize(flow.title, language)


class FlowPages:
    """The flow pages' handlers, sharing the dashboard's sessions, CSRF tokens, templates and headers."""

    def __init__(self, dashboard: Dashboard, previews: PreviewStore | None = None) -> None:
        self.dashboard = dashboard
        self.previews = previews or PreviewStore(dashboard.clock)

    @property
    def library(self) -> FlowLibrary:
        return self.dashboard.library

    def routes(self, app: web.Application) -> None:
        app.router.add_get("/flows/", self.library_page)
        app.router.add_get("/flows", self.to_library)
        app.router.add_get("/flows/new", self.new_flow)
        app.router.add_get(r"/flows/shipped/{flow_id}", self.shipped_flow)
        app.router.add_get(r"/flows/shipped/{flow_id}/copy", self.copy_flow)
        app.router.add_get(r"/flows/mine/{flow_id}", self.edit_flow)
        app.router.add_post("/flows/editor", self.editor_again)
        app.router.add_post("/flows/validate", self.validate)
        app.router.add_post("/flows/preview", self.start_preview)
        app.router.add_get(r"/flows/preview/{token}", self.preview_page)
        app.router.add_post(r"/flows/preview/{token}", self.preview_press)
        app.router.add_post("/flows/publish", self.confirm_publish)
        app.router.add_post("/flows/publish/confirm", self.publish)

    # --- helpers -------------------------------------------------------------------------------------------

    def render(self, name: str, language: str, request: web.Request, status: int = 200,
               **context: Any) -> web.Response:
        def t(key: str, **fields: object) -> str:
            return ft(key, language, **fields)

        page = self.dashboard.templates.get_template(name).render(
            t=t, language=language, prefix="/dashboard", fmt=therapist_texts, signed_in=True,
            csrf=self.csrf(request), **context)
        return web.Response(text=page, content_type="text/html", charset="utf-8", status=status)

    def csrf(self, request: web.Request) -> str:
        from bot.web.app import COOKIE, csrf_token

        return csrf_token(request.cookies.get(COOKIE, ""))

    def csrf_ok(self, request: web.Request, form: MultiDictProxy[Any]) -> bool:
        return hmac.compare_digest(str(form.get("csrf", "")), self.csrf(request))

    def refused(self, request: web.Request, status: int = 403, language: str | None = None) -> web.Response:
        from bot.web.app import browser_language

        return self.dashboard.message("not_available", language or browser_language(request), status=status)

    async def form(self, request: web.Request) -> MultiDictProxy[Any] | None:
        """The posted form, or None when it is larger than FORM_LIMIT."""
        if request.content_length is not None and request.content_length > FORM_LIMIT:
            return None
        try:
            return await request.clone(client_max_size=FORM_LIMIT).post()
        except web.HTTPRequestEntityTooLarge:
            return None

    def too_large(self, request: web.Request, language: str) -> web.Response:
        if wants_json(request):
            return web.json_response({"ok": False, "too_large": True,
                                      "summary": ft("too_large", language, size=MAX_BYTES // 1024)}, status=413)
        return self.dashboard.render("message.html", language, status=413,
                                     text=ft("too_large", language, size=MAX_BYTES // 1024), signed_in=False)

    async def signed_in_post(self, request: web.Request) -> tuple[Person, MultiDictProxy[Any]] | web.Response:
        """The therapist and their form, for a POST with a valid CSRF token; else the answer to give."""
        async with self.dashboard.store.transaction() as tx:
            person = await self.dashboard.therapist(tx, request)
        if person is None:
            return self.refused(request)
        form = await self.form(request)
        if form is None:
            return self.too_large(request, language_of(person))
        if not self.csrf_ok(request, form):
            return self.refused(request, language=language_of(person))
        return person, form

    def editor(self, request: web.Request, person: Person, source: str, status: int = 200, checked: bool = False,
               note: str | None = None, error: str | None = None) -> web.Response:
        language = language_of(person)
        result = validate(source) if checked else None
        problems = shown_problems(result, source, language) if result is not None else []
        return self.render("flow_editor.html", language, request, status=status, source=source, checked=checked,
                           ok=result is not None and result.ok, problems=problems, note=note, error=error,
                           errors=sum(1 for p in problems if p.severity == "error"),
                           warnings=sum(1 for p in problems if p.severity == "warning"),
                           line_count=source.count("\n") + 1,
                           marked={p.line: p.severity for p in reversed(problems)})

    # --- the library ---------------------------------------------------------------------------------------

    async def to_library(self, _request: web.Request) -> web.StreamResponse:
        return web.Response(status=308, headers={"Location": "/dashboard/flows/"})

    async def library_page(self, request: web.Request) -> web.StreamResponse:
        async with self.dashboard.store.transaction() as tx:
            person = await self.dashboard.therapist(tx, request)
            if person is None:
                return self.refused(request)
            language = language_of(person)
            own = await self.own_flows(tx, person, language)
        zone = therapist_zone(person)
        published = request.query.get("published", "")
        just = next((f for f in own if f.flow_id == published), None)
        shipped = [(f.id, flow_title(f, language)) for f in self.library.listing()]
        return self.render("flows.html", language, request, own=own, shipped=shipped, just=just,
                           day=lambda at: therapist_texts.format_datetime(at.astimezone(zone), language))

    async def own_flows(self, tx: UnitOfWork, therapist: Person, language: str) -> list[OwnFlow]:
        customs = await tx.custom_flows.for_therapist(therapist.id)
        mine = {c.flow_id for c in customs}
        assigned: dict[str, list[str]] = {}
        shown: list[int] = []
        for client in await linked_clients(tx, therapist):
            flow_ids = mine & {a.flow_id for a in await tx.homework.assignments_for(therapist.id, client.id)
                               if a.cancelled_at is None}
            if flow_ids:
                label = await client_label(tx, therapist.id, client, language)
                shown.append(client.id)
                for flow_id in flow_ids:
                    assigned.setdefault(flow_id, []).append(label)
        # who has which homework is the clients' data: read as the caseload reads it, and audited so
        await tx.audit.record_each(therapist.id, shown, "caseload", "web flows")
        own = []
        for custom in customs:
            engine = await stored_engine(tx, self.library, custom.flow_version_id)
            title = flow_title(engine.flow, language) if engine else custom.flow_id
            own.append(OwnFlow(custom.flow_id, title, await tx.custom_flows.versions(therapist.id, custom.flow_id),
                               custom.flow_version_id, sorted(assigned.get(custom.flow_id, []), key=str.casefold)))
        return own

    async def shipped_flow(self, request: web.Request) -> web.StreamResponse:
        flow_id = request.match_info["flow_id"]
        async with self.dashboard.store.transaction() as tx:
            person = await self.dashboard.therapist(tx, request)
        if person is None:
            return self.refused(request)
        flow = self.library.current(flow_id)
        if flow is None:
            return self.refused(request, 404, language_of(person))
        language = language_of(person)
        return self.render("flow_source.html", language, request, title=flow_title(flow, language),
                           flow_id=flow.id, source=self.library.source(flow_id))

    # --- the editor ----------------------------------------------------------------------------------------

    async def new_flow(self, request: web.Request) -> web.StreamResponse:
        async with self.dashboard.store.transaction() as tx:
            person = await self.dashboard.therapist(tx, request)
        if person is None:
            return self.refused(request)
        return self.editor(request, person, STARTER.read_text(encoding="utf-8"), checked=True)

    async def copy_flow(self, request: web.Request) -> web.StreamResponse:
        async with self.dashboard.store.transaction() as tx:
            person = await self.dashboard.therapist(tx, request)
        if person is None:
            return self.refused(request)
        flow = self.library.current(request.match_info["flow_id"])
        if flow is None:
            return self.refused(request, 404, language_of(person))
        source, new_id = copy_source(self.library.source(flow.id), flow.id)
        note = ft("copy_note", language_of(person), title=flow_title(flow, language_of(person)), flow_id=new_id)
        return self.editor(request, person, source, checked=True, note=note)

    async def edit_flow(self, request: web.Request) -> web.StreamResponse:
        """One of the therapist's flows in the editor: its current version, or `?version=` one of its own."""
        flow_id = request.match_info["flow_id"]
        async with self.dashboard.store.transaction() as tx:
            person = await self.dashboard.therapist(tx, request)
            if person is None:
                return self.refused(request)
            custom = await tx.custom_flows.get(person.id, flow_id) if _FLOW_ID.fullmatch(flow_id) else None
            wanted = request.query.get("version", "")
            version_id = custom.flow_version_id if custom else None
            if custom is not None and wanted:
                mine = {v.flow_version_id for v in await tx.custom_flows.versions(person.id, flow_id)}
                version_id = int(wanted) if wanted.isdigit() and int(wanted) in mine else None
            stored = await tx.flow_versions.get(version_id) if version_id is not None else None
        if stored is None:
            return self.refused(request, 404, language_of(person))
        return self.editor(request, person, stored.source, checked=True)

    async def editor_again(self, request: web.Request) -> web.StreamResponse:
        """The editor with a posted text: back from the preview or the confirmation, nothing lost."""
        found = await self.signed_in_post(request)
        if isinstance(found, web.Response):
            return found
        person, form = found
        return self.editor(request, person, posted_source(form), checked=True)

    async def validate(self, request: web.Request) -> web.StreamResponse:
        found = await self.signed_in_post(request)
        if isinstance(found, web.Response):
            return found
        person, form = found
        source = posted_source(form)
        if not wants_json(request):
            return self.editor(request, person, source, checked=True)
        language = language_of(person)
        result = validate(source)
        problems = shown_problems(result, source, language)
        errors = sum(1 for p in problems if p.severity == "error")
        warnings = sum(1 for p in problems if p.severity == "warning")
        summary = ft("valid", language) if result.ok and not warnings else ", ".join(
            part for part in (ft("problem_count", language, count=errors) if errors else "",
                              ft("warning_count", language, count=warnings) if warnings else "") if part)
        return web.json_response({
            "ok": result.ok, "summary": summary,
            "errors": [{"line": p.line, "col": p.col, "severity": p.severity,
                        "severity_text": ft(f"severity_{p.severity}", language), "code": p.code,
                        "message": p.explanation, "detail": p.message, "excerpt": p.excerpt,
                        "label": ft("line", language, line=p.line),
                        "go_to": ft("go_to_line", language, line=p.line)} for p in problems],
            "validator_says": ft("validator_says", language),
        })

    # --- publishing ----------------------------------------------------------------------------------------

    async def confirm_publish(self, request: web.Request) -> web.StreamResponse:
        found = await self.signed_in_post(request)
        if isinstance(found, web.Response):
            return found
        person, form = found
        language = language_of(person)
        source = posted_source(form)
        result = validate(source)
        if result.flow is None:
            return self.editor(request, person, source, status=422, checked=True)
        flow = result.flow
        if self.library.current(flow.id) is not None:
            return self.editor(request, person, source, status=422, checked=True,
                               error=ft("shipped_id", language, flow_id=flow.id))
        async with self.dashboard.store.transaction() as tx:
            previous = await tx.custom_flows.get(person.id, flow.id)
            stored = await tx.flow_versions.get(previous.flow_version_id) if previous else None
        title = flow_title(flow, language)
        if stored is not None and stored.source == source:
            words = ft("confirm_same", language, version=flow.version)
        elif previous is not None:
            words = ft("confirm_update", language, title=title, flow_id=flow.id, version=flow.version,
                       previous=previous.version)
        else:
            words = ft("confirm_new", language, title=title, flow_id=flow.id, version=flow.version)
        return self.render("flow_publish.html", language, request, words=words, source=source, title=title)

    async def publish(self, request: web.Request) -> web.StreamResponse:
        found = await self.signed_in_post(request)
        if isinstance(found, web.Response):
            return found
        person, form = found
        source = posted_source(form)
        async with self.dashboard.store.transaction() as tx:
            published = await publish_flow(tx, self.library, person, source.encode("utf-8", "replace"), FILE_NAME)
        if published.refused is not None or published.flow is None:
            error = ft("shipped_id", language_of(person), flow_id=published.flow.id) \
                if published.refused == "shipped_id" and published.flow else None
            return self.editor(request, person, source, status=422, checked=True, error=error)
        return web.Response(status=303, headers={
            "Location": f"/dashboard/flows/?published={published.flow.id}#flow-{published.flow.id}"})

    # --- the preview ---------------------------------------------------------------------------------------

    async def start_preview(self, request: web.Request) -> web.StreamResponse:
        found = await self.signed_in_post(request)
        if isinstance(found, web.Response):
            return found
        person, form = found
        source = posted_source(form)
        result = validate(source)
        if result.flow is None:
            return self.editor(request, person, source, status=422, checked=True,
                               error=ft("preview_invalid", language_of(person)))
        run = self.previews.start(person.id, result.flow, source, language_of(person))
        return web.Response(status=303, headers={"Location": f"/dashboard/flows/preview/{run.token}"})

    async def preview_run(self, request: web.Request) -> tuple[Person, PreviewRun | None] | web.Response:
        async with self.dashboard.store.transaction() as tx:
            person = await self.dashboard.therapist(tx, request)
        if person is None:
            return self.refused(request)
        token = request.match_info["token"]
        return person, self.previews.get(token, person.id) if _TOKEN.fullmatch(token) else None

    async def preview_page(self, request: web.Request) -> web.StreamResponse:
        found = await self.preview_run(request)
        if isinstance(found, web.Response):
            return found
        person, run = found
        language = language_of(person)
        if run is None:
            return self.render("message.html", language, request, status=404, text=ft("preview_gone", language))
        return self.render("flow_preview.html", language, request, run=run, commands=COMMANDS,
                           title=flow_title(run.flow, run.language), measure=measure_name, safe=safe_html,
                           total=timer_total(run))

    async def preview_press(self, request: web.Request) -> web.StreamResponse:
        found = await self.preview_run(request)
        if isinstance(found, web.Response):
            return found
        person, run = found
        form = await self.form(request)
        if form is None:
            return self.too_large(request, language_of(person))
        if not self.csrf_ok(request, form):
            return self.refused(request, language=language_of(person))
        if run is None:
            language = language_of(person)
            return self.render("message.html", language, request, status=404, text=ft("preview_gone", language))
        if form.get("restart"):
            run = self.previews.start(person.id, run.flow, run.source, run.language)
        else:
            act(run, read_press(form), self.dashboard.clock())
        return web.Response(status=303, headers={"Location": f"/dashboard/flows/preview/{run.token}#now"})


def read_press(form: MultiDictProxy[Any]) -> Press:
    def number(name: str) -> int | None:
        value = str(form.get(name, ""))
        return int(value) if value.isdigit() and len(value) < 9 else None

    text = form.get("text")
    command = str(form.get("command", "")) or None
    return Press(seq=number("seq") or 0, button=number("button"), text=text if isinstance(text, str) else None,
                 command=command, finish_timer=bool(form.get("finish_timer")))


def timer_total(run: PreviewRun) -> int | None:
    from bot.engine.effects import TimerStarted

    timer = run.current
    return sum(p.seconds for p in timer.phases) * timer.repeat if isinstance(timer, TimerStarted) else None


def wants_json(request: web.Request) -> bool:
    return "application/json" in request.headers.get("Accept", "")

