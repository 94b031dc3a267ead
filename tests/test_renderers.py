"""What the contractor sees: every value literal in every Markdown reader, and nothing injected.

A differential test. Adversarial text (Markdown and pandoc syntax, addresses, character
references, pipes, tildes, line breaks) goes into one field of a brief at a time; the brief is
read by cmark-gfm (GitHub, GitLab), markdown-it (editors, note apps), Python-Markdown (MkDocs
and the like) and the HTML brief. Compared with the same brief holding a plain placeholder,
each reader's document must be unchanged except where the placeholder stood, and there it
must hold exactly the value's text: no element of the value's own, only links whose text is
an address the value wrote out, going to that address.

Hypothesis runs with a fixed seed (``derandomize=True``, no example database), so CI sees the
same examples on every run. The strings reported with the escaping failures found earlier are
checked the same way, one by one.

Then every brief of the hostile corpus (tests/data/hostile) is read by cmark-gfm, markdown-it
with raw HTML and linkify on, Python-Markdown with MkDocs' attribute lists, pandoc and
showdown: none may hold raw HTML, an event handler, an image or a link that no value wrote out
as a plain web or mail address.
"""

from __future__ import annotations

import copy
import json
import re
import tempfile
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from helpers import leaves
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from renderers import READERS, Tag, every_reader, injections, same_target, shown_as_link_text, stream
from test_hostile import all_cases, prepare

from outsource_briefs import load_spec, markup, render_brief

pytestmark = pytest.mark.filterwarnings("ignore:mypy_extensions.TypedDict is deprecated:DeprecationWarning")

EXAMPLES = 3000
PLACEHOLDER = "Placeholdertext"
PLACEHOLDER_URL = "https://placeholder.example/"
HEADING_END = ".,;:!。，；：！ "
# The only links a value may make: a web or mail address it writes out (markdown-it's linkify
# also links a scheme-relative "//host/path" to itself).
WEB_AND_MAIL = ("http://", "https://", "mailto:", "//")

BASE_SPEC: dict[str, Any] = {
    "id": "differential",
    "title": "Refresh the shop logo",
    "version": "1.0.0",
    "kind": "generic",
    "outcome": "A refreshed logo in SVG and PNG.",
    "background": "Our shop opened in 2009.",
    "owner": {"name": "Ana Ribeiro", "email": "ana@example.com"},
    "scope": {"in": ["The logo"], "out": ["The sign"]},
    "deliverables": [{"name": "Logo files", "format": "SVG"}],
    "acceptance_criteria": ["The logo is legible at 32 pixels", "Both files open"],
    "steps": [{"title": "Sketch", "detail": "Three ideas."}, "Draw"],
    "standards": {"style_guide": "https://example.com/style"},
    "resources": [{"name": "Brand book", "url": "https://example.com/brand"}],
    "timeline": {
        "due": "2027-01-15T17:00:00+00:00",
        "milestones": [{"name": "First draft", "due": "2027-01-08T17:00:00+00:00"}],
    },
    "budget": {"model": "fixed", "amount": 300, "currency": "EUR"},
}

# Where a value goes, and how it is shown there: "line" (one line of text), "heading" (one line
# without closing punctuation), "text" (paragraphs), "label" (a link's text), "url" (a link's
# target) or "bare-url" (a link that shows its own address).
FIELDS: dict[str, tuple[tuple[str | int, ...], str]] = {
    "heading": (("title",), "heading"),
    "list item": (("scope", "in", 0), "line"),
    "checklist": (("acceptance_criteria", 0), "line"),
    "table cell": (("timeline", "milestones", 0, "name"), "line"),
    "link label": (("resources", 0, "name"), "label"),
    "link url": (("resources", 0, "url"), "url"),
    "bare link": (("standards", "style_guide"), "bare-url"),
    "multi-line text": (("background",), "text"),
    "step detail": (("steps", 0, "detail"), "text"),
}
TEXT_FIELDS = [name for name, (_, kind) in FIELDS.items() if kind not in {"url", "bare-url"}]
URL_FIELDS = [name for name, (_, kind) in FIELDS.items() if kind in {"url", "bare-url"}]

