"""Where YAML would turn words into booleans or numbers, text fields keep what the author wrote."""

from __future__ import annotations

from bot.flowspec.model import BranchStep, ChoiceStep, Compare, EndStep, SetStep, TextStep
from bot.flowspec.plain import to_plain
from bot.flowspec.yaml_source import read_source
from tests.flowspec.samples import load


def plain(text: str) -> object:
    source = read_source(text, "f.yaml")
    assert source.root is not None
    return to_plain(source.root)


def test_option_values_are_text_as_written() -> None:
    data = plain("options:\n  - {value: yes, label: no}\n  - {value: 1, label: on}\n  - {value: '1'}\n")
    assert data == {"options": [{"value": "yes", "label": "no"}, {"value": "1", "label": "on"},
                                {"value": "1"}]}


def test_texts_and_language_mappings_are_text() -> None:
    data = plain("label: Yes\nbutton: {en: OK, no: Ja}\nsource: 2017-05-01\nid: 12\n")
    assert data == {"label": "Yes", "button": {"en": "OK", "no": "Ja"}, "source": "2017-05-01", "id": "12"}


def test_numbers_and_switches_keep_their_types() -> None:
    data = plain("min: 0\nmax: 10.5\noptional: yes\nvalue: 5\nparams: {cycles: 4}\nnext:\n")
    assert data == {"min": 0, "max": 10.5, "optional": True, "value": 5, "params": {"cycles": 4}, "next": None}


def test_compared_values_keep_numbers_but_not_booleans() -> None:
    data = plain("when: {answer: a, equals: no}\nother: {answer: a, not_equals: 5, in: [yes, 3, 'x']}\n")
    assert data == {"when": {"answer": "a", "equals": "no"},
                    "other": {"answer": "a", "not_equals": 5, "in": ["yes", 3, "x"]}}


def test_lists_of_names_are_text() -> None:
    assert plain("items: [yes, on]\nlanguages: [en, no]\n") == {"items": ["yes", "on"], "languages": ["en", "no"]}


def test_quoted_scalars_are_always_text() -> None:
    assert plain("min: '0'\nvalue: \"5\"\n") == {"min": "0", "value": "5"}


def test_a_loaded_flow_keeps_yes_and_no_as_option_values_and_outcomes() -> None:
    result = load("""\
    steps:
      - id: again
        type: choice
        prompt: Again?
        options:
          - {value: yes, label: Yes}
          - {value: no, label: No}
      - id: total
        type: set
        value: 5
      - id: check
        type: branch
        cases:
          - when: {answer: again, equals: no}
            goto: done
        else: done
      - id: done
        type: end
        outcome: on
    """)
    assert result.problems == []
    assert result.flow is not None
    choice, total, branch, end = result.flow.steps
    assert isinstance(choice, ChoiceStep)
    assert [o.value for o in choice.options] == ["yes", "no"]
    assert isinstance(branch, BranchStep)
    assert isinstance(branch.cases[0].when, Compare)
    assert branch.cases[0].when.equals == "no"
    assert isinstance(total, SetStep)
    assert total.value == 5
    assert isinstance(end, EndStep)
    assert end.outcome == "on"


def test_a_text_step_optional_flag_reads_yaml_booleans() -> None:
    result = load("""\
    steps:
      - {id: note, type: text, prompt: Anything?, optional: yes}
      - {id: done, type: end}
    """)
    assert result.flow is not None
    step = result.flow.steps[0]
    assert isinstance(step, TextStep)
    assert step.optional is True
