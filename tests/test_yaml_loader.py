"""Every rule of "YAML is read as data, strictly" gives its code at the right line and column."""

from __future__ import annotations

import pytest
import yaml
from helpers import REPO

from outsource_briefs import limits, yaml_loader
from outsource_briefs.yaml_loader import load_yaml, parse_yaml


def only_problem(source: str | bytes) -> tuple[str, int, int]:
    document = parse_yaml(source, "x.yaml")
    assert document.data is None
    assert len(document.problems) == 1, document.problems
    problem = document.problems[0]
    return problem.code, problem.line, problem.column


def test_yaml_12_core_scalars_stay_what_they_look_like() -> None:
    source = (
        "no: no\non: on\nyes: yes\nt: true\nf: False\nn: ~\nempty:\n"
        "zero: 0\nold_octal_12: 0o17\nhex: 0x1F\nversion: 1.10\ntime: 12:30\n"
        "date: 2026-12-01\nstamp: 2026-12-01T10:00:00+01:00\nquoted: '123'\nneg: -4\nexp: 1e3\n"
    )
    document = parse_yaml(source)
    assert document.problems == []
    assert document.data == {
        "no": "no",
        "on": "on",
        "yes": "yes",
        "t": True,
        "f": False,
        "n": None,
        "empty": None,
        "zero": 0,
        "old_octal_12": 15,
        "hex": 31,
        "version": 1.1,
        "time": "12:30",
        "date": "2026-12-01",
        "stamp": "2026-12-01T10:00:00+01:00",
        "quoted": "123",
        "neg": -4,
        "exp": 1000.0,
    }


def test_source_map_knows_values_and_keys() -> None:
    document = parse_yaml("a:\n  b:\n    - x\n    - {c: 1}\n", "f.yaml")
    source_map = document.source_map
    assert source_map.locate("/a/b/1/c") == ("f.yaml", 4, 11)
    assert source_map.locate("/a/b/1/c", prefer_key=True) == ("f.yaml", 4, 8)
    assert source_map.locate("/a/b/0") == ("f.yaml", 3, 7)
    assert source_map.locate("/a", prefer_key=True) == ("f.yaml", 1, 1)
    assert source_map.locate("/a/missing/deeper") == source_map.locate("/a")


