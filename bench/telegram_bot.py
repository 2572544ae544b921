"""Telegram benchmark: the durable bot (every answer committed with the session state before the next question
is sent) against a conventional python-telegram-bot ConversationHandler bot kept in memory (bench/baseline_bot.py),
both as their own processes, both driven over HTTP by simulated clients through the local Bot API stand-in.

    python bench/telegram_bot.py [--clients 20 100 200] [--db sqlite|postgres] [--quick]
        [--bots durable baseline] [--no-memory] [--reseed] [--py-spy PATH]

About 4-5 minutes by default on 2 cores (the first run also seeds 10,000 sessions, about a minute, kept in
--cache-dir for later runs); --quick (20 clients) about a minute once the seeded database is cached.

For each number of clients N, every client consents, opens the thought record from /practice and then walks it
to its `done_eased` end (14 answers), answering the moment each question arrives. One extra client walks it first
as a warm-up. Printed per bot:
  steps/s      answers processed per second across all clients, over the measured window (first answer of
               any client to the last client's final message)
  p50/p99 ms   from a client's answer (its update created at the stand-in) to the bot's next message in that
               chat (stamped when the stand-in receives it)
  CPU ms/st    the bot process's user+system CPU (/proc/<pid>/stat, all threads) over the window, per answer
  bot/bench/others %  CPU over the window in % of one core: the bot process, this process (the stand-in and
               the clients), and everything else on the machine (which should be near 0 for clean figures)
  peak MB      the bot process's VmHWM (/proc/<pid>/status)
  busier       which of the bot and this process used more CPU, so a saturated stand-in shows
Then the memory figure: the durable bot's RSS idle on an empty database, and with 10,000 active sessions seeded
into its SQLite file through bot.storage (each consented, at the thought record's first text question, marked
delivered), after 200 of those clients have each answered that question; and, for comparison, the same 200
answers with only 200 sessions seeded.

Targets: durable >= 1.0x baseline steps/s and <= baseline p99; 10,000 active sessions add <= 20 MB RSS.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import hashlib
import logging
import os
import re
import shutil
import signal
import statistics
import sys
import tempfile
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from botproc import (
    ROOT,
    BotKind,
    BotProcess,
    cpu_seconds,
    machine_busy_seconds,
    memory,
    postgres_database,
    postgres_reachable,
)

from bot.conversation.presenter import button_label
from bot.engine import FlowEngine
from bot.engine.effects import Ask, Effect, Ended
from bot.engine.events import ActionChosen, OptionChosen, TextEntered
from bot.flow_dirs import SHIPPED_FLOWS
from bot.flowspec import load_flow_file
from bot.flowspec.model import Flow
from bot.storage import open_store
from tests.support.telegram_api import MessageView, SimulatedUser, TelegramStandIn
from tests.support.telegram_api.chats import ChatEvent
from tests.support.walker import explore, same_choice

TOKEN = "987654321:AAE-bench-token-for-the-stand-in"
FLOW_FILE = SHIPPED_FLOWS / "thought_record.yaml"
END = "done_eased"
REPLY_TIMEOUT = 60.0  # seconds one client waits for one reply before the run is declared failed
RUN_TIMEOUT = 600.0  # seconds for each part of one run (setup, measured walk)
SEEDED_SESSIONS = 10_000
ANSWERING_SEEDED = 200
CLIENT_IDS = 7_700_000_000
SEEDED_IDS = 7_800_000_000

# What the clients write, by step; anything else gets the walker's sample text.
ANSWERS = {
    "situation": "Tuesday, 8 pm, at home, reading a message from my manager about the report",
    "mood_name": "anxious",
    "automatic_thought": "I always mess things up and everyone will notice",
    "evidence_for": "There was a mistake in the figures on page 3",
    "evidence_against": "My manager asked me to lead the next project; the last four reports were fine",
    "balanced_thought": "I made a mistake in one report, and my manager still trusts me with important work",
}


# --- the clients' script --------------------------------------------------------------------------

@dataclass(frozen=True)
class Action:
    kind: Literal["text", "press"]
    value: str  # the text to send, or the label of the button to press
    expect: str  # the start of the bot's reply (its plain text)


def plain(html_text: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", html_text)).replace("&lt;", "<").replace(
        "&gt;", ">").replace("&amp;", "&").strip()


def _reply_text(effects: list[Effect]) -> str:
    for effect in effects:
        if isinstance(effect, Ask) or (isinstance(effect, Ended) and effect.text):
            return plain(effect.text or "")
    raise AssertionError(f"no question or end text in {effects}")


def client_script(flow: Flow) -> tuple[str, list[Action]]:
    """The first question, and each answer on the path to END with the start of the reply it gets. The
    path comes from the walker; the replica engine only supplies what the client expects to see."""
    engine = FlowEngine(flow)
    path = explore(engine, "en").ends[END]
    session, effects = engine.start("en", 1_000.0)
    first = _reply_text(effects)
    prompt = [e for e in effects if isinstance(e, Ask)][-1]
    actions: list[Action] = []
    for step_event in path:
        event = same_choice(step_event, prompt)  # the hot thought is picked from the thoughts written above
        if isinstance(event, TextEntered):
            text = ANSWERS.get(prompt.step_id, event.text)
            event = TextEntered(text, event.at)
            kind: Literal["text", "press"] = "text"
            value = text
        elif isinstance(event, OptionChosen | ActionChosen):
            kind, value = "press", _label(prompt, event)
        else:
            raise AssertionError(f"the thought record has no {event}")
        effects = engine.handle(session, event)
        actions.append(Action(kind, value, _reply_text(effects)))
        asks = [e for e in effects if isinstance(e, Ask)]
        prompt = asks[-1] if asks else prompt
    assert session.status == "completed" and session.state == END, session.state
    return first, actions


def _label(prompt: Ask, event: OptionChosen | ActionChosen) -> str:
    wanted = event.value if isinstance(event, OptionChosen) else event.action
    for button in prompt.buttons:
        if button.value == wanted and (not isinstance(event, ActionChosen) or button.arg == event.arg):
            return button_label(button, prompt.kind)
    raise AssertionError(f"no button for {event} in {prompt.buttons}")


def _matches(message: MessageView, expected: str) -> bool:
    shown = plain(message.source or message.text)
    return shown[:60] == expected[:60]


# --- one measured run -----------------------------------------------------------------------------

@dataclass
class Stamps:
    """When the stand-in received each message the bot sent (or edited) in each chat, by inbox position."""

    by_chat: dict[int, list[float]] = field(default_factory=dict)

    def watch(self, tg: TelegramStandIn, user: SimulatedUser) -> None:
        chat = tg._state.chats[user.id]
        stamps = self.by_chat.setdefault(user.id, [])
        record = chat.record

        def stamped(event: ChatEvent) -> None:
            if event.actor == "bot" and event.kind in {"message", "edit"} and event.view is not None:
                stamps.append(time.perf_counter())  # the same condition as the chat's inbox
            record(event)

        chat.record = stamped  # type: ignore[method-assign]

    def of_last_read(self, tg: TelegramStandIn, user: SimulatedUser) -> float:
        return self.by_chat[user.id][tg._state.chats[user.id].inbox_read - 1]


@dataclass
class Result:
    bot: str
    clients: int
    steps: int
    seconds: float
    latencies: list[float]
    bot_cpu: float
    bench_cpu: float
    other_cpu: float  # every other process on the machine: anything much above 0 disturbs the figures
    peak_rss_kb: int
    started_in: float
    mismatches: list[str]

    @property
    def steps_per_second(self) -> float:
        return self.steps / self.seconds

    def percentile(self, q: int) -> float:
        if len(self.latencies) < 2:
            return self.latencies[0] if self.latencies else float("nan")
        return statistics.quantiles(self.latencies, n=100, method="inclusive")[q - 1]


async def consent_and_open(user: SimulatedUser, first_question: str) -> MessageView:
    """/start, agree, /practice, open the thought record: returns its first question."""
    await user.send("/start")
    welcome = await user.next_message(REPLY_TIMEOUT)
    await user.press(welcome, welcome.button_texts[0])
    thanks = await user.next_message(REPLY_TIMEOUT)
    assert "/practice" in thanks.text, thanks.text
    await user.send("/practice")
    catalogue = await user.next_message(REPLY_TIMEOUT)
    button = next(t for t in catalogue.button_texts if t.startswith("Thought record · "))
    await user.press(catalogue, button)
    question = await user.next_message(REPLY_TIMEOUT)
    if not _matches(question, first_question):
        raise AssertionError(f"user {user.id}: expected {first_question[:60]!r}, got {question.text[:60]!r}")
    return question


async def walk(tg: TelegramStandIn, user: SimulatedUser, question: MessageView, script: list[Action],
               stamps: Stamps, latencies: list[float], mismatches: list[str]) -> None:
    """Answers each question the moment it arrives, to the end of the flow."""
    for action in script:
        sent = time.perf_counter()
        try:
            if action.kind == "text":
                await user.send(action.value)
            else:
                await user.press(question, action.value)
            question = await user.next_message(REPLY_TIMEOUT)
        except (LookupError, TimeoutError) as error:
            chat = "\n".join(user.transcript().splitlines()[-8:])
            raise RuntimeError(f"user {user.id} could not {action.kind} {action.value[:40]!r} ({error!s:.200}); "
                               f"the end of the chat:\n{chat}") from None
        latencies.append(stamps.of_last_read(tg, user) - sent)
        if not _matches(question, action.expect):
            mismatches.append(f"user {user.id} after {action.value[:30]!r}: expected {action.expect[:60]!r}, "
                              f"got {plain(question.source or question.text)[:60]!r}")


@contextlib.asynccontextmanager
async def profiled(py_spy: str | None, pid: int, output: Path) -> AsyncIterator[None]:
    """With a py-spy binary: samples the bot process (idle too) while the block runs, as collapsed stacks."""
    if py_spy is None:
        yield
        return
    sampler = await asyncio.create_subprocess_exec(
        py_spy, "record", "--pid", str(pid), "--format", "raw", "--idle", "--rate", "250", "-o", str(output),
        stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.DEVNULL)
    await asyncio.sleep(1.0)  # attached
    try:
        yield
    finally:
        sampler.send_signal(signal.SIGINT)
        try:
            await asyncio.wait_for(sampler.wait(), 30)
        except TimeoutError:
            sampler.kill()
            await sampler.wait()
        print(f"      (py-spy profile of the {pid} process: {output})", flush=True)


async def run_clients(kind: BotKind, clients: int, database_url: str, workdir: Path,
                      first: str, script: list[Action], py_spy: str | None = None,
                      profile_dir: Path | None = None) -> Result:
    async with TelegramStandIn.start(token=TOKEN) as tg, BotProcess(kind, tg, database_url, workdir) as bot:
        stamps = Stamps()
        warmup = tg.user(CLIENT_IDS - 1, "Warm-up")
        stamps.watch(tg, warmup)
        await walk(tg, warmup, await consent_and_open(warmup, first), script, stamps, [], [])

        users = [tg.user(CLIENT_IDS + n, f"Client {n}") for n in range(clients)]
        for user in users:
            stamps.watch(tg, user)
        async with asyncio.timeout(RUN_TIMEOUT):
            questions = await asyncio.gather(*(consent_and_open(user, first) for user in users))

        latencies: list[float] = []
        mismatches: list[str] = []
        profile = (profile_dir or Path(".")) / f"{kind}-{clients}.collapsed.txt"
        async with profiled(py_spy, bot.pid, profile):
            bot_cpu, bench_cpu, machine_cpu = cpu_seconds(bot.pid), cpu_seconds(), machine_busy_seconds()
            started = time.perf_counter()
            async with asyncio.timeout(RUN_TIMEOUT):
                await asyncio.gather(*(walk(tg, user, question, script, stamps, latencies, mismatches)
                                       for user, question in zip(users, questions, strict=True)))
            seconds = time.perf_counter() - started
            bot_cpu, bench_cpu = cpu_seconds(bot.pid) - bot_cpu, cpu_seconds() - bench_cpu
            other_cpu = max(0.0, machine_busy_seconds() - machine_cpu - bot_cpu - bench_cpu)
        peak = memory(bot.pid).hwm_kb
        return Result(kind, clients, len(latencies), seconds, latencies, bot_cpu, bench_cpu, other_cpu, peak,
                      bot.started_in, mismatches)


# --- the memory figure ----------------------------------------------------------------------------

async def seed_sessions(database: Path, flow: Flow, count: int) -> None:
    """`count` people who consented, each with an active thought record at its first text question, the
    question marked delivered (so a restart re-sends nothing)."""
    source = FLOW_FILE.read_text(encoding="utf-8")
    engine = FlowEngine(flow)
    store = await open_store(f"sqlite:///{database}")
    try:
        for batch in range(0, count, 100):
            async with store.transaction() as tx:
                version_id = await tx.flow_versions.ensure(flow.id, flow.version, source)
                for n in range(batch, min(batch + 100, count)):
                    at = time.time()
                    person = await tx.people.get_or_create(SEEDED_IDS + n)
                    await tx.people.give_consent(person.id)
                    session, effects = engine.start("en", at)
                    welcome = [e for e in effects if isinstance(e, Ask)][-1]
                    engine.handle(session, OptionChosen(welcome.seq, "start", at))  # now at "situation"
                    row = await tx.sessions.start(person.id, version_id, session.to_json(), session.state)
                    await tx.sessions.mark_delivered(row.id, session.seq)
    finally:
        await store.close()


def _seed_key(count: int) -> str:
    """Changes with the flow, the storage and engine code, and this file: a seeded database is reused only
    while all of them are as they were when it was made."""
    digest = hashlib.sha256(f"{count}:{SEEDED_IDS}".encode())
    for path in [FLOW_FILE, Path(__file__), *sorted((ROOT / "bot" / "storage").rglob("*.py")),
                 *sorted((ROOT / "bot" / "engine").rglob("*.py"))]:
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


async def seeded_database(target: Path, flow: Flow, count: int, cache: Path | None) -> str:
    """A copy of a database seeded with `count` sessions at `target`; seeding 10,000 through bot.storage
    takes about a minute, so the seeded file is kept in `cache` for later runs. Returns how it was made."""
    cached = cache / f"seeded-{count}-{_seed_key(count)}.sqlite3" if cache is not None else None
    if cached is not None and cached.is_file():
        shutil.copyfile(cached, target)
        return f"copied from {cached}"
    began = time.perf_counter()
    await seed_sessions(target, flow, count)
    made = f"seeded through bot.storage in {time.perf_counter() - began:.1f} s"
    if cached is not None:
        cached.parent.mkdir(parents=True, exist_ok=True)
        for old in cached.parent.glob(f"seeded-{count}-*.sqlite3"):
            old.unlink()
        shutil.copyfile(target, cached)
    return made


@dataclass
class MemoryFigure:
    label: str
    rss_kb: int
    hwm_kb: int
    started_in: float
    answered: int = 0
    seconds_to_answer: float = 0.0


async def durable_memory(label: str, database: Path, workdir: Path, answering: int, expect: str,
                         settle: float = 2.0) -> MemoryFigure:
    async with TelegramStandIn.start(token=TOKEN) as tg, \
            BotProcess("durable", tg, f"sqlite:///{database}", workdir) as bot:
        users = [tg.user(SEEDED_IDS + n, f"Seeded {n}") for n in range(answering)]

        async def answer(user: SimulatedUser) -> None:
            await user.send(ANSWERS["situation"])
            reply = await user.next_message(REPLY_TIMEOUT)
            if not _matches(reply, expect):
                raise AssertionError(f"seeded user {user.id}: expected {expect[:50]!r}, got {reply.text[:50]!r}")

        began = time.perf_counter()
        async with asyncio.timeout(RUN_TIMEOUT):
            await asyncio.gather(*(answer(user) for user in users))
        answered_in = time.perf_counter() - began
        await asyncio.sleep(settle)
        now = memory(bot.pid)
        return MemoryFigure(label, now.rss_kb, now.hwm_kb, bot.started_in, answering, answered_in)


async def memory_figures(flow: Flow, root: Path, cache: Path | None) -> list[MemoryFigure]:
    engine = FlowEngine(flow)
    session, effects = engine.start("en", 1_000.0)
    welcome = [e for e in effects if isinstance(e, Ask)][-1]
    engine.handle(session, OptionChosen(welcome.seq, "start", 1_001.0))
    after_situation = _reply_text(engine.handle(session, TextEntered(ANSWERS["situation"], 1_002.0)))

    figures = [await durable_memory("idle, empty database", root / "empty.sqlite3", root, 0, "")]
    for count in (ANSWERING_SEEDED, SEEDED_SESSIONS):
        database = root / f"seeded_{count}.sqlite3"
        made = await seeded_database(database, flow, count, cache)
        print(f"  ({count:,} active sessions: {made})", flush=True)
        figures.append(await durable_memory(
            f"{count:,} active sessions, {ANSWERING_SEEDED} answered", database, root, ANSWERING_SEEDED,
            after_situation))
    return figures


# --- output ---------------------------------------------------------------------------------------

def _mb(kb: int) -> float:
    return kb / 1024


def print_header(args: argparse.Namespace) -> None:
    print("Telegram bot benchmark: durable (committed per answer) vs baseline (PTB ConversationHandler, in memory)")
    print("Targets: durable >= 1.0x baseline steps/s and <= baseline p99 latency; "
          "10,000 active sessions add <= 20 MB RSS")
    print(f"clients {args.clients}, durable database {args.db}, python {sys.version.split()[0]}, "
          f"{len(os.sched_getaffinity(0))} CPUs; one thought record per client "
          f"({END}), answered at once on arrival")
    print("p50/p99: answer -> the bot's next message, at the stand-in; CPU ms/st: bot process CPU per answer; "
          "bot/bench/others %: CPU over the window in % of one core (bench = stand-in + clients; others = the "
          "rest of the machine)", flush=True)
    if args.db == "postgres":
        print("PostgreSQL's own server processes count under others %, not under the bot's CPU.", flush=True)
    print(flush=True)


ROW = "{:>5} {:<9} {:>8} {:>8} {:>8} {:>10} {:>6} {:>8} {:>8} {:>8}  {}"


def print_rows_header() -> None:
    print(ROW.format("N", "bot", "steps/s", "p50 ms", "p99 ms", "CPU ms/st", "bot %", "bench %", "others %",
                     "peak MB", "busier"))


def print_row(result: Result) -> None:
    bot_share = 100 * result.bot_cpu / result.seconds
    bench_share = 100 * result.bench_cpu / result.seconds
    other_share = 100 * result.other_cpu / result.seconds
    busier = "bot" if bot_share >= bench_share else "bench"
    if bench_share >= 90:
        busier += " (bench saturated)"
    if other_share >= 20:
        busier += " (machine not idle: other processes used CPU)"
    print(ROW.format(result.clients, result.bot, f"{result.steps_per_second:.0f}",
                     f"{1000 * result.percentile(50):.1f}", f"{1000 * result.percentile(99):.1f}",
                     f"{1000 * result.bot_cpu / result.steps:.2f}", f"{bot_share:.0f}", f"{bench_share:.0f}",
                     f"{other_share:.0f}", f"{_mb(result.peak_rss_kb):.0f}", busier), flush=True)
    for line in result.mismatches[:3]:
        print(f"      MISMATCH {line}")


def verdict(durable: Result, baseline: Result) -> str:
    ratio = durable.steps_per_second / baseline.steps_per_second
    p99_ok = durable.percentile(99) <= baseline.percentile(99)
    return (f"{'':>5} durable/baseline: {ratio:.2f}x steps/s ({'meets' if ratio >= 1.0 else 'MISSES'} >= 1.0x), "
            f"p99 {1000 * durable.percentile(99):.1f} vs {1000 * baseline.percentile(99):.1f} ms "
            f"({'meets' if p99_ok else 'MISSES'} <= baseline)")


def print_memory(figures: list[MemoryFigure]) -> None:
    print("\nDurable bot memory (SQLite; RSS = VmRSS after the answers and 2 s idle; peak = VmHWM):")
    for figure in figures:
        answered = f", {figure.answered} answers in {figure.seconds_to_answer:.1f} s" if figure.answered else ""
        print(f"  {figure.label:<40} RSS {_mb(figure.rss_kb):6.1f} MB   peak {_mb(figure.hwm_kb):6.1f} MB   "
              f"(ready in {figure.started_in:.1f} s{answered})")
    empty, control, full = figures[0], figures[1], figures[-1]
    added = _mb(full.rss_kb - empty.rss_kb)
    print(f"  10,000 active sessions add {added:.1f} MB RSS over the idle empty bot "
          f"({'meets' if added <= 20 else 'MISSES'} <= 20 MB); peak +{_mb(full.hwm_kb - empty.hwm_kb):.1f} MB")
    print(f"  (the same 200 answers with {ANSWERING_SEEDED} sessions instead of 10,000: "
          f"{_mb(full.rss_kb - control.rss_kb):+.1f} MB RSS, {_mb(full.hwm_kb - control.hwm_kb):+.1f} MB peak "
          f"— the part due to the 9,800 sessions nobody touched)")


# --- main -----------------------------------------------------------------------------------------

async def main_async(args: argparse.Namespace) -> int:
    flow = load_flow_file(FLOW_FILE).flow
    assert flow is not None
    first, script = client_script(flow)
    print_header(args)
    failed = False
    with tempfile.TemporaryDirectory(prefix="cbt-bench-") as tmp:
        root = Path(tmp)
        if args.db == "postgres" and (why := await postgres_reachable()) is not None:
            print(f"PostgreSQL at 127.0.0.1:5432 is unreachable ({why}): skipping the throughput runs.\n")
        else:
            print_rows_header()
            for clients in args.clients:
                results: dict[str, Result] = {}
                for kind in args.bots:
                    workdir = root / f"{kind}-{clients}"
                    workdir.mkdir()
                    if kind == "durable" and args.db == "postgres":
                        async with postgres_database() as url:
                            results[kind] = await run_clients(kind, clients, url, workdir, first, script,
                                                              args.py_spy, args.profile_dir)
                    else:
                        url = f"sqlite:///{workdir / 'bot.sqlite3'}"
                        results[kind] = await run_clients(kind, clients, url, workdir, first, script,
                                                          args.py_spy, args.profile_dir)
                    print_row(results[kind])
                    failed |= bool(results[kind].mismatches)
                if len(results) == 2:
                    print(verdict(results["durable"], results["baseline"]), flush=True)
        if not args.no_memory:
            print_memory(await memory_figures(flow, root, None if args.reseed else args.cache_dir))
    return 1 if failed else 0


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--clients", type=int, nargs="+", default=[20, 100, 200], help="numbers of clients")
    parser.add_argument("--db", choices=("sqlite", "postgres"), default="sqlite", help="the durable bot's database")
    parser.add_argument("--quick", action="store_true", help="20 clients only (about a minute)")
    parser.add_argument("--no-memory", action="store_true", help="skip the 10,000-session memory figure")
    parser.add_argument("--cache-dir", type=Path, default=Path(tempfile.gettempdir()) / "cbt-bench-cache",
                        help="where the seeded 10,000-session database is kept between runs")
    parser.add_argument("--reseed", action="store_true", help="seed the sessions afresh (and do not cache them)")
    parser.add_argument("--bots", nargs="+", choices=("durable", "baseline"), default=["durable", "baseline"],
                        help="which bots to run (default both)")
    parser.add_argument("--py-spy", metavar="PATH", help="a py-spy binary: sample each bot over its measured window "
                        "(slows the bot; for finding where time goes, not for the figures)")
    parser.add_argument("--profile-dir", type=Path, default=Path(tempfile.gettempdir()) / "cbt-bench-profiles",
                        help="where --py-spy writes collapsed stacks")
    args = parser.parse_args(argv)
    if args.py_spy:
        args.profile_dir.mkdir(parents=True, exist_ok=True)
    if args.quick:
        args.clients = [20]
    if any(n < 1 or n > 1000 for n in args.clients):
        parser.error("--clients: 1 to 1000")
    return args


def main(argv: list[str] | None = None) -> int:
    # A bot stopping with a request half-sent makes aiohttp log a traceback; it is not the benchmark's concern.
    logging.getLogger("aiohttp.server").setLevel(logging.CRITICAL)
    return asyncio.run(main_async(parse_args(argv)))


if __name__ == "__main__":
    sys.exit(main())
