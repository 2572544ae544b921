"""The real bot (python-telegram-bot over HTTP, storage on a SQLite file) against the local Bot API
stand-in, plus a simulated client whose every expectation comes from a replica of the engine."""

from __future__ import annotations

import asyncio
import contextlib
import re
import socket
import time
from dataclasses import dataclass, field
from pathlib import Path

from bot.conversation.presenter import button_label
from bot.engine import FlowEngine
from bot.engine.effects import Ask, Effect, Ended, Paused, PlayAudio, Say, TimerStarted
from bot.engine.events import ActionChosen, Event, OptionChosen, TextEntered, TimerTick
from bot.engine.session import Session
from bot.flowspec.model import Flow
from bot.flowspec.texts import localize
from bot.safety.crisis import Assessment
from bot.safety.detector import assess
from bot.settings import load_settings
from bot.transport.app import serve
from tests.support.telegram_api import MessageView, SimulatedUser, TelegramStandIn
from tests.support.walker import same_choice

TOKEN = "987654321:AAE-e2e-token-for-the-stand-in"
_FORCED = re.compile(r"^\[(check_in|sos) (self|others|home|someone_else)\] ")


def forced(response: str, category: str, words: str) -> str:
    """A message the test bot's detector reads as `response` for `category`, whatever the phrase rules say:
    the conversation is tested apart from detection, which has its own tests."""
    return f"[{response} {category}] {words}"


def forcing_detector(text: str, language: str | None) -> Assessment:
    found = _FORCED.match(text)
    if found is None:
        return assess(text, language)
    return Assessment(found[1], found[2], (f"test.{found[1]}.{found[2]}",))  # type: ignore[arg-type]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class MovableClock:
    """Real time, sped up (a 160 s breathing timer takes 1.6 s at speed 100), and movable: a test jumps
    ahead to the hour a reminder is due."""

    def __init__(self, speed: float = 1.0) -> None:
        self.origin = time.time()
        self.speed = speed
        self.offset = 0.0

    def __call__(self) -> float:
        return self.origin + (time.time() - self.origin) * self.speed + self.offset

    def advance(self, seconds: float) -> None:
        self.offset += seconds


@dataclass
class RunningBot:
    tg: TelegramStandIn
    database: Path
    speed: float = 1.0
    extra_env: dict[str, str] = field(default_factory=dict)
    clock: MovableClock = field(init=False)
    _stop: asyncio.Event | None = None
    _task: asyncio.Task[None] | None = None

    port: int = field(default_factory=lambda: free_port())  # the dashboard's, in polling mode

    def environ(self) -> dict[str, str]:
        return {
            "PORT": str(self.port),
            "TELEGRAM_BOT_TOKEN": self.tg.token,
            "TELEGRAM_API_BASE_URL": self.tg.base_url,
            "TELEGRAM_API_FILE_URL": self.tg.base_file_url,
            "DATABASE_URL": f"sqlite:///{self.database}",
            **self.extra_env,
        }

    async def start(self) -> None:
        settings = load_settings(self.environ())
        self._stop = asyncio.Event()
        self.clock = MovableClock(self.speed)
        self._task = asyncio.create_task(serve(settings, self._stop, self.clock, poll_timeout=2,
                                               reminder_interval=0.2, detector=forcing_detector))
        # generous: a loaded machine (parallel test runs) may take that long to import and migrate
        await self.tg.wait_until(lambda: bool(self.tg.calls_to("setMyCommands")) or self._task.done(), 30)
        if self._task.done():
            self._task.result()

    async def stop(self) -> None:
        if self._stop is not None and self._task is not None:
            self._stop.set()
            await asyncio.wait_for(self._task, 15)
            self._task = None


async def consent(user: SimulatedUser) -> None:
    await user.send("/start")
    welcome = await user.next_message()
    assert welcome.buttons, "the welcome asks for consent with buttons"
    await user.press(welcome, welcome.button_texts[0])
    thanks = await user.next_message()
    assert "/practice" in thanks.text
    await skip_place(user, await user.next_message())


async def skip_place(user: SimulatedUser, question: MessageView) -> None:
    """The question after consent: where the person is (country and time zone), skipped."""
    assert "where are you" in question.text or "где вы" in question.text, question.text
    await user.press(question, question.button_texts[-1])
    assert "/country" in (await user.next_message()).text


async def invite_link(therapist: SimulatedUser) -> str:
    await therapist.send("/invite")
    found = re.search(r"start=([A-Za-z0-9_-]+)", (await therapist.next_message()).text)
    assert found is not None
    return found.group(1)


async def join(client: SimulatedUser, code: str) -> None:
    """Opens the invitation; someone new agrees to the welcome first, then to the link."""
    await client.start(code)
    question = await client.next_message()
    new = "not a crisis service" in question.text
    if new:
        await client.press(question, "I agree")
        question = await client.next_message()
    await client.press(question, question.button_texts[0])
    assert "linked" in (await client.next_message()).text
    if new:  # the place is asked once the invitation is answered
        await skip_place(client, await client.next_message())


def plain(html_text: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", html_text)).replace("&lt;", "<").replace(
        "&gt;", ">").replace("&amp;", "&").strip()