def test_columns_count_characters_not_bytes() -> None:
    document = parse_yaml("título: é\nnão: [1, 2, x: y]\n")
    assert document.data is not None
    assert document.source_map.locate("/não/1") == ("<string>", 2, 10)


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        pytest.param("a: 1\nb: 2\na: 3\n", ("Y008", 3, 1), id="duplicate-key"),
        pytest.param("x:\n  k: 1\n  k: 2\n", ("Y008", 3, 3), id="nested-duplicate-key"),
        pytest.param("a: 1\n12: b\n", ("Y009", 2, 1), id="integer-key"),
        pytest.param("a: 1\ntrue: b\n", ("Y009", 2, 1), id="boolean-key"),
        pytest.param("a: 1\n? [x]\n: y\n", ("Y009", 2, 3), id="list-key"),
        pytest.param("a: !!python/object/apply:os.system ['ls']\n", ("Y010", 1, 4), id="python-tag"),
        pytest.param("a: !!python/name:os.system\n", ("Y010", 1, 4), id="python-name"),
        pytest.param("a: !!binary aGVsbG8=\n", ("Y010", 1, 4), id="binary-tag"),
        pytest.param("a: !!set {x, y}\n", ("Y010", 1, 4), id="set-tag"),
        pytest.param("a: !custom x\n", ("Y010", 1, 4), id="local-tag"),
        pytest.param("a: !!int twelve\n", ("Y010", 1, 4), id="core-tag-wrong-value"),
        pytest.param("a:\n  b: &anchor 1\n", ("Y011", 2, 6), id="anchor"),
        pytest.param("a: 1\n<<: {b: 2}\n", ("Y011", 2, 1), id="merge-key"),
        pytest.param("a: 1\n---\nb: 2\n", ("Y006", 2, 1), id="second-document"),
        pytest.param("", ("Y007", 1, 1), id="empty-file"),
        pytest.param("# just a comment\n", ("Y007", 1, 1), id="comment-only"),
        pytest.param("- a\n- b\n", ("Y007", 1, 1), id="top-level-list"),
        pytest.param("just text\n", ("Y007", 1, 1), id="top-level-scalar"),
        pytest.param("a: b: c\n", ("Y005", 1, 5), id="syntax-error"),
        pytest.param("a:\n\tb: 1\n", ("Y005", 2, 1), id="tab-indent"),
        pytest.param("a: 9007199254740992\n", ("Y012", 1, 4), id="integer-above-2-53"),
        pytest.param("a: -9007199254740992\n", ("Y012", 1, 4), id="integer-below-minus-2-53"),
        pytest.param("a: " + "7" * 5000 + "\n", ("Y012", 1, 4), id="5000-digit-integer"),
        pytest.param("a: .inf\n", ("Y012", 1, 4), id="infinity"),
        pytest.param("a: .nan\n", ("Y012", 1, 4), id="not-a-number"),
        pytest.param("a: 1e999\n", ("Y012", 1, 4), id="float-overflow"),
        pytest.param("a: 12345678901234567.5\n", ("Y012", 1, 4), id="float-too-precise"),
        pytest.param("a: 0x20000000000000\n", ("Y012", 1, 4), id="hex-above-2-53"),
        pytest.param("zip: 01234\n", ("Y016", 1, 6), id="leading-zeros"),
        pytest.param("octal: 010\n", ("Y016", 1, 8), id="yaml-1-1-octal"),
        pytest.param("phone: +351912000111\n", ("Y016", 1, 8), id="plus-sign"),
        pytest.param('a: "never closed\nb: 2\n', ("Y005", 1, 4), id="unclosed-quote-at-its-start"),
        pytest.param("a: b\x00c\n", ("Y003", 1, 5), id="nul-byte"),
        pytest.param("a: ok\nb: \x1b[31m\n", ("Y003", 2, 4), id="escape-character"),
        pytest.param("a: \x7f\n", ("Y003", 1, 4), id="delete-character"),
        pytest.param("a: café\nb: x\x9f\n", ("Y003", 2, 5), id="c1-control-in-latin-1-text"),
        pytest.param("a: “quoted”\nb: x\x01\n", ("Y003", 2, 5), id="control-in-text-beyond-latin-1"),
        pytest.param(b"a: ok\nb: caf\xe9\n", ("Y002", 2, 7), id="latin-1-byte"),
        pytest.param(b"\xff\xfea\x00:\x00", ("Y002", 1, 1), id="utf-16-bom"),
    ],
)
def test_each_rule_gives_its_code_line_and_column(
    source: str | bytes, expected: tuple[str, int, int]
) -> None:
    assert only_problem(source) == expected


def test_alias_is_refused_before_it_is_expanded() -> None:
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(8)
    )
    document = parse_yaml(bomb)
    assert document.data is None
    codes = {problem.code for problem in document.problems}
    assert codes == {"Y011"}
    assert document.problems[0].line == 1


def test_every_problem_in_a_file_is_reported_together() -> None:
    document = parse_yaml("a: &x 1\nb: *x\nc: !!binary eA==\nc: 2\n")
    assert [(p.code, p.line) for p in document.problems] == [
        ("Y011", 1),
        ("Y011", 2),
        ("Y010", 3),
        ("Y008", 4),
    ]


def test_duplicate_key_hint_names_the_first_line() -> None:
    document = parse_yaml("title: a\nid: b\ntitle: c\n")
    assert "line 1" in document.problems[0].hint


def test_plain_scalar_text_is_kept_for_hints() -> None:
    document = parse_yaml("version: 1.10\nname: '1.10'\n")
    assert document.source_map.plain == {"/version": "1.10"}


