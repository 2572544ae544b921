"""The flow editor's preview: a third front end beside Telegram (bot/transport) and the terminal (bot/console).
A flow runs through the same engine, and each of its effects becomes part of a web page: messages as text,
buttons as form buttons, a text question as a text field. A timer does not wait: the page says how long it
would run, and one press lets it run out.

A preview is never a client's data: it lives in memory only (PreviewStore), belongs to the therapist who
started it, expires after 30 minutes unused, and only so many are kept at once."""

from __future__ import annotations

import html
import secrets
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Literal

from markupsafe import Markup

from bot.engine import FlowEngine
from bot.engine.effects import (
    Ask,
    Button,
    CrisisAnswer,
    Effect,
    Ended,
    Paused,
    Say,
    SosRequested,
    TimerStarted,
)
from bot.engine.events import ActionChosen, CommandIssued, CommandName, Event, OptionChosen, TextEntered, TimerTick
from bot.engine.render import plain_text
from bot.engine.session import Session
from bot.flowspec.model import Flow
from bot.safety.static_resources import static_sos_text

IDLE_SECONDS = 30 * 60
MAX_PREVIEWS = 200  # in the whole process
MAX_PER_THERAPIST = 3
MAX_ANSWER = 4000  # characters of a typed answer (Telegram's own message limit is 4096)
COMMANDS: tuple[CommandName, ...] = ("back", "help", "pause", "resume", "cancel", "sos")

# Telegram's formatting tags, as the validator allows them, and what each becomes on the page. A link keeps
# only its words: a preview follows nowhere.
_TAGS = {"b": "b", "strong": "strong", "i": "i", "em": "em", "u": "u", "ins": "ins", "s": "s", "strike": "s",
         "del": "del", "code": "code", "pre": "pre", "blockquote": "blockquote"}
_SPOILER = ("tg-spoiler", "span")


class _SafeHtml(HTMLParser):
    """Telegram HTML to page HTML: the allowed tags without any attribute, every other tag and all text
    escaped. Whatever a flow's text or a typed answer holds, nothing in it becomes markup of its own."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.open: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        name = _TAGS.get(tag) or ("span" if tag in _SPOILER else None)
        if name is None:
            if tag != "a":
                self.out.append(html.escape(self.get_starttag_text() or ""))
            return
        self.out.append('<span class="spoiler">' if tag in _SPOILER else f"<{name}>")
        self.open.append(name)

    def handle_endtag(self, tag: str) -> None:
        name = _TAGS.get(tag) or ("span" if tag in _SPOILER else None)
        if name is None:
            if tag != "a":
                self.out.append(html.escape(f"</{tag}>"))
            return
        if name in self.open:
            while self.open:
                closing = self.open.pop()
                self.out.append(f"</{closing}>")
                if closing == name:
                    break

    def handle_data(self, data: str) -> None:
        self.out.append(html.escape(data))

    def result(self) -> str:
        self.close()
        return "".join(self.out) + "".join(f"</{name}>" for name in reversed(self.open))


def safe_html(telegram_html: str) -> Markup:
    parser = _SafeHtml()
    parser.feed(telegram_html)
    return Markup(parser.result())  # noqa: S704 (built above from escaped text and attribute-free tags)


@dataclass(frozen=True, slots=True)
class Line:
    """One message of the conversation so far: the bot's (`html`, made safe) or the therapist's answer."""

    who: Literal["bot", "you", "notice"]
    html: Markup


@dataclass
class PreviewRun:
    token: str
    owner: int  # the therapist's person id
    engine: FlowEngine
    session: Session
    source: str  # the YAML previewed, for going back to the editor with it
    language: str
    touched: float
    lines: list[Line] = field(default_factory=list)
    current: Ask | TimerStarted | None = None
    ended: Ended | None = None
    shift: float = 0.0  # seconds a timer was let run out ahead of the clock: the preview's own time

    @property
    def flow(self) -> Flow:
        return self.engine.flow

    @property
    def paused(self) -> bool:
        return self.session.status == "paused"

    def show(self, effects: list[Effect]) -> None:
        for effect in effects:
            if isinstance(effect, Say):
                self.lines.append(Line("notice" if effect.kind != "message" else "bot", safe_html(effect.text)))
            elif isinstance(effect, Ask):
                self._asked(effect)
            elif isinstance(effect, TimerStarted):
                self._settle_question()
                self.current = effect
            elif isinstance(effect, Ended):
                self._settle_question()
                self.current, self.ended = None, effect
                if effect.text:
                    self.lines.append(Line("bot", safe_html(effect.text)))
            elif isinstance(effect, Paused):
                self.lines.append(Line("notice", safe_html(effect.text)))
            elif isinstance(effect, CrisisAnswer | SosRequested):
                self.lines.append(Line("notice", safe_html(static_sos_text(self.language))))

    def _asked(self, ask: Ask) -> None:
        same = isinstance(self.current, Ask) and self.current.step_id == ask.step_id
        if not same:  # a multi-choice toggle asks the same step again: no new message for it
            self._settle_question()
        self.current = ask

    def _settle_question(self) -> None:
        """The question being left goes into the conversation, as it stays in a chat."""
        if isinstance(self.current, Ask):
            self.lines.append(Line("bot", safe_html(self.current.text)))
        self.current = None

    def answered(self, words: str) -> None:
        self._settle_question()
        self.lines.append(Line("you", Markup.escape(words)))

    def buttons(self) -> tuple[Button, ...]:
        if isinstance(self.current, Ask):
            return self.current.buttons
        if isinstance(self.current, TimerStarted):
            return (self.current.stop_button,)
        return ()


class PreviewStore:
    """The previews in progress, in memory: at most MAX_PER_THERAPIST each and MAX_PREVIEWS in all (the
    least recently used go first), each gone after IDLE_SECONDS unused. A restart forgets them all."""

    def __init__(self, clock: Callable[[], float], idle: float = IDLE_SECONDS, limit: int = MAX_PREVIEWS,
                 per_therapist: int = MAX_PER_THERAPIST) -> None:
        self._clock = clock
        self._idle = idle
        self._limit = limit
        self._per_therapist = per_therapist
        self._runs: OrderedDict[str, PreviewRun] = OrderedDict()

    def __len__(self) -> int:
        return len(self._runs)

    def start(self, owner: int, flow: Flow, source: str, language: str) -> PreviewRun:
        self._expire()
        mine = [token for token, run in self._runs.items() if run.owner == owner]
        for token in mine[:max(0, len(mine) - self._per_therapist + 1)]:
            del self._runs[token]
        while len(self._runs) >= self._limit:
            self._runs.popitem(last=False)
        now = self._clock()
        engine = FlowEngine(flow)
        session, effects = engine.start(language, now)
        run = PreviewRun(secrets.token_urlsafe(24), owner, engine, session, source, session.language, now)
        run.show(effects)
        self._runs[run.token] = run
        return run

    def get(self, token: str, owner: int) -> PreviewRun | None:
        """The therapist's own preview, if it has not expired."""
        self._expire()
        run = self._runs.get(token)
        if run is None or run.owner != owner:
            return None
        run.touched = self._clock()
        self._runs.move_to_end(token)
        return run

    def _expire(self) -> None:
        cutoff = self._clock() - self._idle
        for token in [t for t, run in self._runs.items() if run.touched <= cutoff]:
            del self._runs[token]