class MirroredClient:
    """Walks a flow through the bot, checking each message against what a replica engine expects next."""

    def __init__(self, user: SimulatedUser, flow: Flow, language: str) -> None:
        self.user = user
        self.flow = flow
        self.language = language
        self.engine = FlowEngine(flow)
        self.session: Session | None = None
        self.prompt: Ask | TimerStarted | None = None
        self.prompt_message: MessageView | None = None
        self.timer_message_id: int | None = None
        self.seen: list[MessageView] = []

    async def open_with(self, message: MessageView, button_text: str) -> None:
        """Starts the flow by pressing a button (a homework reminder's Start, say)."""
        self.session, effects = self.engine.start(self.language, 0.0)
        await self.user.press(message, button_text)
        await self.expect(effects)

    async def open_from_catalogue(self) -> None:
        await self.user.send("/practice")
        catalogue = await self.user.next_message()
        title = localize(self.flow.title, self.language)
        button = next(t for t in catalogue.button_texts if t.startswith(title + " · "))
        self.session, effects = self.engine.start(self.language, 0.0)
        await self.user.press(catalogue, button)
        await self.expect(effects)

    async def act(self, event: Event) -> None:
        assert self.session is not None
        prompt = self.prompt
        event = same_choice(event, prompt)
        effects = self.engine.handle(self.session, event)
        if isinstance(event, TextEntered):
            await self.user.send(event.text)
        elif isinstance(event, OptionChosen | ActionChosen):
            assert prompt is not None and self.prompt_message is not None
            await self.user.press(self.prompt_message.message_id, self._label(prompt, event))
        elif isinstance(event, TimerTick):
            pass  # the bot's own count-down runs out
        toggled = isinstance(event, OptionChosen) and isinstance(prompt, Ask) and prompt.kind == "multi_choice"
        await self.expect(effects, toggle=toggled)

    async def after_restart(self, within: float = 3.0) -> bool:
        """A restarted bot repeats the current question if it cannot be sure it was delivered; returns
        whether it did (and then that repeat is the message to answer)."""
        try:
            message = await self.user.next_message(timeout=within)
        except TimeoutError:
            return False
        assert "may not have reached you" in message.text, message.text
        assert self.prompt is not None
        expected = self.prompt.text if isinstance(self.prompt, Ask) else self.prompt.phases[0].label
        self.prompt_message = await self._expect_text(expected)
        return True

    def _label(self, prompt: Ask | TimerStarted, event: OptionChosen | ActionChosen) -> str:
        buttons = prompt.buttons if isinstance(prompt, Ask) else (prompt.stop_button,)
        kind = prompt.kind if isinstance(prompt, Ask) else "timer"
        for button in buttons:
            value_matches = button.value == (event.value if isinstance(event, OptionChosen) else event.action)
            arg_matches = not isinstance(event, ActionChosen) or button.arg == event.arg
            if value_matches and arg_matches:
                return button_label(button, kind)
        raise AssertionError(f"no button for {event} in {buttons}")

    async def expect(self, effects: list[Effect], toggle: bool = False) -> None:
        for effect in effects:
            if isinstance(effect, Ask) and toggle:
                edited = await self._next(allow_edit_of=self.prompt_message.message_id if self.prompt_message else None)
                assert edited.message_id == getattr(self.prompt_message, "message_id", None), "toggle edits in place"
                self.prompt, self.prompt_message = effect, edited
            elif isinstance(effect, Ask | TimerStarted):
                expected = effect.text if isinstance(effect, Ask) else effect.phases[0].label
                self.prompt_message = await self._expect_text(expected)
                self.prompt = effect
                self.timer_message_id = self.prompt_message.message_id if isinstance(effect, TimerStarted) else None
            elif isinstance(effect, PlayAudio):  # a voice message (or track) captioned with its title
                recording = await self._next()
                assert (recording.voice if effect.send_as == "voice" else recording.audio) is not None
                assert recording.caption == effect.title
            elif isinstance(effect, Say | Paused) or (isinstance(effect, Ended) and effect.text):
                await self._expect_text(effect.text or "")

    async def _expect_text(self, expected: str) -> MessageView:
        first = await self._next()
        collected = plain(first.source or first.text)
        while not collected.startswith(plain(expected)) and len(collected) < len(plain(expected)):
            more = await self._next()  # a long text arrives in several messages
            collected += " " + plain(more.source or more.text)
        assert collected.startswith(plain(expected)[:200]), f"expected {expected[:120]!r}, got {collected[:120]!r}"
        return self.seen[-1]  # of a text in several messages, the last carries the buttons

    async def _next(self, allow_edit_of: int | None = None) -> MessageView:
        while True:
            message = await self.user.next_message(timeout=10)
            self.seen.append(message)
            is_edit = bool(message.edits) or message.edit_date is not None
            if is_edit and message.message_id == self.timer_message_id and message.message_id != allow_edit_of:
                continue  # a count-down tick
            if allow_edit_of is None:
                assert not is_edit, f"unexpected edit of message {message.message_id}: {message.text[:80]!r}"
            return message


async def wait_quiet(user: SimulatedUser, seconds: float = 0.3) -> None:
    with contextlib.suppress(AssertionError):
        await user.expect_no_message(within=seconds)