@pytest.mark.parametrize("opener", ["[", "{a: "])
def test_deep_flow_nesting_is_refused_without_recursion_error(opener: str) -> None:
    depth = 100_000
    closer = "]" if opener == "[" else "}"
    code, line, _ = only_problem("a: " + opener * depth + closer * depth + "\n")
    assert (code, line) == ("Y013", 1)


def test_deep_block_nesting_is_refused() -> None:
    source = "".join(" " * (2 * i) + f"k{i}:\n" for i in range(limits.MAX_DEPTH + 5)) + " " * 80 + "v\n"
    code, _, _ = only_problem(source)
    assert code == "Y013"


def test_nesting_up_to_the_limit_is_accepted() -> None:
    source = "a: " + "[" * (limits.MAX_DEPTH - 1) + "]" * (limits.MAX_DEPTH - 1) + "\n"
    assert parse_yaml(source).problems == []


def test_too_many_values() -> None:
    source = "a: [" + ", ".join(["1"] * (limits.MAX_NODES + 1)) + "]\n"
    code, _, _ = only_problem(source)
    assert code == "Y014"


def test_string_too_long() -> None:
    code, line, column = only_problem("a: " + "x" * (limits.MAX_STRING_CHARS + 1) + "\n")
    assert (code, line, column) == ("Y015", 1, 4)


def test_oversized_file(tmp_path) -> None:
    path = tmp_path / "big.yaml"
    path.write_text("a: " + "x" * limits.MAX_FILE_BYTES + "\n")
    document = load_yaml(path)
    assert [p.code for p in document.problems] == ["Y004"]


def test_missing_file(tmp_path) -> None:
    document = load_yaml(tmp_path / "nope.yaml")
    assert [(p.code, p.line, p.column) for p in document.problems] == [("Y001", 1, 1)]


def test_utf8_bom_is_accepted() -> None:
    assert parse_yaml(b"\xef\xbb\xbfa: 1\n").data == {"a": 1}


def test_pure_python_parser_gives_the_same_result(monkeypatch: pytest.MonkeyPatch) -> None:
    source = "a: &x 1\nb: [1, 2.5, {c: null}]\nd: |\n  text\n"
    fast = parse_yaml(source)
    monkeypatch.setattr(yaml_loader, "_Parser", yaml.SafeLoader)
    slow = parse_yaml(source)
    assert [(p.code, p.line, p.column) for p in fast.problems] == [
        (p.code, p.line, p.column) for p in slow.problems
    ]
    source = "a: [1, 2.5, {c: null}]\nd: |\n  text\n"
    monkeypatch.setattr(yaml_loader, "_Parser", yaml.CSafeLoader)
    fast_data = parse_yaml(source)
    monkeypatch.setattr(yaml_loader, "_Parser", yaml.SafeLoader)
    assert parse_yaml(source).data == fast_data.data
    assert parse_yaml(source).source_map == fast_data.source_map


