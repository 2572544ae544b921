from __future__ import annotations

import pytest

from tests.flowspec.samples import column_of, line_of, load, only


def message(text: str) -> str:
    return f"steps:\n  - {{id: hi, type: message, text: '{text}'}}\n  - {{id: done, type: end}}\n"


@pytest.mark.parametrize(("text", "offset", "start"), [
    ("Hello {", 6, "an unclosed '{'"),
    ("Hello } there", 6, "a '}' without '{'"),
    ("Hello {name!r}", 6, "'{name!r}' is not an answer name"),
    ("Hi {user.__class__}", 3, "'{user.__class__}' is not an answer name"),
])
def test_a_template_must_parse(text: str, offset: int, start: str) -> None:
    body = message(text)
    problem = only(load(body), "bad-template")
    assert problem.message.startswith(start)
    assert problem.step_id == "hi"
    assert problem.col == column_of(body, text) + offset


def test_doubled_braces_are_literal() -> None:
    assert load(message("Use {{ and }} freely")).problems == []


@pytest.mark.parametrize(("step", "where"), [
    ("{id: t, type: text, label: 'About {name}', prompt: Hi}", "a label"),
    ("{id: t, type: choice, prompt: P, options: [{value: a, label: '{name}'}]}", "a label"),
    ("{id: t, type: multi_choice, prompt: P, options: [{value: a, label: A, description: '{name}'}]}",
     "a description"),
    ("{id: t, type: message, text: Hi, button: 'Go {name}'}", "a button"),
])
def test_answers_can_only_be_quoted_where_the_client_reads_them(step: str, where: str) -> None:
    body = f"steps:\n  - {{id: name, type: text, prompt: Name?}}\n  - {step}\n  - {{id: done, type: end}}\n"
    problem = only(load(body), "bad-template")
    assert problem.message.startswith(f"answers can't be quoted in {where}")
    assert problem.line == line_of(body, "{name}")


def test_a_block_title_cannot_quote_answers() -> None:
    body = """\
    steps:
      - {id: run, type: call, block: b}
      - {id: done, type: end}
    blocks:
      b:
        title: "Block {x}"
        steps: [{id: x, type: text, prompt: X?}]
    """
    assert only(load(body), "bad-template").message.startswith("answers can't be quoted in a title")


@pytest.mark.parametrize("field", ["prompt", "help"])
def test_prompts_and_help_may_quote_answers(field: str) -> None:
    extra = "" if field == "prompt" else ", prompt: Again?"
    body = (f"steps:\n  - {{id: name, type: text, prompt: Name?}}\n"
            f"  - {{id: t, type: text, {field}: 'Hi {{name}}'{extra}}}\n"
            "  - {id: done, type: end, text: 'Bye {name}'}\n")
    assert load(body).problems == []