@dataclass(frozen=True, slots=True)
class Press:
    """What the preview page posted: a button by its place, a typed answer, a command, or a timer let run
    out. `seq` is the question the page showed: a page older than the question now is stale. While paused,
    only commands are taken (as in the terminal): an answer would resume the exercise unasked."""

    seq: int
    button: int | None = None
    text: str | None = None
    command: str | None = None
    finish_timer: bool = False


def act(run: PreviewRun, press: Press, now: float) -> None:
    """Applies one press to the preview through the engine, and keeps what it shows."""
    at = now + run.shift
    if press.command is not None:
        if press.command in COMMANDS:
            run.show(run.engine.handle(run.session, CommandIssued(press.command, at)))
        return
    if press.seq != run.session.seq or run.paused:
        return  # a page left behind (another tab, the browser's back): the current question shows again
    if press.finish_timer and isinstance(run.current, TimerStarted) and not run.paused:
        timer = run.current
        end = timer.started_at + sum(p.seconds for p in timer.phases) * timer.repeat
        run.shift += max(0.0, end - at)
        run.show(run.engine.handle(run.session, TimerTick(end)))
        return
    event: Event | None = None
    buttons = run.buttons()
    if press.button is not None and 0 <= press.button < len(buttons):
        button = buttons[press.button]
        words = plain_text(button.label)
        if button.kind == "option":
            event = OptionChosen(run.session.seq, button.value, at)
        else:
            event = ActionChosen(run.session.seq, button.value, at, button.arg)  # type: ignore[arg-type]
        if not (isinstance(run.current, Ask) and run.current.kind == "multi_choice" and button.kind == "option"):
            run.answered(words)
    elif press.text is not None and isinstance(run.current, Ask) and run.current.accepts_text:
        text = press.text.strip()[:MAX_ANSWER]
        if not text:
            return
        run.answered(text)
        event = TextEntered(text, at)
    if event is not None:
        run.show(run.engine.handle(run.session, event))