# --- YAML 1.2 syntax where libyaml's scanner follows YAML 1.1 (issue 17) ---------------------


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        # Tabs that pasted text brings.
        pytest.param(
            "notes: |\n  \tcode()\n", {"notes": "\tcode()\n"}, id="block-scalar-line-starts-with-tab"
        ),
        pytest.param("a: 1\n\t\nb: 2\n", {"a": 1, "b": 2}, id="tab-only-line"),
        pytest.param("a: 1\n\t# c\nb: 2\n", {"a": 1, "b": 2}, id="tab-before-comment"),
        pytest.param("items:\n  -\tfirst\n", {"items": ["first"]}, id="tab-after-dash"),
        pytest.param("foo: |-\n \tbar\n", {"foo": "\tbar"}, id="stripped-block-scalar-starts-with-tab"),
        # Values libyaml read silently wrong.
        pytest.param("a: [?x]\n", {"a": ["?x"]}, id="question-mark-in-flow-sequence"),
        pytest.param("{ ?foo: bar }", {"?foo": "bar"}, id="question-mark-in-flow-mapping"),
        pytest.param("a: |+\n   ", {"a": "\n"}, id="keep-scalar-ends-with-spaces-and-no-line-break"),
    ],
)
def test_issue_examples_give_the_yaml_12_data(source: str, expected: dict) -> None:
    document = parse_yaml(source, "x.yaml")
    assert document.problems == []
    assert document.data == expected


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        # YAML 1.2 forbids a tab in a block scalar's blank line too (production [70] l-empty
        # holds only spaces; yaml-test-suite Y79Y): the tab is refused where it is.
        pytest.param(
            "notes: |\n  line1\n\t\n  line2\n", ("Y005", 3, 1), id="tab-only-line-inside-block-scalar"
        ),
        # Invalid YAML that libyaml accepted.
        pytest.param('title: "Spring flyer"# draft\n', ("Y005", 1, 22), id="comment-right-after-quote"),
        pytest.param("block: ># comment\n  scalar\n", ("Y005", 1, 9), id="comment-right-after-block-header"),
        pytest.param('quoted: "a\nb\nc"\n', ("Y005", 2, 1), id="quoted-continuation-not-indented"),
        pytest.param("flow: [a,\nb,\nc]\n", ("Y005", 2, 1), id="flow-continuation-not-indented"),
        pytest.param("k: [-]\n", ("Y005", 1, 5), id="dash-alone-in-flow"),
        pytest.param("k: [a, b]#c\n", ("Y005", 1, 10), id="comment-right-after-bracket"),
        # The right refusal, in the right words.
        pytest.param(": a\n", ("Y009", 1, 1), id="empty-key"),
        pytest.param("a: &a! 1\n", ("Y011", 1, 4), id="anchor-name-with-other-characters"),
        pytest.param("...\n", ("Y007", 1, 1), id="document-end-marker-only"),
        pytest.param("*a : 1\n", ("Y011", 1, 1), id="alias-as-key"),
    ],
)
def test_issue_examples_give_the_yaml_12_problem(source: str, expected: tuple[str, int, int]) -> None:
    assert only_problem(source) == expected


@pytest.mark.parametrize(
    ("source", "line"),
    [
        ("notes: |\n  line1\n\t\n  line2\n", 3),
        ('notes: "line1\n\t\n  line2"\n', 2),
        ("notes: line1\n\t\n  line2\n", 2),
        # Indented by one space, where the value's lines need three.
        ("owner:\n  notes: 'line1\n \t\n   line2'\n", 3),
    ],
)
def test_a_tab_on_a_blank_line_within_a_value_is_to_be_deleted(source: str, line: int) -> None:
    (problem,) = parse_yaml(source).problems
    assert (problem.code, problem.line, problem.column) == ("Y005", line, 1 + source.count(" \t"))
    assert problem.hint == "delete the tab: a blank line within a value that spans lines holds only spaces"


def test_a_tab_that_indents_is_to_be_replaced_by_spaces() -> None:
    for source in ("owner:\n\tname: Ana\n", "notes: |\n\tcode()\n", "owner:\n  name: Ana\n\temail: a@b.c\n"):
        (problem,) = parse_yaml(source).problems
        assert problem.code == "Y005"
        assert problem.hint == "indent with spaces, not tabs"


@pytest.mark.parametrize(
    ("source", "hint"),
    [
        ('a: "never closed\nb: 2\n', "this quote or bracket is never closed"),
        ("a: [b, c\n", "this quote or bracket is never closed"),
        ("a: b\nc\n", "check the indentation and that every key ends with ':'"),
    ],
)
def test_the_hint_at_the_end_of_the_file_names_an_unclosed_quote_only_where_there_is_one(
    source: str, hint: str
) -> None:
    (problem,) = parse_yaml(source).problems
    assert problem.hint == hint


