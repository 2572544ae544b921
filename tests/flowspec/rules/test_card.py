"""`card:`: the answers a therapist's compact card shows, validated like the rest of a flow."""

from __future__ import annotations

import jsonschema  # type: ignore[import-untyped]

from bot.flowspec import flow_json_schema
from bot.flowspec.model import CardAnswer, CardField
from bot.flowspec.plain import to_plain
from bot.flowspec.yaml_source import read_source
from tests.flowspec.samples import HEAD, flow, line_of, load, problems

STEPS = """\
steps:
  - {id: intro, type: message, text: Hi}
  - {id: situation, type: text, label: Situation, prompt: Where were you?}
  - {id: mood, type: scale, prompt: Rate, min: 0, max: 10, labels: {min: low, max: high},
     rating: {measure: mood, when: before}}
  - {id: belief, type: scale, prompt: Belief, min: 0, max: 100, labels: {min: low, max: high}}
  - {id: rate, type: call, block: rate}
  - {id: done, type: end}
blocks:
  rate:
    steps:
      - {id: level, type: scale, prompt: Rate, min: 0, max: 4, labels: {min: low, max: high}}
"""


def with_card(card: str) -> str:
    return card + STEPS


def test_a_card_of_answers_loads_with_its_labels() -> None:
    result = load(with_card("card:\n  - situation\n  - {step: mood, label: Mood, with: [belief, "
                            "{step: rate.level, label: level}]}\n"))
    assert result.ok, result.problems
    assert result.flow is not None and result.flow.card is not None
    first, second = result.flow.card
    assert first == "situation"
    assert isinstance(second, CardField) and second.label == "Mood"
    assert second.with_[0] == "belief" and second.with_[1] == CardAnswer(step="rate.level", label="level")


def test_a_flow_without_a_card_has_none() -> None:
    result = load(STEPS)
    assert result.ok and result.flow is not None and result.flow.card is None


def test_every_unknown_or_answerless_step_on_the_card_is_reported_at_its_line_at_once() -> None:
    body = with_card("card:\n  - situaton\n  - {step: intro}\n  - {step: mood, with: [nope]}\n  - mood\n")
    found = problems(load(body), "unknown-answer")
    assert [(p.line, p.message) for p in found] == [
        (line_of(body, "- situaton"),
         "card: no step of the flow stores an answer called 'situaton' (did you mean 'situation'?)"),
        (line_of(body, "{step: intro}"), "card: 'intro' is a message step, which stores no answer"),
        (line_of(body, "[nope]"), "card: no step of the flow stores an answer called 'nope'"),
    ]
    twice = problems(load(body), "bad-value")
    assert [(p.line, p.message) for p in twice] == [(line_of(body, "  - mood"), "card: 'mood' is already on the card")]


def test_the_problems_read_as_file_line_and_what_is_wrong() -> None:
    body = with_card("card: [situaton]\n")
    (problem,) = problems(load(body), "unknown-answer")
    assert str(problem).startswith(f"flow.yaml:{line_of(body, 'card:')}:")
    assert "situaton" in str(problem)


def test_a_malformed_card_is_refused_with_its_line() -> None:
    body = with_card("card:\n  - {step: situation, colour: red}\n")
    result = load(body)
    assert not result.ok
    assert any(p.line == line_of(body, "colour") and "colour" in p.message for p in result.problems)
    assert not load(with_card("card: []\n")).ok


def test_card_labels_must_give_every_language_of_the_flow() -> None:
    head = HEAD.replace("languages: [en]", "languages: [en, ru]")
    body = "card:\n  - {step: answer, label: {en: Answer}}\n" + """\
steps:
  - {id: answer, type: text, label: {en: A, ru: О}, prompt: {en: Say, ru: Скажите}}
  - {id: done, type: end}
"""
    result = load(body, head.replace("title: Demo", "title: {en: Demo, ru: Демо}")
                  .replace("description: A demo flow.", "description: {en: A demo flow., ru: Пример.}"))
    found = problems(result, "missing-translation")
    assert len(found) == 1 and "lacks ru" in found[0].message
    assert found[0].line == line_of(body, "label: {en: Answer}")


def test_the_json_schema_knows_the_card() -> None:
    source = read_source(flow(with_card("card:\n  - situation\n  - {step: mood, with: [belief]}\n")), "f.yaml")
    assert source.root is not None
    validator = jsonschema.Draft202012Validator(flow_json_schema())
    validator.validate(to_plain(source.root))
    wrong = read_source(flow(with_card("card:\n  - {step: mood, colour: red}\n")), "f.yaml")
    assert wrong.root is not None
    assert list(validator.iter_errors(to_plain(wrong.root)))
    assert "card" in flow_json_schema()["properties"]
