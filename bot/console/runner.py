"""Runs one flow in a terminal: effects printed as text, lines typed turned into engine events.

Buttons are numbered where a question is answered by buttons (choice, multi-choice, summary); on
text and scale questions a typed line is the answer and control buttons are typed as `/skip`, `/stop`...
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from bot.console.clock import Clock
from bot.console.plain_text import to_plain_text
from bot.engine import FlowEngine
from bot.engine.effects import (
    Ask,
    Button,
    Effect,
    Ended,
    Paused,
    Say,
    SosRequested,
    TimerProgress,
    TimerStarted,
)
from bot.engine.events import ActionChosen, CommandIssued, Event, OptionChosen, TextEntered, TimerTick
from bot.engine.session import Session
from bot.safety.static_resources import static_sos_text

COMMANDS = ("back", "pause", "resume", "cancel", "help", "sos")
NUMBERED_KINDS = ("choice", "multi_choice", "summary", "button")
_HINT = "Commands: /back /pause /resume /cancel /help /sos /quit"


@dataclass
class Terminal:
    read_line: Callable[[], str | None]  # None at end of input
    write: Callable[[str], None]
    live: bool = False  # a real terminal: the timer counts down in place


class _Quit(Exception):  # noqa: N818 (a signal, not an error)
    pass


class ConsoleRun:
    def __init__(self, engine: FlowEngine, terminal: Terminal, clock: Clock, language: str) -> None:
        self.engine = engine
        self.terminal = terminal
        self.clock = clock
        self.language = language
        self.current: Ask | TimerStarted | None = None
        self._last_progress: tuple[str, int] | None = None
        self._line_open = False  # a live count-down line is being rewritten in place

    def run(self) -> int:
        title = self.engine.flow.title
        self._print(f"== {title if isinstance(title, str) else title.get(self.language, '')} ==")
        self._print(_HINT)
        session, effects = self.engine.start(self.language, self.clock.now())
        self._show(effects)
        try:
            while session.status in ("active", "paused"):
                self._step(session)
        except _Quit:
            self._print("Stopped. (In the terminal, progress is not kept after you quit.)")
        return 0

    def _step(self, session: Session) -> None:
        if session.status == "active" and isinstance(self.current, TimerStarted):
            self._run_timer(session)
            return
        line = self.terminal.read_line()
        if line is None:
            raise _Quit
        event = self._event_for(line.strip())
        if event is not None:
            self._show(self.engine.handle(session, event))

    def _run_timer(self, session: Session) -> None:
        timer = self.current
        assert isinstance(timer, TimerStarted)
        try:
            while self.current is timer and session.status == "active":
                self.clock.sleep(1)
                self._show(self.engine.handle(session, TimerTick(self.clock.now())))
        except KeyboardInterrupt:
            self._show(self.engine.handle(session, ActionChosen(timer.seq, "stop", self.clock.now())))

    def _event_for(self, line: str) -> Event | None:
        now = self.clock.now()
        if line.startswith("/"):
            return self._slash(line[1:].strip().lower(), now)
        button = self._numbered_button(line)
        if button is not None:
            return _press(button, self._seq(), now)
        return TextEntered(line, now)

    def _slash(self, word: str, now: float) -> Event | None:
        if word in ("quit", "exit"):
            raise _Quit
        if word in COMMANDS:
            return CommandIssued(word, now)  # type: ignore[arg-type]
        for button in self._buttons():
            if button.kind == "action" and button.value == word:
                return _press(button, self._seq(), now)
        self._print(_HINT)
        return None

    def _numbered_button(self, line: str) -> Button | None:
        if not (isinstance(self.current, Ask) and self.current.kind in NUMBERED_KINDS and line.isdigit()):
            return None
        number = int(line)
        buttons = self.current.buttons
        return buttons[number - 1] if 1 <= number <= len(buttons) else None

    def _buttons(self) -> tuple[Button, ...]:
        if isinstance(self.current, Ask):
            return self.current.buttons
        if isinstance(self.current, TimerStarted):
            return (self.current.stop_button,)
        return ()

    def _seq(self) -> int:
        return self.current.seq if self.current is not None else 0

    # --- output --------------------------------------------------------------------------------

    def _show(self, effects: list[Effect]) -> None:
        for effect in effects:
            self._show_one(effect)

    def _show_one(self, effect: Effect) -> None:
        if isinstance(effect, Say):
            self._print(to_plain_text(effect.text))
        elif isinstance(effect, Ask):
            self.current = effect
            self._show_ask(effect)
        elif isinstance(effect, TimerStarted):
            self.current = effect
            self._last_progress = None
            total = sum(p.seconds for p in effect.phases) * effect.repeat
            self._print(f"(timer: {total} s — press Ctrl-C to stop early)")
            first = effect.phases[0]
            self._show_progress(TimerProgress(effect.step_id, effect.seq, first.label, first.seconds, 1,
                                              effect.repeat, total))
        elif isinstance(effect, TimerProgress):
            self._show_progress(effect)
        elif isinstance(effect, Ended):
            self.current = None
            self._show_end(effect)
        elif isinstance(effect, Paused):
            self._print(to_plain_text(effect.text))
            self._print("Type /resume to go on, or /quit.")
        elif isinstance(effect, SosRequested):
            self._print(to_plain_text(static_sos_text(self.language)))
            if isinstance(self.current, Ask):
                self._show_ask(self.current)

    def _show_ask(self, ask: Ask) -> None:
        self._print(to_plain_text(ask.text))
        if ask.previous:
            self._print(f"  (before: {to_plain_text(ask.previous)})")
        if ask.kind in NUMBERED_KINDS:
            for number, button in enumerate(ask.buttons, 1):
                mark = "[x] " if button.selected else ("[ ] " if ask.kind == "multi_choice" and
                                                         button.kind == "option" else "")
                self._print(f"  {number}) {mark}{to_plain_text(button.label)}")
            return
        options = [b for b in ask.buttons if b.kind == "option"]
        if options:
            self._print("  " + "  ".join(b.label for b in options))
        actions = [f"/{b.value} ({to_plain_text(b.label)})" for b in ask.buttons if b.kind == "action"]
        if actions:
            self._print("  or: " + ", ".join(actions))

    def _show_progress(self, progress: TimerProgress) -> None:
        line = (f"  {to_plain_text(progress.label)} · {progress.phase_remaining} s"
                f"  ({progress.cycle}/{progress.cycles})")
        key = (progress.label, progress.cycle)
        if self.terminal.live:
            self.terminal.write(("\n" if key != self._last_progress and self._line_open else "\r")
                                + line.ljust(40))
            self._line_open = True
        elif key != self._last_progress:
            self._print(line)
        self._last_progress = key

    def _show_end(self, ended: Ended) -> None:
        if ended.text:
            self._print(to_plain_text(ended.text))
        for measure, (before, after) in ended.ratings.items():
            if before is not None and after is not None:
                self._print(f"  {measure}: {before:g} → {after:g}")
        self._print(f"[{ended.outcome}]")

    def _print(self, text: str) -> None:
        if self._line_open:
            self.terminal.write("\n")
            self._line_open = False
        self.terminal.write(text + "\n")


def _press(button: Button, seq: int, now: float) -> Event:
    if button.kind == "option":
        return OptionChosen(seq, button.value, now)
    return ActionChosen(seq, button.value, now, button.arg)  # type: ignore[arg-type]