def test_issue_examples_are_refused_in_yaml_12_words() -> None:
    assert parse_yaml(": a\n").problems[0].message == "a key is empty: nothing comes before ':'"
    assert parse_yaml("a: &a! 1\n").problems[0].message == "anchor '&a!' is not allowed"
    assert parse_yaml("a: *b!\n").problems[0].message == "alias '*b!' is not allowed"
    assert parse_yaml("...\n").problems[0].message == "the file is empty"
    assert "space before '#'" in parse_yaml('title: "Spring flyer"# draft\n').problems[0].message
    assert "not indented" in parse_yaml('quoted: "a\nb\nc"\n').problems[0].message


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        pytest.param("a: >\n  \tx\n  y\n  z\n", {"a": "\tx\ny z\n"}, id="folded-scalar-starts-with-tab"),
        pytest.param(
            "k:\n- |\n    \tx\n- y: |\n     \tz\n", {"k": ["\tx\n", {"y": "\tz\n"}]}, id="blocks-in-a-list"
        ),
        pytest.param(
            "a:\n  - b: |\n      \tx\n      y\n", {"a": [{"b": "\tx\ny\n"}]}, id="block-scalar-in-list"
        ),
        pytest.param("a: | # note\n  \tx\n\n", {"a": "\tx\n"}, id="block-header-with-comment"),
        pytest.param("a: |\n  x\n# c\n\t\nb: 1\n", {"a": "x\n", "b": 1}, id="tab-line-after-trail-comment"),
        pytest.param("a: 1\n \t \nb: 2\n", {"a": 1, "b": 2}, id="spaces-and-tabs-line"),
        pytest.param("a:\n  - \t-1\n", {"a": [-1]}, id="tab-before-negative-number"),
        pytest.param("? \tk\n: v\n", {"k": "v"}, id="tab-after-question-mark"),
        pytest.param('a: "x\n \t\n y"\n', {"a": "x\ny"}, id="quoted-scalar-blank-line-with-tab"),
        pytest.param('a: "x\ty"\n', {"a": "x\ty"}, id="tab-in-quoted-scalar"),
        pytest.param("a: [:x, a:?b]\n", {"a": [":x", "a:?b"]}, id="colon-in-flow-plain-scalars"),
        pytest.param('a: {"k":?v}\n', {"a": {"k": "?v"}}, id="json-like-key-then-question-mark"),
        pytest.param("a: {it's:?b}\n", {"a": {"it's:?b": None}}, id="quote-inside-a-key-then-colon-question"),
        pytest.param('a: "[?x"\nb: [?y]\n', {"a": "[?x", "b": ["?y"]}, id="question-mark-in-quotes-kept"),
        pytest.param(
            "a: |\n  [?x]\nb: [?y]\n", {"a": "[?x]\n", "b": ["?y"]}, id="question-mark-in-block-kept"
        ),
        pytest.param('a: "x"  # see "y"#z\n', {"a": "x"}, id="hash-inside-a-comment"),
        pytest.param('# title: "x"#y\na: 1\n', {"a": 1}, id="hash-inside-a-comment-line"),
        pytest.param('a: |\n  "x"#y\n', {"a": '"x"#y\n'}, id="hash-inside-block-scalar"),
        pytest.param("a: it's#1\n", {"a": "it's#1"}, id="hash-inside-plain-scalar"),
        pytest.param("a: [x-, -y]\n", {"a": ["x-", "-y"]}, id="dashes-inside-flow-scalars"),
        pytest.param('a: "one\n  two"\n', {"a": "one two"}, id="quoted-continuation-indented"),
        pytest.param("a: [x,\n  y\n  ]\n", {"a": ["x", "y"]}, id="flow-continuation-indented"),
        pytest.param("a: [x,\n# note\n  y]\n", {"a": ["x", "y"]}, id="comment-line-in-flow"),
        pytest.param('- k: "one\n    two"\n', None, id="quoted-continuation-under-compact-key"),
        pytest.param("...\na: 1\n", {"a": 1}, id="document-end-marker-first"),
        pytest.param("# c\n... # end\n", None, id="comment-and-document-end-marker"),
        pytest.param("a: b\n   ", {"a": "b"}, id="last-line-of-spaces"),
        pytest.param("a: |\n  x\n   ", {"a": "x\n \n"}, id="literal-ends-with-spaces"),
        # The end of the text ends the last line, as a line break would.
        pytest.param("a: |\n  x", {"a": "x\n"}, id="literal-ends-without-line-break"),
        pytest.param("a: >\n  x\n  y", {"a": "x y\n"}, id="folded-ends-without-line-break"),
        pytest.param("a: |-\n  x", {"a": "x"}, id="stripped-ends-without-line-break"),
        pytest.param("a: |+\n  x", {"a": "x\n"}, id="kept-ends-without-line-break"),
        pytest.param("a: |\n  \tx", {"a": "\tx\n"}, id="tab-first-line-ends-without-line-break"),
        pytest.param("a: |\n  x\r\n", {"a": "x\n"}, id="literal-ends-with-crlf"),
        # A `|` in a comment starts no block.
        pytest.param("top:\n# notes: |\n\t\nb: 1\n", {"top": None, "b": 1}, id="header-in-a-comment"),
        pytest.param("a: x\t\t\ty \t# c\n", {"a": "x\t\t\ty"}, id="tabs-inside-and-after-a-value"),
    ],
)
def test_yaml_12_syntax_around_libyaml(source: str, expected: dict | None) -> None:
    document = parse_yaml(source, "x.yaml")
    if expected is None:
        assert [problem.code for problem in document.problems] == ["Y007"]
    else:
        assert document.problems == []
        assert document.data == expected


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        pytest.param("a:\n  -\t- x\n", ("Y005", 2, 4), id="tab-before-nested-list"),
        pytest.param("a:\n  -\tb: 1\n", ("Y005", 2, 4), id="tab-before-nested-mapping"),
        pytest.param("a: |\n\t\nb: 1\n", ("Y005", 2, 1), id="tab-line-right-after-block-header"),
        pytest.param('a: "x\n\t\n y"\n', ("Y005", 2, 1), id="quoted-blank-line-with-tab-in-indentation"),
        pytest.param("a: x\n\t\n  y\n", ("Y005", 2, 1), id="plain-blank-line-with-tab-in-indentation"),
        pytest.param("a: [\n  x\n]\n", ("Y005", 3, 1), id="closing-bracket-not-indented"),
        pytest.param('a: "x\n"\n', ("Y005", 2, 1), id="closing-quote-not-indented"),
        pytest.param('- k: "one\n  two"\n', ("Y005", 2, 3), id="continuation-under-compact-key"),
        pytest.param("a: [a, b,#c\n  ]\n", ("Y005", 1, 10), id="comment-right-after-comma"),
        pytest.param("a: {b: [-, x]}\n", ("Y005", 1, 9), id="dash-alone-before-comma"),
        pytest.param("a: 1\n: b\n", ("Y009", 2, 1), id="empty-key-after-a-key"),
        pytest.param("a: {: b}\n", ("Y009", 1, 5), id="empty-key-in-flow"),
        # The tab is indentation: a `|` in the comment above does not make the line a block's.
        pytest.param("top:\n# notes: |\n  \tcode: 1\n", ("Y005", 3, 3), id="header-in-a-comment-then-tab"),
        pytest.param("top:\n#: |\n  \t- x\n", ("Y005", 3, 3), id="header-in-a-comment-then-tab-and-dash"),
        # The error is where it is, not at a `:?` read as text on an earlier line.
        pytest.param("a: [:x, a:?b]\nb:\n\t- c\n", ("Y005", 3, 1), id="tab-after-flow-colons"),
        pytest.param("a: [a:?b]\nb: c: d\n", ("Y005", 2, 5), id="colon-after-flow-colon-question"),
    ],
)
def test_yaml_12_syntax_errors_libyaml_misses_or_misnames(
    source: str, expected: tuple[str, int, int]
) -> None:
    assert only_problem(source) == expected


