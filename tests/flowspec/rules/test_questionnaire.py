"""Questionnaires: answer sets, items, scores with bands, and the crisis rule; every mistake at once, each at
its own line."""

from __future__ import annotations

from tests.flowspec.samples import codes, line_of, load, only

GOOD = """\
offered_to: linked
answer_sets:
  often:
    - {score: 0, label: Never}
    - {score: 1, label: Sometimes}
    - {score: 2, label: Often}
scores:
  - id: total
    label: Total
    bands:
      - {min: 0, max: 1, label: low}
      - {min: 2, max: 4, label: high}
    reliable_change: 2
steps:
  - {id: first, type: item, prompt: First?, answers: often}
  - {id: second, type: item, prompt: Second?, answers: often, crisis: {gt: 0}}
  - {id: done, type: end}
"""


def test_a_questionnaire_with_bands_and_a_crisis_rule_loads() -> None:
    result = load(GOOD)
    assert result.problems == []
    assert result.flow is not None
    assert [s.id for s in result.flow.scores] == ["total"]
    assert result.flow.offered_to == "linked"


BROKEN = """\
answer_sets:
  often:
    - {score: 0, label: Never}
    - {score: 0, label: Sometimes}
    - {score: 2, label: Often}
scores:
  - id: total
    label: Total
    items: [first, second]
    bands:
      - {min: 0, max: 1, label: low}
      - {min: 3, max: 4, label: high}
  - id: part
    label: Part
    items: [first, missing, done]
  - id: last
    label: Last
    items: [second]
    bands:
      - {min: 0, max: 1, label: low}
steps:
  - {id: first, type: item, prompt: First?, answers: often}
  - {id: second, type: item, prompt: Second?, answers: often, crisis: {gt: 5}}
  - {id: third, type: item, prompt: Third?, answers: rarely}
  - {id: fourth, type: item, prompt: Fourth?, answers: often, crisis: {gte: 0}}
  - {id: done, type: end}
"""


def test_every_mistake_of_a_questionnaire_is_reported_at_once_each_at_its_line() -> None:
    result = load(BROKEN)
    assert result.flow is None
    found = {(p.code, p.line) for p in result.problems}
    body = BROKEN
    assert ("bad-value", line_of(body, "{score: 0, label: Sometimes}")) in found  # two options score 0
    assert ("bad-bands", line_of(body, "{min: 3, max: 4, label: high}")) in found  # a gap after 1
    assert ("unknown-step", line_of(body, "items: [first, missing, done]")) in found
    assert ("bad-value", line_of(body, "items: [first, missing, done]")) in found  # `done` is an end
    assert ("bad-bands", line_of(body, "items: [second]") + 2) in found  # the last band ends at 1, not 2
    assert ("unknown-answer-set", line_of(body, "answers: rarely")) in found
    second = line_of(body, "id: second")
    assert ("bad-value", second) in found  # gt 5: never fires
    assert ("crisis-needs-therapist", second) in found  # no `offered_to: linked`
    fourth = line_of(body, "id: fourth")
    assert ("bad-value", fourth) in found  # gte 0: fires on every answer
    assert len(result.problems) == 10, "\n".join(map(str, result.problems))


def test_the_messages_say_what_is_wrong_in_file_line_form() -> None:
    text = [str(p) for p in load(BROKEN).problems]
    band = next(t for t in text if "this band starts at 3" in t)
    assert band.startswith(f"flow.yaml:{line_of(BROKEN, '{min: 3, max: 4, label: high}')}:")
    assert "must start at 2" in band
    assert any("there is no answer set 'rarely' (known: often)" in t for t in text)
    assert any("set `offered_to: linked`" in t for t in text)
    assert any("the highest possible sum is 2" in t for t in text)


def test_a_crisis_rule_needs_exactly_one_operator() -> None:
    body = GOOD.replace("crisis: {gt: 0}", "crisis: {gt: 0, gte: 1}")
    assert "bad-value" in codes(load(body)) or "missing-key" in codes(load(body))
    assert load(body).flow is None


def test_a_score_of_scales_needs_no_answer_set_and_its_bands_follow_the_scale() -> None:
    body = """\
    scores:
      - id: mood
        label: Mood
        items: [mood]
        bands:
          - {min: 0, max: 4, label: low}
          - {min: 5, max: 9, label: high}
    steps:
      - {id: mood, type: scale, prompt: Mood?, min: 0, max: 10, labels: {min: low, max: high}}
      - {id: done, type: end}
    """
    problem = only(load(body), "bad-bands")
    assert "the highest possible sum is 10" in problem.message


def test_item_labels_and_bands_must_be_translated() -> None:
    head = """\
id: demo
version: 1
title: {en: Demo, ru: Демо}
description: {en: A demo flow., ru: Демо.}
category: measures
languages: [en, ru]
estimated_minutes: 5
source: flowspec tests
"""
    body = """\
answer_sets:
  often:
    - {score: 0, label: {en: Never, ru: Никогда}}
    - {score: 1, label: {en: Often}}
scores:
  - id: total
    label: {en: Total, ru: Сумма}
    bands:
      - {min: 0, max: 0, label: {en: none, ru: нет}}
      - {min: 1, max: 1, label: {en: some}}
steps:
  - {id: first, type: item, prompt: {en: First?, ru: Первый?}, answers: often}
  - {id: done, type: end}
"""
    result = load(body, head)
    lines = sorted(p.line for p in result.problems if p.code == "missing-translation")
    assert lines == [line_of(body, "{en: Often}", head), line_of(body, "{en: some}", head)]
