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
        ("~5 minutes", "&#126;5 minutes"),
        ("{#id .x onclick=y}", "\\{#id .x onclick=y}"),
        ("ftp://files.example/a", "ftp&#58;//files.example/a"),
        ("HTTPS://EXAMPLE.COM/A", "<HTTPS://EXAMPLE.COM/A>"),
        ("(see https://en.example/wiki/A_(b))", "(see <https://en.example/wiki/A_(b)>)"),
        ("[note]: a", "\\[note\\]&#58; a"),
        ("ask @doe, [@doe] or -@doe; ana@doe", "ask &#64;doe, \\[&#64;doe\\] or -&#64;doe; ana@doe"),
        ("2^10^ and H~2~O", "2&#94;10&#94; and H&#126;2&#126;O"),
        ("$x$ costs $ 5, or $5", "&#36;x$ costs $ 5, or &#36;5"),
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


@pytest.mark.parametrize(
    ("line", "escaped"),
    [
        ("::: {autofocus onfocus=alert(1)}", "&#58;:: \\{autofocus onfocus=alert(1)}"),
        (": a definition", "&#58; a definition"),
        ("--:", "\\--:"),
        (":-:", "&#58;-:"),
        ("- | -", "\\- \\| -"),
        ("|---|", "\\|---\\|"),
    ],
)
def test_no_line_opens_a_pandoc_div_a_definition_or_a_table(line: str, escaped: str) -> None:
    assert markup.text_block(f"Totals\n{line}\n12") == f"Totals\n{escaped}\n12"


def test_heading_drops_closing_punctuation_only() -> None:
    assert markup.heading("Handover note.") == "Handover note"
    assert markup.heading("Why? Because") == "Why? Because"
    assert markup.heading("Tom &amp;") == "Tom &amp"
    assert markup.heading("...") == "..."


# The escaping failures a differential check against three Markdown readers found, each with
# the exact string reported (tests/test_renderers.py reads the same strings in every reader).
REPORTED_FAILURES = {
    "1 link injection in the HTML brief": (
        markup.inline,
        "http://x.example/[Download](https://evil.example/file)",
        "<http://x.example/>\\[Download\\](<https://evil.example/file>)",
    ),
    "2 a pipe in a URL splits table cells": (
        markup.cell,
        "http://a.example|[Pay here](https://evil.example/pay)",
        "<http://a.example>\\|\\[Pay here\\](<https://evil.example/pay>)",
    ),
    "3 a table from multi-line text": (markup.text_block, "Totals\n--:\n12", "Totals\n\\--:\n12"),
    "4 links nested in a link label": (
        lambda label: markup.link("https://r.example/", label),
        "see http://x.example or a@b.example",
        "[see http&#58;//x.example or a@b.example](https://r.example/)",
    ),
    "5 a backslash or backtick in a URL": (
        markup.inline,
        "http://x.example/a\\b`c`",
        "<http://x.example/a>\\\\b\\`c\\`",
    ),
    "6 strikethrough across a URL": (
        markup.inline,
        "~a http://x.example b~",
        "&#126;a <http://x.example> b&#126;",
    ),
    "7 a domain label starting or ending in -": (
        markup.inline,
        "a@-b.example.com and a@b-.example.com",
        "a@-b.example.com and a@b-.example.com",
    ),
    "7 a heading ending in an escaped #": (markup.heading, "x \\#", "x \\\\\\#"),
}


@pytest.mark.parametrize(("escape", "value", "expected"), REPORTED_FAILURES.values(), ids=REPORTED_FAILURES)
def test_reported_escaping_failures_are_escaped(escape, value: str, expected: str) -> None:
    assert escape(value) == expected


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
        (
            "mailto:x/onmouseover=alert(1)",
            None,
            "[mailto:x/onmouseover=alert(1)](mailto:x/onmouseover=alert%281%29)",
        ),
        (
            "https://example.com/?a=1&amp;b",
            None,
            "[https&#58;//example.com/?a=1&amp;amp;b](https://example.com/?a=1&%61mp;b)",
        ),
        (
            "https://example.com/x",
            "https://example.com/x",
            "[https&#58;//example.com/x](https://example.com/x)",
        ),
        ("https://example.com", "   ", "<https://example.com>"),
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
    assert markup.number(1800) == "1,800"
    assert markup.number(1500.0) == "1,500"
    assert markup.number(2.5) == "2.5"
    assert markup.number("1,300 visits") == "1,300 visits"
    assert markup.number("<b>") == "&lt;b>"
    assert markup.label("first_response") == "First response"


def test_at_most_so_many_addresses_in_a_value_become_links() -> None:
    limit = markup.MAX_LINKS_PER_VALUE
    mails = markup.inline(" ".join(f"a{i}@example.com" for i in range(limit + 1)))
    assert mails.count("<") == limit
    assert mails.endswith(f" a{limit}@example.com")
    urls = markup.joined([f"https://example.com/{i}" for i in range(limit + 1)])
    assert urls.count("<") == limit
    assert urls.endswith(f", https&#58;//example.com/{limit}")


def test_addresses_are_found_once_and_whole() -> None:
    assert markup.inline("https://example.com/a@b.example") == "<https://example.com/a@b.example>"
    assert markup.inline("a@b.example,https://c.example.") == "<a@b.example>,<https://c.example>."
    assert markup.inline("https://") == "https&#58;//"
    assert markup.inline("x@y.example2 x@-y.example") == "x@y.example2 x@-y.example"