def test_problems_before_a_missed_syntax_error_are_kept() -> None:
    document = parse_yaml('a: &x 1\nb: "x"#c\nc: &y 2\n')
    assert [(p.code, p.line) for p in document.problems] == [("Y011", 1), ("Y005", 2)]


def test_values_read_through_placeholders_keep_their_positions() -> None:
    document = parse_yaml("a: [?x, b]\nc: |\n  \tcode\n", "f.yaml")
    assert document.data == {"a": ["?x", "b"], "c": "\tcode\n"}
    assert document.source_map.locate("/a/0") == ("f.yaml", 1, 5)
    assert document.source_map.locate("/c") == ("f.yaml", 2, 4)


# PyYAML's own scanner also ends a plain scalar at `?` in a flow collection (`[a:?b]`).
@pytest.mark.parametrize(
    "source",
    ["a: [?x, :y]\n", "n: |\n  \tx\nm: 1\n\t\n", 'a: "x"#c\n', "a:\n  -\tb\n", "...\na: 1\n"],
)
def test_pure_python_parser_reads_yaml_12_the_same(monkeypatch: pytest.MonkeyPatch, source: str) -> None:
    fast = parse_yaml(source)
    monkeypatch.setattr(yaml_loader, "_Parser", yaml.SafeLoader)
    slow = parse_yaml(source)
    assert slow.data == fast.data
    assert [(p.code, p.line, p.column) for p in slow.problems] == [
        (p.code, p.line, p.column) for p in fast.problems
    ]


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        pytest.param("title: A\u2028B\n", {"title": "A\u2028B"}, id="line-separator-in-plain-text"),
        pytest.param('title: "A\u2029B"\n', {"title": "A\u2029B"}, id="paragraph-separator-in-quotes"),
        pytest.param("a: [b\x85c]\n", {"a": ["b\x85c"]}, id="next-line-in-brackets"),
    ],
)
def test_yaml_11_line_breaks_are_ordinary_characters(source: str, expected: dict) -> None:
    document = parse_yaml(source)
    assert document.problems == []
    assert document.data == expected


