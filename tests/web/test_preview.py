"""The preview front end (bot/web/preview.py) on the engine alone: every shipped flow walked to its end by
pressing what a page offers (timers let run out, no waiting), markup from a flow or an answer kept inert, and
the in-memory store bounded, expiring and each therapist's own."""

from __future__ import annotations

from bot.conversation.flow_library import FlowLibrary
from bot.engine.effects import Ask, TimerStarted
from bot.flow_dirs import SHIPPED_FLOWS
from bot.web.preview import Press, PreviewRun, PreviewStore, act, safe_html

LIBRARY = FlowLibrary.from_dirs([SHIPPED_FLOWS])


class Clock:
    def __init__(self) -> None:
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


def next_press(run: PreviewRun, visits: dict[str, int]) -> Press:
    """What a person would press to go on: an answer typed, an option (the next one on each visit, so a loop
    is left), Done, Confirm, or the timer let run out."""
    current, seq = run.current, run.session.seq
    if isinstance(current, TimerStarted):
        return Press(seq, finish_timer=True)
    assert isinstance(current, Ask), current
    kinds = [b.kind for b in current.buttons]
    if current.kind in ("text", "other_text"):
        return Press(seq, text="<b>really</b>")  # one word: the mood check-in takes only one
    if current.kind == "multi_choice":
        if any(b.selected for b in current.buttons):
            return Press(seq, button=next(i for i, b in enumerate(current.buttons) if b.value == "done"))
        return Press(seq, button=kinds.index("option"))
    if current.kind == "summary":
        return Press(seq, button=next(i for i, b in enumerate(current.buttons) if b.value == "confirm"))
    visits[current.step_id] = visits.get(current.step_id, -1) + 1
    return Press(seq, button=min(visits[current.step_id], len(current.buttons) - 1))


def test_every_shipped_flow_is_walked_to_its_end_without_waiting() -> None:
    clock = Clock()
    store = PreviewStore(clock)
    for flow in LIBRARY.listing():
        run = store.start(1, flow, LIBRARY.source(flow.id), "ru")
        visits: dict[str, int] = {}
        for _ in range(300):
            if run.ended is not None:
                break
            act(run, next_press(run, visits), clock())
        assert run.ended is not None, flow.id
        assert run.session.status in ("completed", "ended"), flow.id
        assert clock() == 1_000_000.0  # no waiting: a timer ran out on the preview's own time
        assert all("<b>really</b>" not in line.html for line in run.lines)


def test_markup_is_inert_and_only_telegrams_tags_stay() -> None:
    made = safe_html('<b>bold</b> <script>alert(1)</script> <a href="javascript:x">link</a> '
                     '<i onclick="x">i</i> &lt;img src=x onerror=alert(1)&gt; <tg-spoiler>s</tg-spoiler>')
    assert "<script" not in made and "<a" not in made and "onclick" not in made and "<img" not in made
    assert "<b>bold</b>" in made and "<i>i</i>" in made and '<span class="spoiler">s</span>' in made
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in made and "&lt;img src=x onerror=alert(1)&gt;" in made
    assert safe_html("<b>open") == "<b>open</b>"  # nothing left open to spill into the page


def test_previews_are_bounded_expire_and_belong_to_one_therapist() -> None:
    clock = Clock()
    flow = LIBRARY.current("quick_reframe")
    assert flow is not None
    store = PreviewStore(clock, idle=60, limit=4, per_therapist=2)
    first = store.start(1, flow, "", "en")
    second = store.start(1, flow, "", "en")
    third = store.start(1, flow, "", "en")  # the oldest of hers goes
    assert store.get(first.token, 1) is None and store.get(second.token, 1) is second
    assert store.get(third.token, 2) is None  # not another therapist's
    for owner in (2, 3, 4):
        store.start(owner, flow, "", "en")
    assert len(store) == 4
    clock.now += 61
    assert store.get(third.token, 1) is None and len(store) == 0


def test_a_stale_page_or_a_paused_preview_takes_no_answer() -> None:
    clock = Clock()
    flow = LIBRARY.current("quick_reframe")
    assert flow is not None
    run = PreviewStore(clock).start(1, flow, "", "en")
    seq = run.session.seq
    act(run, Press(seq + 5, button=0), clock())  # from an older page: ignored
    assert run.session.seq == seq
    act(run, Press(seq, command="pause"), clock())
    assert run.paused
    act(run, next_press(run, {}), clock())
    assert run.paused and run.session.seq == seq
    act(run, Press(seq, command="resume"), clock())
    assert not run.paused
