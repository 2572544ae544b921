"""A property over random flows and random clients who change answers from a summary (and go back, and
change them again, and are stored and restored on the way): the finished record is the record of a client
who gave the final answers straight through."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from bot.engine import FlowEngine
from bot.engine.effects import AnswersDropped, Ask, Ended
from bot.engine.events import ActionChosen, CommandIssued, Event, OptionChosen, TextEntered
from bot.engine.session import Session
from bot.flowspec.model import Flow

HEADER: dict[str, Any] = {
    "id": "random_flow", "version": 1, "title": "Random", "description": "A random flow.", "category": "other",
    "languages": ["en"], "estimated_minutes": 5, "source": "engine tests",
}
CHOICES = ["a", "b", "c"]
TEXTS = ["at work", "at home", "on the bus"]
ENDS = ["done", "early"]


@dataclass
class Built:
    flow: Flow
    kinds: dict[str, str]  # step id -> its type, for the steps before the summary


@st.composite
def random_flows(draw: st.DrawFn) -> Built:
    """Questions, sets, branches, messages, summaries and jumps before a summary of every answer; a message
    and an end after it; an early end. Jumps only go forward, so every client's way is finite. Like a flow
    the validator accepts, a step only uses answers given on every way to it."""
    count = draw(st.integers(3, 10))
    ids = [f"s{i}" for i in range(count)]
    kinds: dict[str, str] = {}
    steps: list[dict[str, Any]] = []
    given_before: dict[str, frozenset[str]] = {ids[0]: frozenset()}  # answers given on every way to a step

    def leads_to(source: str, stores: set[str], targets: list[str]) -> None:
        given = given_before.get(source, frozenset()) | stores
        for target in targets:
            given_before[target] = given_before[target] & given if target in given_before else given

    for index, step_id in enumerate(ids):
        ahead = [*ids[index + 1:], "review"]
        target = st.one_of(st.sampled_from(ahead), st.just("early")) if draw(st.integers(0, 19)) == 0 \
            else st.sampled_from(ahead)
        known = sorted(given_before.get(step_id, frozenset()))
        kind = draw(st.sampled_from(
            ["text", "scale", "choice", "choice", "multi", "set", "branch", "message", "summary", "call"]))
        if kind in ("set", "branch", "message", "summary") and not known:
            kind = "choice"
        kinds[step_id] = kind
        step: dict[str, Any] = {"id": step_id, "label": step_id.upper()}
        if kind == "text":
            step |= {"type": "text", "prompt": f"{step_id}?"}
        elif kind == "scale":
            step |= {"type": "scale", "prompt": f"{step_id}?", "min": 0, "max": 3}
        elif kind == "choice":
            options = [{"value": v, "label": v.upper()} for v in CHOICES]
            for option in options:
                if draw(st.integers(0, 2)) == 0:
                    option["next"] = draw(target)
            step |= {"type": "choice", "prompt": f"{step_id}?", "options": options}
        elif kind == "multi":
            step |= {"type": "multi_choice", "prompt": f"{step_id}?", "min_selected": 0,
                     "options": [{"value": v, "label": v.upper()} for v in CHOICES]}
        elif kind == "set":
            first, second = draw(st.sampled_from(known)), draw(st.sampled_from(known))
            value = draw(st.sampled_from([
                {"subtract": [first, second]}, {"add": [first, 1]}, {"count": first},
                # (a copied multi-choice reads as a Python dict, whose key order a restore may change)
                {"answer": first} if kinds[first] != "multi" else {"count": first},
            ]))
            step |= {"type": "set", "value": value}
        elif kind == "branch":
            cases = [{"when": draw(conditions(known, kinds)), "goto": draw(target)}
                     for _ in range(draw(st.integers(1, 2)))]
            step |= {"type": "branch", "cases": cases, "else": draw(target)}
            step.pop("label")
        elif kind == "call":  # a block's answers are "call.step"
            step |= {"type": "call", "block": "rate"}
            step.pop("label")
            kinds |= {f"{step_id}.level": "scale", f"{step_id}.why": "text"}
        elif kind == "summary":  # another summary on the way: edits from one may pass through the other
            step |= {"type": "summary", "prompt": f"{step_id}: {{{draw(st.sampled_from(known))}}}"}
            step.pop("label")
        else:
            step |= {"type": "message", "text": f"{step_id}: {{{draw(st.sampled_from(known))}}}"}
        if kind in ("text", "scale", "multi", "set", "message", "summary") and draw(st.integers(0, 3)) == 0:
            step["next"] = draw(target)
        steps.append(step)
        follows = step.get("next", ahead[0])
        if kind == "choice":
            targets = [o.get("next", follows) for o in step["options"]]
        elif kind == "branch":
            targets = [c["goto"] for c in step["cases"]] + [step["else"]]
        else:
            targets = [follows]
        if step_id in given_before:
            stores = {step_id} if kind in ("text", "scale", "choice", "multi", "set") else set()
            leads_to(step_id, stores | ({f"{step_id}.level", f"{step_id}.why"} if kind == "call" else set()), targets)
    at_review = sorted(given_before.get("review", frozenset()))
    at_early = sorted(given_before.get("early", frozenset()))

    def quoting(known: list[str]) -> str:
        return " ".join(f"{{{k}}}" for k in draw(st.lists(st.sampled_from(known), max_size=3))) if known else ""

    steps += [
        {"id": "review", "type": "summary", "prompt": f"Review {quoting(at_review)}"},
        {"id": "closing", "type": "message", "text": f"Closing {quoting(at_review)}"},
        {"id": "done", "type": "end", "text": f"Done {quoting(at_review)}"},
        {"id": "early", "type": "end", "outcome": "early", "text": f"Early {quoting(at_early)}"},
    ]
    rate = [{"id": "level", "type": "scale", "label": "Level", "prompt": "Level?", "min": 0, "max": 3},
            {"id": "why", "type": "text", "label": "Why", "prompt": "Why {level}?"}]
    return Built(Flow.model_validate({**HEADER, "steps": steps, "blocks": {"rate": {"steps": rate}}}), kinds)


def conditions(earlier: list[str], kinds: dict[str, str]) -> st.SearchStrategy[dict[str, Any]]:
    def about(step_id: str) -> st.SearchStrategy[dict[str, Any]]:
        kind = kinds[step_id]
        if kind == "choice":
            return st.sampled_from(CHOICES).map(lambda v: {"answer": step_id, "equals": v})
        if kind == "multi":
            return st.sampled_from(CHOICES).map(lambda v: {"answer": step_id, "includes": v})
        if kind in ("scale", "set"):
            return st.integers(-2, 3).map(lambda n: {"answer": step_id, "gte": n})
        return st.just({"answer": step_id, "skipped": True})

    return st.sampled_from(earlier).flatmap(about)


class Client:
    """Drives one session, restoring it from JSON whenever asked to."""

    def __init__(self, engine: FlowEngine) -> None:
        self.engine = engine
        self.at = 1000.0
        self.session, self.effects = engine.start("en", self.at)
        self.summaries: dict[str, str] = {}  # summary step -> what it showed when last confirmed
        self.ended: Ended | None = None
        self.dropped = False

    @property
    def ask(self) -> Ask:
        shown = [e for e in self.engine.prompt(self.session) if isinstance(e, Ask)]
        return shown[-1]

    def send(self, event: Event) -> None:
        self.effects = self.engine.handle(self.session, event)
        self.ended = next((e for e in self.effects if isinstance(e, Ended)), self.ended)
        self.dropped |= any(isinstance(e, AnswersDropped) for e in self.effects)
        check_the_history(self.session, self.engine)

    def later(self) -> float:
        self.at += 1
        return self.at

    def option(self, value: str) -> None:
        self.send(OptionChosen(self.session.seq, value, self.later()))

    def action(self, name: str, arg: str | None = None) -> None:
        self.send(ActionChosen(self.session.seq, name, self.later(), arg))  # type: ignore[arg-type]

    def confirm(self) -> None:
        ask = self.ask
        self.summaries[ask.step_id] = ask.text
        self.action("confirm")

    def answer(self, ask: Ask, value: Any) -> None:
        if ask.kind == "text":
            self.send(TextEntered(value, self.later()))
        elif ask.kind == "multi_choice":
            for chosen in value["selected"]:
                self.option(chosen)
            self.action("done")
        else:
            self.option(str(value))


def check_the_history(session: Session, engine: FlowEngine) -> None:
    """The history ("back") is the questions and summaries left on the client's way, in order."""
    if session.status != "active" or session.trail is None:
        return
    nodes = engine._program.nodes
    assert session.trail[-1] == session.state
    assert session.history == [s for s in session.trail[:-1] if nodes[s].remembered]