# Pieces of syntax for every reader, addresses of every shape, references and line breaks.
PIECES = [
    "*", "**", "_", "__", "`", "```", "~", "~~", "~~~", "#", "# ", "###", ">", "> ", "-", "- ",
    "+ ", "* ", "=", "===", "---", "--:", ":-:", "|", " | ", "\\", "\\\\", "[", "]", "(", ")",
    "![", "](", "[ ] ", "<", "</", "&", "&amp;", "&#126;", "&#x41;", "&copy", "&lt;", "&#60",
    "{", "}", "{#id}", "{.c onclick=x}", ":::", ":", "$", "^", "@", ".", "/", "1.", "1)",
    "12. ", "    ", "\t", "\n", "\n\n", "\r\n", " \n", "  \n", "\\\n", "\n- ", "\n1. ", "\n> ",
    "\n#", "\n|", "\n:", "\n---", "\n===", "http://x.example", "https://a.example/p?q=1&r=2#f",
    "https://a.example/a_(b)", "HTTPS://X.EXAMPLE/A", "Http://m.example", "ftp://f.example/x",
    "www.w.example", "//p.example/x", "mailto:m@x.example", "a@b.example", "a.b+c@d-e.example",
    "a@-b.example", "a@b-.example", "<http://x.example>", "<a@b.example>", "x.example",
    "javascript:alert(1)", "%41", "%20", "é", "日本", "\u00a0", "\u2028", "\u200b", "a", "b c",
    "word", "1,500", "]:", "[a]: http://x.example", "\n[a]: ", "[^1]", "<!--", "-->", "<b>",
    "| - |", ":--|", "\\|", "&#124;", "==", "'", '"', "@@", "a_b_c", "_a_", "*a*",
    "FTP://f.example/x", "file:///etc/x", "sftp://s.example", "{=html}", "{onclick=x}", "]{.c}",
    "::: {.c onclick=x}", "\n::: ", "\\<http://z>", "mailto:x/a=b//", "x@-", "-.example", "&#58;",
    "@doe", "[@doe]", "-@doe", "(@)", "^", "2^10^", "$", "$x$", "$5", "&#94;",
]  # fmt: skip
ALPHABET = "".join(chr(code) for code in range(32, 127)) + " \n\téß日😀"
VALUE_TEXT = (
    st.lists(st.one_of(st.sampled_from(PIECES), st.text(ALPHABET, max_size=3)), min_size=1, max_size=14)
    .map("".join)
    .filter(lambda text: re.search(r"\S", text) is not None)
)
URL_CHARS = "abcXYZ019-._~!$&'()*+,;=:@/?#%"
URL_VALUE = st.builds(
    "{}{}.example/{}".format,
    st.sampled_from(["http://", "https://", "HTTPS://", "Http://"]),
    st.from_regex(r"[a-z0-9](?:[a-z0-9-]{0,8}[a-z0-9])?", fullmatch=True),
    st.lists(
        st.one_of(
            st.sampled_from(["%41", "%20", "&amp;", "a_b", "(x)", "~", "*"]), st.text(URL_CHARS, max_size=3)
        ),
        max_size=6,
    ).map("".join),
) | st.builds(
    "mailto:{}@{}.example".format,
    st.from_regex(r"[a-z0-9.+_-]{1,8}", fullmatch=True),
    st.from_regex(r"[a-z0-9]{1,8}", fullmatch=True),
)
SETTINGS = settings(
    max_examples=EXAMPLES,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@cache
def _folder() -> Path:
    return Path(tempfile.mkdtemp(prefix="differential-"))


def render_with(field: str, value: str) -> str:
    """The brief's Markdown with ``value`` in ``field``."""
    spec = copy.deepcopy(BASE_SPEC)
    path, _ = FIELDS[field]
    holder: Any = spec
    for key in path[:-1]:
        holder = holder[key]
    holder[path[-1]] = value
    file = _folder() / "differential.brief.json"
    file.write_text(json.dumps(spec, ensure_ascii=False), encoding="utf-8")
    return render_brief(load_spec(file), check=False).markdown


@cache
def placeholder_stream(field: str, reader: str) -> tuple[Tag | str, ...]:
    kind = FIELDS[field][1]
    value = PLACEHOLDER_URL if kind in {"url", "bare-url"} else PLACEHOLDER
    return tuple(stream(READERS[reader](render_with(field, value))))


def expected_text(value: str, kind: str) -> str:
    """The value as the filters document it: whitespace folded; a heading without closing
    punctuation; paragraphs separated by a blank line."""
    if kind == "text":
        paragraphs = [" ".join(part.split()) for part in re.split(r"\n\s*\n", value.strip())]
        return "\n\n".join(paragraph for paragraph in paragraphs if paragraph)
    line = " ".join(value.split())
    return line.rstrip(HEADING_END) or line if kind == "heading" else line


def assert_literal_everywhere(field: str, value: str) -> None:
    markdown_text = render_with(field, value)
    for reader, read in READERS.items():
        html = read(markdown_text)
        try:
            _assert_literal(placeholder_stream(field, reader), stream(html), field, value)
        except AssertionError as error:
            raise AssertionError(
                f"{reader}, {field} = {value!r}: {error}\n--- Markdown:\n{markdown_text}\n--- HTML:\n{html}"
            ) from None


def _assert_literal(before: tuple[Tag | str, ...], after: list[Tag | str], field: str, value: str) -> None:
    kind = FIELDS[field][1]
    if kind == "url":
        _assert_only_target_changed(before, after, value)
        return
    marker = PLACEHOLDER_URL if kind == "bare-url" else PLACEHOLDER
    flat = "".join(token if isinstance(token, str) else "\x00" for token in before)
    start = flat.find(marker)
    assert start >= 0, "the placeholder is not in the document"
    assert flat.find(marker, start + 1) < 0, "the placeholder is in the document twice"
    prefix, suffix = list(before[:start]), list(before[start + len(marker) :])
    # A bare link's opening tag holds the address: it is checked on its own below.
    compared = len(prefix) - 1 if kind == "bare-url" else len(prefix)
    assert after[:compared] == prefix[:compared], "the document before the value changed"
    assert len(after) >= len(prefix) + len(suffix), "the value removed part of the document"
    assert after[len(after) - len(suffix) :] == suffix, "the document after the value changed"
    middle = after[len(prefix) : len(after) - len(suffix)]
    if kind == "bare-url":
        link = after[compared]
        assert isinstance(link, Tag), "the address is not a link"
        assert link.name == "a", "the address is not a link"
        assert link.get("href") is None or same_target(link.get("href") or "", value), (
            "the link goes elsewhere"
        )
        assert all(isinstance(token, str) for token in middle), "the link's text holds markup"
        assert shown_as_link_text(value, "".join(map(str, middle))), "the link does not show its address"
        return
    _assert_shows(middle, expected_text(value, kind), in_link=kind == "label")


def _assert_only_target_changed(before: tuple[Tag | str, ...], after: list[Tag | str], value: str) -> None:
    assert len(after) == len(before), "the document changed around the link"
    changed = [index for index, (old, new) in enumerate(zip(before, after, strict=True)) if old != new]
    assert len(changed) == 1, "more than the link's target changed"
    old, new = before[changed[0]], after[changed[0]]
    assert isinstance(old, Tag)
    assert isinstance(new, Tag)
    assert old.name == new.name == "a"
    assert same_target(old.get("href") or "", PLACEHOLDER_URL)
    assert same_target(new.get("href") or "", value), "the link goes elsewhere"


def _assert_shows(middle: list[Tag | str], expected: str, *, in_link: bool) -> None:
    """``middle`` shows ``expected``: text, paragraph breaks where it has blank lines, and
    links only where it writes out an address, to that address."""
    position = 0
    index = 0
    while index < len(middle):
        token = middle[index]
        if isinstance(token, str):
            assert expected.startswith(token, position), _mismatch(expected, position, middle, index)
            position += 1
            index += 1
        elif token == Tag("p", closing=True) and middle[index + 1 : index + 2] == [Tag("p")]:
            assert expected.startswith("\n\n", position), "the value was split into paragraphs"
            position += 2
            index += 2
        elif token.name == "a" and not token.closing and not in_link:
            index, position = _consume_link(middle, index, expected, position)
        else:
            raise AssertionError(f"the value made {token} ({_mismatch(expected, position, middle, index)})")
    assert position == len(expected), f"the value was cut: {expected[position:]!r} is missing"


def _consume_link(middle: list[Tag | str], index: int, expected: str, position: int) -> tuple[int, int]:
    opening = middle[index]
    assert isinstance(opening, Tag)
    end = middle.index(Tag("a", closing=True), index)
    inside = middle[index + 1 : end]
    assert all(isinstance(token, str) for token in inside), "a link holds markup"
    shown = "".join(map(str, inside))
    href = opening.get("href")
    assert href is None or href.lower().startswith(WEB_AND_MAIL), f"{shown!r} links to {href!r}"
    for length in range(1, min(len(expected) - position, 3 * len(shown) + 3) + 1):
        written = expected[position : position + length]
        if shown_as_link_text(written, shown):
            # The sanitizer keeps the text of a link whose address it cannot parse, without href.
            targets = (written, "mailto:" + written, "http://" + written)
            assert href is None or any(same_target(href, target) for target in targets), (
                f"{shown!r} links to {href!r}"
            )
            return end + 1, position + length
    raise AssertionError(f"link text {shown!r} is not what the value wrote at {expected[position:]!r}")


def _mismatch(expected: str, position: int, middle: list[Tag | str], index: int) -> str:
    shown = "".join(token if isinstance(token, str) else f"<{token.name}>" for token in middle[index:])
    return f"expected {expected[position:]!r}, shown {shown!r}"


# The strings reported with escaping failures, each in the field where it was found (or, when
# the report names none, in the kind of field it names).
QUOTED = {
    "link injection in the HTML brief": ("heading", "http://x.example/[Download](https://evil.example/file)"),
    "a pipe in a URL splits table cells": (
        "table cell",
        "http://a.example|[Pay here](https://evil.example/pay)",
    ),
    "a pipe in a URL and an image": ("table cell", "http://a.example|![i](https://evil.example/i.png)"),
    "a table from multi-line text": ("multi-line text", "Totals\n--:\n12"),
    "links nested in a link label": ("link label", "see http://x.example or a@b.example"),
    "a link label that is a URL": ("link label", "https://label.example/"),
    "a backslash and a backtick in a URL": ("list item", "http://x.example/a\\b`c`"),
    "strikethrough across a URL": ("list item", "~a http://x.example b~"),
    "an e-mail domain label starting with -": ("list item", "a@-b.example.com"),
    "an e-mail domain label ending with -": ("list item", "a@b-.example.com"),
    "a heading ending in an escaped #": ("heading", "x \\#"),
    "a pandoc div": ("multi-line text", "::: {autofocus onfocus=alert(1)}"),
    "a pandoc div between paragraphs": (
        "multi-line text",
        "a\n\n::: {autofocus=1 onfocus=alert(1)}\n\nb\n\n:::",
    ),
    "pandoc attributes after an e-mail address": ("list item", "ana@example.com{onmouseover=alert(1)}"),
    "an autolink's insides": ("heading", "http://x/contenteditable/autofocus/onfocus=JS//\\<http://z>"),
    "a label-less mailto URL": ("bare link", "mailto:x/contenteditable/autofocus/onfocus=alert(1)//"),
    "an ftp URL": ("list item", "ftp://files.example/x"),
    "an upper-case HTTPS URL": ("checklist", "HTTPS://EXAMPLE.COM/A"),
}


@pytest.mark.parametrize(("field", "value"), QUOTED.values(), ids=QUOTED)
def test_the_quoted_strings_are_literal_in_every_reader(field: str, value: str) -> None:
    assert_literal_everywhere(field, value)


@SETTINGS
@given(field=st.sampled_from(TEXT_FIELDS), value=VALUE_TEXT)
def test_text_is_literal_in_every_reader(field: str, value: str) -> None:
    assert_literal_everywhere(field, value)


@settings(SETTINGS, max_examples=EXAMPLES // 6)
@given(field=st.sampled_from(URL_FIELDS), value=URL_VALUE)
def test_link_targets_are_kept_in_every_reader(field: str, value: str) -> None:
    assert_literal_everywhere(field, value)


def test_the_check_catches_a_value_that_is_not_literal(monkeypatch: pytest.MonkeyPatch) -> None:
    """The comparison itself: without escaping, the same values change the document."""
    monkeypatch.setattr(markup, "_escape_words", lambda text: text)
    monkeypatch.setattr(markup, "_escape_line_start", lambda text: text)
    for field, value in [("heading", "*bold*"), ("list item", "[x](https://evil.example)"),
                         ("table cell", "a | b"), ("multi-line text", "a\n# b")]:  # fmt: skip
        with pytest.raises(AssertionError):
            assert_literal_everywhere(field, value)


# --- hostile briefs: nothing injected in any reader ----------------------------------------

HOSTILE = [case for case in all_cases() if case.renders_safely is not None]


def link_fields(data: dict[str, Any]) -> list[tuple[str, str | None]]:
    """The fields the templates write as links: each address with its label."""
    fields = [
        (resource["url"], resource["name"]) for resource in data.get("resources", []) if "url" in resource
    ]
    examples = data.get("examples", {})
    fields.extend(
        (reference["url"], reference.get("title"))
        for reference in examples.get("good", []) + examples.get("bad", [])
        if "url" in reference
    )
    style_guide = data.get("standards", {}).get("style_guide")
    return [*fields, (style_guide, None)] if style_guide else fields


@pytest.mark.parametrize("case", HOSTILE, ids=lambda case: case.id)
def test_hostile_briefs_inject_nothing_in_any_reader(case: Any, tmp_path: Path) -> None:
    """Each hostile brief's Markdown, read by cmark-gfm, markdown-it (raw HTML and linkify
    on), Python-Markdown (with attribute lists), pandoc and showdown: no raw HTML, no event
    handler, no image, and no link other than an address a value wrote out."""
    spec = load_spec(prepare(case, tmp_path) / case.cwd / case.renders_safely)
    text = render_brief(spec).markdown
    values = [value for _, value in leaves([spec.data, spec.contractor]) if isinstance(value, str)]
    for reader, html in every_reader(text).items():
        assert injections(html, values, link_fields(spec.data)) == [], f"{reader}:\n{html}"


WRITTEN = ["Get it at https://x.example/file or ana@example.com", "Download", "ftp://f.example/x"]


@pytest.mark.parametrize(
    "html",
    [
        '<p><img src="https://evil.example/i.png" alt="i"></p>',
        '<div onfocus="alert(1)"><p>x</p></div>',
        '<h1 onclick="alert(1)">Title</h1>',
        '<p><mailto:x onmouseover="alert(1)"></p>',
        '<p><a href="https://evil.example/file">Download</a></p>',
        '<p><a href="https://evil.example/file">https://x.example/file</a></p>',
        '<p><a href="ftp://f.example/x">ftp://f.example/x</a></p>',
        '<p><a href="javascript:alert(1)">https://x.example/file</a></p>',
        '<p><span class="x">a</span></p>',
    ],
)
def test_the_injection_check_sees_what_no_value_may_cause(html: str) -> None:
    assert injections(html, WRITTEN, [("https://r.example/", "Brand book")]) != []


def test_the_injection_check_lets_markdown_and_written_addresses_through() -> None:
    html = (
        '<h2 id="resources">Resources</h2><ul class="task-list"><li><input type="checkbox" disabled="">'
        ' Get it at <a href="https://x.example/file">https://x.example/file</a> or'
        ' <a href="mailto:ana@example.com" class="email">ana@example.com</a></li>'
        '<li><a href="https://r.example/">Brand book</a></li></ul>'
    )
    assert injections(html, WRITTEN, [("https://r.example/", "Brand book")]) == []
