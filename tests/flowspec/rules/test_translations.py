from __future__ import annotations

from tests.flowspec.samples import HEAD, column_of, line_of, load, only, problems

TWO = HEAD.replace("languages: [en]", "languages: [en, ru]").replace(
    "title: Demo", "title: {en: Demo, ru: Демо}").replace(
    "description: A demo flow.", "description: {en: A demo flow., ru: Демо.}")


def test_a_plain_string_is_an_error_in_a_multi_language_flow() -> None:
    body = "steps:\n  - {id: hi, type: message, text: Hello}\n  - {id: done, type: end}\n"
    problem = only(load(body, TWO), "missing-translation")
    assert (problem.line, problem.step_id) == (line_of(body, "Hello", TWO), "hi")
    assert problem.message.startswith("this flow is in en, ru: give the text as a mapping")


def test_a_mapping_must_give_every_language() -> None:
    body = "steps:\n  - {id: hi, type: message, text: {en: Hello}}\n  - {id: done, type: end}\n"
    problem = only(load(body, TWO), "missing-translation")
    assert problem.message == "the text lacks ru (the flow's languages: en, ru)"


def test_a_mapping_may_not_give_an_undeclared_language() -> None:
    body = "steps:\n  - {id: hi, type: message, text: {en: Hi, ru: Привет, de: Hallo}}\n  - {id: done, type: end}\n"
    problem = only(load(body, TWO), "missing-translation")
    assert problem.message == "'de' is not one of the flow's languages (en, ru)"
    assert problem.col == column_of(body, "de:", TWO)


def test_a_single_language_flow_may_use_plain_strings_or_its_language() -> None:
    body = "steps:\n  - {id: hi, type: message, text: {en: Hello}, button: OK}\n  - {id: done, type: end}\n"
    assert load(body).problems == []


def test_flow_titles_need_translations_too() -> None:
    head = TWO.replace("title: {en: Demo, ru: Демо}", "title: Demo")
    result = load("steps:\n  - {id: done, type: end, text: {en: Bye, ru: Пока}}\n", head)
    found = problems(result, "missing-translation")
    assert [(p.line, p.step_id) for p in found] == [(3, None)]
