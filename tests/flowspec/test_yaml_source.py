"""Reading the file: everything that is not a well-formed, single YAML mapping is refused plainly."""

from __future__ import annotations

import time

import pytest
import yaml

from bot.flowspec import LoadResult, load_flow_text, yaml_source
from bot.flowspec.model import ScaleStep
from bot.flowspec.yaml_events import MAX_DEPTH
from bot.flowspec.yaml_source import MAX_BYTES
from tests.flowspec import samples
from tests.flowspec.samples import VALID_FLOW, only


def load(data: bytes | str) -> LoadResult:
    return load_flow_text(data, "f.yaml")


def single(data: bytes | str) -> tuple[str, int, int]:
    result = load(data)
    assert result.flow is None
    assert len(result.problems) == 1, result.problems
    problem = result.problems[0]
    return problem.code, problem.line, problem.col


@pytest.mark.parametrize("data", [b"", b"\n\n", b"   \n\t\n", b"# only a comment\n  # and another\n", b"---\n"])
def test_an_empty_file_is_refused(data: bytes) -> None:
    assert single(data) == ("empty", 1, 1)


def test_invalid_utf8_is_refused_at_the_first_bad_byte() -> None:
    assert single(b"id: demo\ntitle: Caf" + b"\xe9 au lait\n") == ("encoding", 2, 11)


def test_an_unpaired_surrogate_in_text_is_an_encoding_problem() -> None:
    assert single("id: a\nb: \ud800\n") == ("encoding", 2, 4)


def test_a_byte_order_mark_is_accepted() -> None:
    assert load(b"\xef\xbb\xbf" + VALID_FLOW.encode()).problems == []


@pytest.mark.parametrize(("data", "what"), [(b"- a\n- b\n", "a list"), (b"hello\n", "'hello'"), (b"42\n", "'42'")])
def test_the_top_level_must_be_a_mapping(data: bytes, what: str) -> None:
    assert single(data) == ("not-a-mapping", 1, 1)
    assert what in load(data).problems[0].message


def test_tab_indentation_is_explained() -> None:
    problem = load(b"id: demo\nsteps:\n\t- id: a\n").problems[0]
    assert (problem.code, problem.line, problem.col) == ("yaml-syntax", 3, 1)
    assert problem.message == "tabs cannot indent YAML; use spaces"


def test_an_unclosed_quote_is_a_syntax_error() -> None:
    problem = load(b"id: demo\ntitle: 'Demo\n").problems[0]
    assert problem.code == "yaml-syntax"
    assert "quote" in problem.message


def test_a_stray_colon_in_plain_text_is_reported_at_its_column_with_the_quoted_fix() -> None:
    assert single(b"id: demo\ntitle: Step: one\n") == ("unquoted-text", 2, 12)
    assert 'title: "Step: one"' in load(b"id: demo\ntitle: Step: one\n").problems[0].message


def test_a_control_character_is_a_syntax_error() -> None:
    assert single(b"id: de\x00mo\n") == ("yaml-syntax", 1, 7)


def test_billion_laughs_is_refused_quickly() -> None:
    rows = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    rows += [f"{c}: &{c} [{', '.join([f'*{p}'] * 9)}]" for p, c in zip("abcdefgh", "bcdefghi", strict=True)]
    started = time.perf_counter()
    code, _, _ = single("\n".join(rows) + "\n")
    assert code == "yaml-too-complex"
    assert time.perf_counter() - started < 0.05


def test_an_alias_that_contains_itself_is_refused() -> None:
    assert single(b"a: &a [1, *a]\n")[0] == "yaml-too-complex"


def test_an_alias_without_anchor_is_a_syntax_error() -> None:
    assert single(b"a: *nothing\n") == ("yaml-syntax", 1, 4)


def test_anchors_and_merge_keys_are_allowed() -> None:
    result = samples.load("""\
    steps:
      - id: before
        type: scale
        prompt: Before?
        min: 0
        max: 10
        labels: &ends {min: calm, max: the worst}
      - {id: after, type: scale, prompt: After?, min: 0, max: 10, labels: {<<: *ends, max: awful}}
      - {id: done, type: end}
    """)
    assert result.problems == []
    assert result.flow is not None
    after = result.flow.steps[1]
    assert isinstance(after, ScaleStep)
    assert after.labels is not None
    assert (after.labels.min, after.labels.max) == ("calm", "awful")


