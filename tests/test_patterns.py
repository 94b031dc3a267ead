"""Patterns: the linear-time matcher answers as Python's re does, rejects what it cannot match in
linear time, and says where jsonschema-rs reads a pattern otherwise."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from outsource_briefs.schema_check import patterns
from outsource_briefs.schema_check.patterns import (
    LinearPattern,
    PatternError,
    check_pattern,
    divergent_characters,
    ecma_source,
    matcher,
    packaged_patterns,
)

# Pieces of patterns: every construct the matcher supports, on a small alphabet so that
# texts drawn from TEXT_CHARACTERS often match.
ATOMS = (
    *("a", "b", "é", "_", " ", "\\n", "\\.", ".", "\\d", "\\D", "\\s", "\\S", "\\w", "\\W"),
    *("[ab]", "[^a]", "[a-c\\s]", "[^\\d_]", "\\b", "\\B", "^", "$", "\\A", "\\Z"),
)
QUANTIFIERS = ("*", "+", "?", "*?", "+?", "??", "{2}", "{1,3}", "{0,2}?", "{2,}")
TEXT_CHARACTERS = "ab _é1٣\n\r\x85\ufeff\u2028xZ."


def _patterns() -> st.SearchStrategy[str]:
    def extend(inner: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
        return st.one_of(
            st.tuples(inner, inner).map("".join),
            st.tuples(inner, inner).map(lambda pair: f"(?:{pair[0]}|{pair[1]})"),
            st.tuples(inner, st.sampled_from(QUANTIFIERS)).map(lambda pair: f"(?:{pair[0]}){pair[1]}"),
            inner.map(lambda body: f"({body})"),
        )

    return st.recursive(st.sampled_from(ATOMS), extend, max_leaves=8)


@settings(max_examples=600, deadline=None)
@given(_patterns(), st.lists(st.text(TEXT_CHARACTERS, max_size=10), min_size=1, max_size=6))
def test_the_linear_matcher_answers_as_re_does(pattern: str, texts: list[str]) -> None:
    expected = re.compile(ecma_source(pattern))
    linear = LinearPattern(pattern)
    for text in texts:
        assert linear.search(text) == (expected.search(text) is not None), (pattern, text)


@pytest.mark.parametrize("escape", ["\\d", "\\D", "\\s", "\\S", "\\w", "\\W", ".", "\\b", "\\B"])
def test_character_classes_are_pythons_own(escape: str) -> None:
    """Python's Unicode classes, on every character below U+0800 and a sample above."""
    codes = [*range(0x800), *range(0x800, 0x110000, 97), 0x2028, 0x2029, 0xFEFF, 0x3000]
    expected = re.compile(escape)
    linear = LinearPattern(escape)
    for code in codes:
        for text in (chr(code), f"a{chr(code)}"):
            assert linear.search(text) == (expected.search(text) is not None), (escape, hex(code))


def test_a_final_dollar_matches_only_at_the_very_end() -> None:
    assert not LinearPattern("^[a-z]+$").search("logo\n")
    assert LinearPattern("^[a-z]+$").search("logo")
    assert LinearPattern("^a$|^b$").search("a\n")  # only a final "$" is ECMA-262's


def test_the_empty_text() -> None:
    for pattern, found in [
        ("", True),
        ("^$", True),
        ("a*", True),
        ("a", False),
        ("\\b", False),
        ("\\B", False),
    ]:
        assert LinearPattern(pattern).search("") is found
        assert (re.search(ecma_source(pattern), "") is not None) is found


@pytest.mark.parametrize(
    ("pattern", "text", "found"),
    [
        ("^(a|a)+$", "a" * 100_000 + "!", False),
        ("^(a|a)+$", "a" * 100_000, True),
        ("^(a+)+$", "a" * 100_000 + "!", False),
        ("(x+x+)+y", "x" * 100_000, False),
        ("^(\\w+\\s?)*$", "word " * 20_000 + "!", False),
        ("\\s*x", " " * 100_000, False),
    ],
)
def test_catastrophic_patterns_answer_on_long_texts(pattern: str, text: str, found: bool) -> None:
    """Python's re would take longer than the age of the universe over the texts that fail."""
    assert LinearPattern(pattern).search(text) is found


def test_answers_stay_right_when_the_matcher_starts_afresh(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(patterns, "_MAX_REMEMBERED", 40)
    pattern = "[ab]{0,6}c|b{2}a"
    linear = LinearPattern(pattern)
    texts = ["abababc", "ababab", "bba", "aaaaaaac", "bbbbbbbbbbbbbbbbba", "cab", "ab" * 50 + "c"]
    for text in texts * 3:
        assert linear.search(text) == (re.search(pattern, text) is not None), text


@pytest.mark.parametrize(
    ("pattern", "fragment"),
    [
        ("(?=a)b", "lookahead"),
        ("(?<!a)b", "negative lookahead or lookbehind"),
        ("(a)\\1", "backreference"),
        ("(a)?(?(1)b|c)", "conditional group"),
        ("(?i)logo", "flags"),
        ("(?i:logo)", "group with flags"),
        ("a*+", "possessive repeat"),
        ("(?>a)", "atomic group"),
        ("(a{100}){100}", "too complex"),
        ("a{100000}", "too complex"),
        ("(", "not a valid regular expression"),
        ("[z-a]", "not a valid regular expression"),
    ],
)
def test_what_cannot_be_matched_in_linear_time_is_refused(pattern: str, fragment: str) -> None:
    with pytest.raises(PatternError, match=fragment):
        check_pattern(pattern)
    with pytest.raises(PatternError):
        LinearPattern(pattern)


def test_matcher_uses_re_for_the_packaged_patterns_and_the_linear_matcher_otherwise() -> None:
    assert "\\S" in packaged_patterns()
    assert "^[A-Z]{3}$" in packaged_patterns()
    assert matcher("\\S")(" x")
    assert not matcher("\\S")(" \x85 ")
    assert not matcher("^(a|a)+$")("a" * 100_000 + "b")
    with pytest.raises(PatternError):
        matcher("(?=a)")


@pytest.mark.parametrize(
    ("pattern", "included", "excluded"),
    [
        ("\\S", "\x85\ufeff\x1c", "é\r\n"),
        ("^[a-z0-9-]+$", "", "\x85\ufeffé\n\r"),
        ("^\\d+$", "é\u0663", "\n"),
        ("[^\\w]", "é", ""),
        ("^a.b$", "\r\u2028", "é"),
        ("^a$|^b$", "\n", "é"),
        ("\\bword", "é", ""),
    ],
)
def test_divergent_characters(pattern: str, included: str, excluded: str) -> None:
    characters = divergent_characters([pattern])
    found = re.compile(f"[{characters}]" if characters else "(?!)")
    for char in included:
        assert found.search(char), (pattern, char)
    for char in excluded:
        assert not found.search(char), (pattern, char)


def test_an_unusable_pattern_diverges_everywhere() -> None:
    assert re.search(f"[{divergent_characters(['(?=a)'])}]", "a")