def random_answer(data: st.DataObject, ask: Ask) -> Any:
    if ask.kind == "text":
        return data.draw(st.sampled_from(TEXTS))
    if ask.kind == "multi_choice":
        return {"selected": data.draw(st.lists(st.sampled_from(CHOICES), unique=True)), "other": None}
    options = [b.value for b in ask.buttons if b.kind == "option"]
    return data.draw(st.sampled_from(options))


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(built=random_flows(), data=st.data())
def test_the_finished_record_is_that_of_a_client_who_gave_the_final_answers_straight_through(
    built: Built, data: st.DataObject
) -> None:
    engine = FlowEngine(built.flow)
    client = Client(engine)
    edits = backs = 0
    for _ in range(400):
        if client.session.status != "active":
            break
        if data.draw(st.integers(0, 5)) == 0:
            client.session = Session.from_json(client.session.to_json())
        ask = client.ask
        if backs < 4 and data.draw(st.integers(0, 9)) == 0:
            backs += 1
            client.send(CommandIssued("back", client.later()))
        elif ask.kind == "summary":
            changes = [b.arg for b in ask.buttons if b.value == "edit"]
            if changes and edits < 5 and data.draw(st.integers(0, 3)) > 0:
                edits += 1
                client.action("edit", data.draw(st.sampled_from(changes)))
            else:
                client.confirm()
        else:
            client.answer(ask, random_answer(data, ask))
    assert client.session.status in ("completed", "ended")
    event(f"edits: {min(edits, 2)}, answers dropped: {client.dropped}")
    final = client.session.answers
    assert client.session.trail is not None

    straight = Client(engine)
    for _ in range(100):
        if straight.session.status != "active":
            break
        ask = straight.ask
        if ask.kind == "summary":
            straight.confirm()
        else:
            key = straight.session.state.replace("/", ".")
            assert key in final, f"{key} is asked straight through but has no final answer"
            straight.answer(ask, final[key])
    assert straight.session.status == client.session.status
    assert straight.session.outcome == client.session.outcome
    assert straight.session.answers == final
    assert straight.ended == client.ended
    if "review" in straight.summaries:  # (one on the way is passed over, not shown again, by a later edit)
        assert client.summaries["review"] == straight.summaries["review"]
    assert straight.session.trail == client.session.trail
