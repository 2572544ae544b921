"""Runs one flow in a terminal: effects printed as text, lines typed turned into engine events.

Buttons are numbered where a question is answered by buttons (choice, multi-choice, summary), and a
multi-choice takes several numbers in one line; on text and scale questions a typed line is the answer and
control buttons are typed as `/skip`, `/stop`... While paused, only commands are taken: a line typed then
is not an answer.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from bot.console.clock import Clock
from bot.console.plain_text import to_plain_text
from bot.console.texts import console_text
from bot.engine import FlowEngine
from bot.engine.effects import (
    Ask,
    Button,
    CrisisAnswer,
    Effect,
    Ended,
    Paused,
    PlayAudio,
    Say,
    SosRequested,
    TimerProgress,
    TimerStarted,
)
from bot.engine.events import ActionChosen, CommandIssued, Event, OptionChosen, TextEntered, TimerTick
from bot.engine.session import Session
from bot.flowspec.texts import localize
from bot.safety.static_resources import static_sos_text
from bot.therapist.texts import measure_name

COMMANDS = ("back", "pause", "resume", "cancel", "help", "sos")
QUIT = ("quit", "exit")
NUMBERED_KINDS = ("choice", "multi_choice", "summary", "button")


@dataclass
class Terminal:
    read_line: Callable[[], str | None]  # None at end of input
    write: Callable[[str], None]
    live: bool = False  # a real terminal: the timer counts down in place


class _Quit(Exception):  # noqa: N818 (a signal, not an error)
    pass


class ConsoleRun:
    def __init__(self, engine: FlowEngine, terminal: Terminal, clock: Clock, language: str,
                 titles: dict[str, str] | None = None) -> None:
        self.engine = engine
        self.titles = titles if titles is not None else shipped_titles(language)  # flow id -> title, for follow-ups
        self.terminal = terminal
        self.clock = clock
        self.language = language
        self.current: Ask | TimerStarted | None = None
        self._last_progress: tuple[str, int] | None = None
        self._line_open = False  # a live count-down line is being rewritten in place

    def run(self) -> int:
        title = self.engine.flow.title
        self._print(f"== {title if isinstance(title, str) else title.get(self.language, '')} ==")
        self._print(self._text("commands"))
        session, effects = self.engine.start(self.language, self.clock.now())
        self._show(effects)
        try:
            while session.status in ("active", "paused"):
                self._step(session)
        except _Quit:
            self._print(self._text("quit"))
        return 0

    def _step(self, session: Session) -> None:
        if session.status == "active" and isinstance(self.current, TimerStarted):
            self._run_timer(session)
            return
        line = self.terminal.read_line()
        if line is None:
            raise _Quit
        line = line.strip()
        if session.status == "paused" and not (line.startswith("/") and
                                                line[1:].strip().lower() in (*COMMANDS, *QUIT)):
            self._print(self._text("still_paused"))  # the engine would take it as an answer, and resume
            return
        events = self._events_for(line)
        for number, event in enumerate(events, 1):
            effects = self.engine.handle(session, event)
            if number < len(events):  # one of several options typed at once: the list is shown once, after
                effects = [e for e in effects if not isinstance(e, Ask)]
            self._show(effects)

    def _run_timer(self, session: Session) -> None:
        timer = self.current
        assert isinstance(timer, TimerStarted)
        try:
            while self.current is timer and session.status == "active":
                self.clock.sleep(1)
                self._show(self.engine.handle(session, TimerTick(self.clock.now())))
        except KeyboardInterrupt:
            self._show(self.engine.handle(session, ActionChosen(timer.seq, "stop", self.clock.now())))

    def _events_for(self, line: str) -> list[Event]:
        """What a typed line means here; none when the line is answered by the terminal itself."""
        now = self.clock.now()
        if line.startswith("/"):
            return self._slash(line[1:].strip().lower(), now)
        pressed = self._numbered_buttons(line)
        if pressed is None:
            return []
        if pressed:
            return [_press(button, self._seq(), now) for button in pressed]
        return [TextEntered(line, now)]

    def _slash(self, word: str, now: float) -> list[Event]:
        if word in QUIT:
            raise _Quit
        if word in COMMANDS:
            return [CommandIssued(word, now)]  # type: ignore[arg-type]
        for button in self._buttons():
            if button.kind == "action" and button.value == word:
                return [_press(button, self._seq(), now)]
        self._print(self._text("commands"))
        return []

    def _numbered_buttons(self, line: str) -> list[Button] | None:
        """The buttons a line of numbers presses: one on any numbered question; on a multi-choice, several
        options (and a last control, such as Done). Empty: the line is not numbers, so it is text. None:
        numbers that press nothing, which the terminal explains itself."""
        if not (isinstance(self.current, Ask) and self.current.kind in NUMBERED_KINDS):
            return []
        words = line.replace(",", " ").split()
        if not words or not all(word.isdigit() for word in words):
            return []
        buttons = self.current.buttons
        numbers = [int(word) for word in words]
        if len(numbers) == 1 or self.current.kind != "multi_choice":  # else the engine's own hint
            return [buttons[numbers[0] - 1]] if len(numbers) == 1 and 1 <= numbers[0] <= len(buttons) else []
        pressed = [buttons[n - 1] for n in numbers if 1 <= n <= len(buttons)]
        if len(pressed) < len(numbers) or any(button.kind != "option" for button in pressed[:-1]):
            self._print(self._text("numbers", count=len(buttons)))
            return None
        return pressed

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
        elif isinstance(effect, PlayAudio):
            self._print(self._text("recording", title=effect.title))
        elif isinstance(effect, Ask):
            self.current = effect
            self._show_ask(effect)
        elif isinstance(effect, TimerStarted):
            self.current = effect
            self._last_progress = None
            total = sum(p.seconds for p in effect.phases) * effect.repeat
            self._print(self._text("timer", seconds=total))
            first = effect.phases[0]
            self._show_progress(TimerProgress(effect.step_id, effect.seq, first.label, first.seconds, 1,
                                              effect.repeat, total))
        elif isinstance(effect, TimerProgress):
            self._show_progress(effect)
        elif isinstance(effect, Ended):
            self.current = None
            self._show_end(effect)
        elif isinstance(effect, Paused):  # the engine's words promise answers saved, as in Telegram
            self._print(self._text("paused"))
        elif isinstance(effect, CrisisAnswer):  # an answer the flow's crisis rule names: crisis help first
            self._print(to_plain_text(static_sos_text(self.language)))
        elif isinstance(effect, SosRequested):
            self._print(to_plain_text(static_sos_text(self.language)))
            if isinstance(self.current, Ask):
                self._show_ask(self.current)

    def _show_ask(self, ask: Ask) -> None:
        self._print(to_plain_text(ask.text))
        if ask.previous:
            self._print("  " + self._text("before", answer=to_plain_text(ask.previous)))
        if ask.kind in NUMBERED_KINDS:
            for number, button in enumerate(ask.buttons, 1):
                mark = "[x] " if button.selected else ("[ ] " if ask.kind == "multi_choice" and
                                                         button.kind == "option" else "")
                self._print(f"  {number}) {mark}{to_plain_text(button.label)}")
            if ask.kind == "multi_choice":
                self._print("  " + self._text("several"))
            return
        options = [b for b in ask.buttons if b.kind == "option"]
        if options:
            self._print("  " + "  ".join(b.label for b in options))
        actions = [f"/{b.value} ({to_plain_text(b.label)})" for b in ask.buttons if b.kind == "action"]
        if actions:
            self._print("  " + self._text("or", actions=", ".join(actions)))

    def _show_progress(self, progress: TimerProgress) -> None:
        line = "  " + self._text("progress", label=to_plain_text(progress.label),
                                 seconds=progress.phase_remaining, cycle=progress.cycle, cycles=progress.cycles)
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
                self._print("  " + self._text("rating", measure=measure_name(measure, self.language),
                                              before=f"{before:g}", after=f"{after:g}"))
        for change in ended.kept:  # the terminal stores nothing: it says what the bot would keep and schedule
            declared = self.engine.flow.keeps.get(change.name)
            kept = localize(declared.label, self.language) if declared is not None else change.name
            self._print("  " + self._text(f"would_keep_{change.operation}", kept=to_plain_text(kept),
                                          items="; ".join(change.texts) or "—"))
        for follow_up in ended.follow_ups:
            self._print("  " + self._text("would_schedule", flow=self.titles.get(follow_up.flow_id, follow_up.flow_id),
                                          days=follow_up.in_days,
                                          time=follow_up.at, note=follow_up.note or "—"))
        kind = ended.outcome if ended.outcome in ("completed", "cancelled") else "other"
        self._print(self._text(f"outcome_{kind}"))

    def _text(self, name: str, **fields: object) -> str:
        return console_text(name, self.language, **fields)

    def _print(self, text: str) -> None:
        if self._line_open:
            self.terminal.write("\n")
            self._line_open = False
        self.terminal.write(text + "\n")


def shipped_titles(language: str) -> dict[str, str]:
    """The shipped flows' titles, which a follow-up names (the terminal runs one file and schedules nothing)."""
    from bot.flow_dirs import SHIPPED_FLOWS
    from bot.flowspec import load_catalogue

    return {fid: to_plain_text(localize(flow.title, language))
            for fid, flow in load_catalogue([SHIPPED_FLOWS]).flows.items()}


def _press(button: Button, seq: int, now: float) -> Event:
    if button.kind == "option":
        return OptionChosen(seq, button.value, now)
    return ActionChosen(seq, button.value, now, button.arg)  # type: ignore[arg-type]