def test_a_file_over_the_limit_is_refused_before_parsing() -> None:
    started = time.perf_counter()
    assert single(b"a: [" * (MAX_BYTES // 4 + 1)) == ("too-large", 1, 1)
    assert time.perf_counter() - started < 0.05


_LOADERS = ["SafeLoader"] + (["CSafeLoader"] if yaml.__with_libyaml__ else [])


@pytest.fixture(params=_LOADERS)
def first_loader(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Each test using this runs with the C parser first (as installed) and with the pure-Python one only."""
    monkeypatch.setattr(yaml_source, "_FAST_LOADER", getattr(yaml, request.param))
    return str(request.param)


@pytest.mark.usefixtures("first_loader")
@pytest.mark.parametrize("depth", [MAX_DEPTH + 1, 999, 1_000, 1_001, 120_000])
def test_deep_nesting_gets_our_own_refusal_at_the_level_past_the_limit(depth: int) -> None:
    prefix = "a: "  # the root mapping is the first level, so the 100th `[` is one too many
    assert single(prefix + "[" * depth + "]" * depth) == ("yaml-too-complex", 1, len(prefix) + MAX_DEPTH)


class _StricterLibyaml(yaml.SafeLoader):
    """A parser with its own, lower nesting limit and wording, as another libyaml release might have."""

    def get_event(self) -> yaml.Event:
        event = super().get_event()
        if isinstance(event, yaml.SequenceStartEvent) and event.start_mark.column > 10:
            raise yaml.MarkedYAMLError(problem="some other library's words", problem_mark=event.start_mark)
        return event


def test_a_parser_with_a_lower_limit_of_its_own_does_not_decide(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(yaml_source, "_FAST_LOADER", _StricterLibyaml)
    assert single("a: " + "[" * 500 + "]" * 500)[0] == "yaml-too-complex"
    assert load("id: a\nlist: [[[[[[[[[[[[1]]]]]]]]]]]]\n").problems[0].code != "yaml-syntax"


@pytest.mark.usefixtures("first_loader")
def test_a_syntax_error_is_reported_the_same_by_either_parser() -> None:
    assert single("id: a\ntitle: [a, b\n")[0] == "yaml-syntax"


@pytest.mark.usefixtures("first_loader")
@pytest.mark.parametrize(("line", "col", "fix"), [
    ("title: {en: Time: when?, ru: Время}", 17, 'en: "Time: when?"'),
    ("title: {en: \"Why?\", ru: Время: когда?}", 30, 'ru: "Время: когда?"'),
    ("  - {value: a, label: {en: Say \"no\": firmly}}", 36, "en: 'Say \"no\": firmly'"),
    ("title: It's time: now", 17, 'title: "It\'s time: now"'),
])
def test_a_colon_inside_unquoted_text_names_the_cause_and_the_quoted_fix(line: str, col: int, fix: str) -> None:
    result = load(f"id: a\n{line}\n")
    assert [(p.code, p.line, p.col) for p in result.problems] == [("unquoted-text", 2, col)]
    message = result.problems[0].message
    assert "not in quotes" in message and "': '" in message and message.endswith(fix)


@pytest.mark.usefixtures("first_loader")
def test_a_comma_inside_unquoted_text_in_braces_is_one_problem_naming_the_cause() -> None:
    text = VALID_FLOW.replace("title: {en: Thought record, ru: Дневник мыслей}",
                              "title: {en: Thought record, ru: Три вещи, которые я вижу}")
    result = load(text)
    assert [p.code for p in result.problems] == ["unquoted-text"]
    problem = result.problems[0]
    assert (problem.line, problem.col) == (4, 43)
    assert problem.message == (
        "the text under 'ru' is not in quotes, and inside `{…}` YAML reads its ', ' as the end of the entry "
        "('которые я вижу' became a key of its own); put the whole text in quotes: "
        'ru: "Три вещи, которые я вижу"')


@pytest.mark.parametrize("text", ["x: {a: , b: c}\n", "x: {en: 'a, b', ru: \"c: d\"}\n", "x: [a, b: c]\n"])
def test_commas_and_colons_yaml_reads_as_meant_are_not_reported(text: str) -> None:
    assert "unquoted-text" not in {p.code for p in load("id: a\n" + text).problems}


def test_deep_block_nesting_is_refused() -> None:
    text = "a:\n" + "".join(" " * i + "- \n" for i in range(0, 2 * (MAX_DEPTH + 5), 2))
    assert single(text)[0] == "yaml-too-complex"


def test_several_documents_are_refused_at_the_second() -> None:
    assert single(b"id: a\n---\nid: b\n") == ("multi-document", 2, 1)


def test_a_duplicate_key_is_reported_at_the_second_key() -> None:
    result = load(VALID_FLOW.replace("estimated_minutes: 10\n", "estimated_minutes: 10\nestimated_minutes: 12\n"))
    problem = only(result, "duplicate-key")
    assert (problem.line, problem.col) == (VALID_FLOW.splitlines().index("estimated_minutes: 10") + 2, 1)
    assert "estimated_minutes" in problem.message
    assert result.flow is None


def test_a_python_tag_is_refused_and_never_constructed() -> None:
    result = load(VALID_FLOW.replace("source: ", "source: !!python/object/apply:os.system ", 1))
    problem = only(result, "bad-tag")
    assert "!!python/object/apply:os.system" in problem.message
    assert result.problems == [problem]  # no follow-on complaint about the same value


def test_a_custom_tag_on_a_mapping_is_refused() -> None:
    result = load(VALID_FLOW.replace("params:\n", "params: !custom\n"))
    assert only(result, "bad-tag").line == VALID_FLOW.splitlines().index("params:") + 1


@pytest.mark.parametrize(("key", "what"), [("1", "the number 1"), ("~", "empty"), ("[a, b]", "a list")])
def test_a_key_must_be_text(key: str, what: str) -> None:
    result = load(VALID_FLOW + f"{key}: x\n" if key != "[a, b]" else VALID_FLOW + "? [a, b]\n: x\n")
    problem = only(result, "bad-value")
    assert what in problem.message
    assert problem.line == VALID_FLOW.count("\n") + 1


def test_a_norwegian_no_key_stays_text() -> None:
    result = load(VALID_FLOW.replace("languages: [en, ru]", "languages: [en, ru, no]"))
    assert {p.code for p in result.problems} == {"missing-translation"}
    assert all("no" in p.message for p in result.problems)


def test_a_huge_number_does_not_crash() -> None:
    result = load(VALID_FLOW.replace("version: 1", "version: " + "9" * 5000))
    assert only(result, "bad-value").message.startswith("'version'")
