"""Every shipped flow walked in Russian through the terminal, along many paths (answers, wrong answers,
empty lines, several numbers at once, /help, /back, /pause, /sos, /skip...): no line the bot writes
has a word in Latin letters, except /commands, web addresses and the names kept as they are."""

from __future__ import annotations

import random
import re
from collections.abc import Generator

import pytest

from bot.console.clock import FastClock
from bot.console.runner import ConsoleRun, Terminal
from bot.engine import FlowEngine
from bot.engine.effects import Ask
from bot.flow_dirs import SHIPPED_FLOWS
from bot.flowspec import load_catalogue

CATALOGUE = load_catalogue([SHIPPED_FLOWS])
# kept as they are: a chosen option's mark, commands, web addresses, a key, and DEAR MAN, a skill's name
# whose letters head its steps ("D — Опишите...")
ALLOWED = re.compile(r"\[x\]|/[a-z_]+|https?://\S+|Ctrl-C|DEAR MAN|SMART|PHQ-[89]|GAD-7|^[DEARMN](?= — )")
LATIN = re.compile(r"[A-Za-z]")
WORDS = ("лампа", "стол и стул", "мне было тревожно", "я справлюсь", "грусть", "разговор с начальником",
         "он не ответил на сообщение", "попросить о помощи")
WALKS = 12
MAX_LINES = 400


def walk(flow_id: str, seed: int) -> tuple[str, bool]:
    """One walk: everything written, and whether the flow reached an end."""
    rng = random.Random(seed)
    written: list[str] = []
    # the second walk is cancelled at its first question: two answers in, a flow may have ended already (DEAR
    # MAN's safety question ends it when the other person might be dangerous)
    lines = _answers(rng, plain=seed == 0, cancel_at=0 if seed == 1 else None)
    next(lines)  # primed: each `send` gets the question on screen, which decides the answer
    run = ConsoleRun(FlowEngine(CATALOGUE.flows[flow_id]), Terminal(lambda: lines.send(run.current),
                                                                    written.append), FastClock(), "ru")
    run.run()
    return "".join(written), run.current is None


def _answers(rng: random.Random, plain: bool, cancel_at: int | None) -> Generator[str | None, object, None]:
    current = yield None
    for number in range(MAX_LINES):
        if number == cancel_at:
            current = yield "/cancel"
        for line in ([_answer(current, rng)] if plain or rng.random() < 0.7 else _detour(current, rng)):
            current = yield line
    while True:
        current = yield None


def _answer(ask: object, rng: random.Random) -> str:
    if not isinstance(ask, Ask):
        return "/resume"
    if ask.kind in ("text", "other_text"):
        return rng.choice(WORDS)
    options = [n for n, b in enumerate(ask.buttons, 1) if b.kind == "option"]
    if ask.kind == "scale":
        return rng.choice([b.value for b in ask.buttons if b.kind == "option"])
    if ask.kind == "multi_choice":
        done = len(ask.buttons)
        if rng.random() < 0.5:
            return f"{' '.join(str(n) for n in rng.sample(options, min(2, len(options))))} {done}"
        return rng.choice([str(done), str(rng.choice(options)), str(len(ask.buttons) - 1)])
    return str(rng.randint(1, len(ask.buttons)))


def _detour(ask: object, rng: random.Random) -> list[str]:
    kind = ask.kind if isinstance(ask, Ask) else ""
    return rng.choice([
        ["/help"], ["/back"], ["/sos"], [""], ["/nonsense"], ["/skip"], ["1 2"], ["99"], ["1 99"], ["абв"],
        ["/pause", "ответ", "1", "/resume"], ["/pause", "/help", "/resume"],
        ["слово" if kind == "scale" else "1000"], ["а" * 4000],
    ])


@pytest.mark.parametrize("flow_id", sorted(CATALOGUE.flows))
def test_a_russian_walk_writes_no_english(flow_id: str) -> None:
    assert "ru" in CATALOGUE.flows[flow_id].languages
    walks = [walk(flow_id, seed) for seed in range(WALKS)]
    english = {line for out, _ in walks for line in out.splitlines() if LATIN.search(ALLOWED.sub("", line))}
    assert english == set()
    # the walks reach the flow's ends, where its last lines are; the second is cancelled early
    assert sum(ended for _, ended in walks) >= WALKS // 2
    assert "[упражнение остановлено]" in walks[1][0]
