"""Markdown escaping and formatting filters."""

from __future__ import annotations

import pytest

from outsource_briefs import markup


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("plain words, 1.5 kg", "plain words, 1.5 kg"),
        ("# heading", "\\# heading"),
        ("#hashtag", "\\#hashtag"),
        ("> quote", "\\> quote"),
        ("- item", "\\- item"),
        ("+ item", "\\+ item"),
        ("1. first", "1\\. first"),
        ("3) third", "3\\) third"),
        ("1.2.0 release", "1.2.0 release"),
        ("-5 degrees", "-5 degrees"),
        ("*bold* and _em_", "\\*bold\\* and \\_em\\_"),
        ("snake_case_name", "snake_case_name"),
        ("`code`", "\\`code\\`"),
        ("[x](y)", "\\[x\\](y)"),
        ("a | b", "a \\| b"),
        ("<b>tag</b>", "&lt;b>tag&lt;/b>"),
        ("&copy; and R&D", "&amp;copy; and R&D"),
        ("back\\slash", "back\\\\slash"),
        ("Issue #", "Issue \\#"),
        ("~~gone~~", "&#126;&#126;gone&#126;&#126;"),
        ("~5 minutes", "~5 minutes"),
        ("===", "&#61;=="),
        ("see https://example.com/a_b*c.", "see <https://example.com/a_b*c>."),
        ("mail ana@example.com", "mail <ana@example.com>"),
        ("www.example.com", "www\\.example.com"),
        ("line\nbreak\ttab", "line break tab"),
        (None, ""),
        (True, "yes"),
        (2.0, "2"),
    ],
)
def test_inline(value, expected) -> None:
    assert markup.inline(value) == expected


def test_text_block_keeps_paragraphs_and_escapes_every_line() -> None:
    text = "First line\n## not a heading\n\n---\n    indented\n\n\n- not a list"
    assert markup.text_block(text) == "First line\n\\## not a heading\n\n\\---\nindented\n\n\\- not a list"
    assert markup.text_block("a\nb", indent=3) == "a\n   b"


def test_heading_drops_closing_punctuation_only() -> None:
    assert markup.heading("Handover note.") == "Handover note"
    assert markup.heading("Why? Because") == "Why? Because"
    assert markup.heading("1.") == "1\\."


def test_joined_uses_semicolons_when_items_hold_commas() -> None:
    assert markup.joined(["a", "b"]) == "a, b"
    assert markup.joined(["Lisbon, Portugal", "Porto"]) == "Lisbon, Portugal; Porto"
    assert markup.joined(None) == ""


@pytest.mark.parametrize(
    ("url", "label", "expected"),
    [
        ("https://example.com/a b(c)", "Guide", "[Guide](https://example.com/a%20b%28c%29)"),
        ("https://example.com", None, "<https://example.com>"),
        ("mailto:a@example.com", "Mail", "[Mail](mailto:a@example.com)"),
        ("javascript:alert(1)", "Click", "Click (`javascript:alert(1)`)"),
        ("data:text/html,x", None, "`data:text/html,x`"),
        ("https://example.com/\x00", "x", "x (`https://example.com/\x00`)"),
    ],
)
def test_link(url, label, expected) -> None:
    assert markup.link(url, label) == expected


def test_code_span_survives_backticks() -> None:
    assert markup.code("a`b") == "``a`b``"
    assert markup.code("`x`") == "`` `x` ``"


def test_dates_money_and_numbers() -> None:
    assert markup.when("2026-12-18T17:00:00-06:00") == "Friday 18 December 2026, 17:00 (UTC-06:00)"
    assert markup.when("2026-12-18T17:00:00Z") == "Friday 18 December 2026, 17:00 (UTC)"
    assert markup.when("2026-12-18T17:00:00+05:30", "America/Chicago") == (
        "Friday 18 December 2026, 05:30 (America/Chicago)"
    )
    assert markup.day("2026-12-01") == "Tuesday 1 December 2026"
    assert markup.money(1200, "EUR") == "1,200 EUR"
    assert markup.money(37.5, "USD") == "37.50 USD"
    assert markup.money(None, "USD") == ""
    assert markup.number(1800) == "1800"
    assert markup.label("first_response") == "First response"