def test_a_yaml_11_line_break_does_not_end_a_key() -> None:
    # YAML 1.2 reads `a:\u2028 b` as one text, not as the key `a` with the value `b`.
    assert only_problem("a:\u2028 b\n") == ("Y007", 1, 1)


def _read_as_data(document: yaml_loader.YamlDocument) -> tuple[object, ...]:
    source_map = document.source_map
    maps = (source_map.values, source_map.keys, source_map.ends, source_map.plain, source_map.texts)
    return (repr(document.data), *map(repr, maps), [str(problem) for problem in document.problems])


def test_the_short_paths_read_every_file_as_the_general_path_does(monkeypatch: pytest.MonkeyPatch) -> None:
    """Most scalars and block collections take a short path; every YAML file of the examples and
    the test data (hostile, invalid and natural ones included) reads the same without it."""
    files = sorted(
        path for folder in (REPO / "examples", REPO / "tests" / "data") for path in folder.rglob("*.yaml")
    )
    assert len(files) > 100
    short = [_read_as_data(parse_yaml(path.read_bytes(), path.name)) for path in files]
    builder = yaml_loader._Builder
    monkeypatch.setattr(builder, "_scalar_node", lambda self, event: self._node(event, self._scalar))
    monkeypatch.setattr(builder, "_collection_node", lambda self, event: self._node(event, self._collection))
    general = [_read_as_data(parse_yaml(path.read_bytes(), path.name)) for path in files]
    for path, expected, found in zip(files, general, short, strict=True):
        assert found == expected, path
