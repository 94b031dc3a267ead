"""Markdown to a standalone, printable, sanitized HTML page (``render --to html``)."""

from __future__ import annotations

import html
import re

import markdown
import nh3
from markdown.extensions import Extension
from markdown.inlinepatterns import InlineProcessor

_TAGS = {
    "a",
    "blockquote",
    "br",
    "code",
    "em",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "input",
    "li",
    "ol",
    "p",
    "pre",
    "strong",
    "table",
    "tbody",
    "td",
    "th",
    "thead",
    "tr",
    "ul",
}
_ATTRIBUTES = {"a": {"href", "title"}, "td": {"align"}, "th": {"align"}, "input": {"checked"}}
# A checklist item's box is the only input: shown, never sent anywhere, never editable.
_INPUT_TYPES = {"input": {"type": {"checkbox"}}}
_INPUT_DISABLED = {"input": {"disabled": "disabled"}}
# The page loads nothing and runs nothing, whatever the sanitizer might miss.
_POLICY = "default-src 'none'; style-src 'unsafe-inline'; form-action 'none'; base-uri 'none'"
_STYLE = """
body { font: 16px/1.55 system-ui, -apple-system, "Segoe UI", sans-serif; color: #1b1b1b;
       max-width: 46rem; margin: 2rem auto; padding: 0 1rem; }
h1 { font-size: 1.8rem; } h2 { margin-top: 2rem; border-bottom: 1px solid #ddd; }
table { border-collapse: collapse; } th, td { border: 1px solid #ccc; padding: .3rem .6rem; }
thead { display: table-header-group; }
code { background: #f3f3f3; padding: 0 .2rem; }
li:has(> input[type="checkbox"]) { list-style: none; }
li > input[type="checkbox"] { margin: 0 .5em 0 -1.4em; }
footer { margin-top: 3rem; color: #666; font-size: .85rem; }
@media print {
  body { margin: 0; max-width: none; font-size: 11pt; } a { color: inherit; }
  h1, h2, h3, h4 { break-after: avoid; break-inside: avoid; }
  li, tr, p { break-inside: avoid; } p { orphans: 3; widows: 3; }
  footer { break-before: avoid; }
}
""".strip()


def markdown_to_html(body: str) -> str:
    """Convert a brief's Markdown to sanitized HTML: checklists become disabled checkboxes;
    no scripts, no event handlers, no links other than ``http``, ``https`` and ``mailto``."""
    converter = markdown.Markdown(
        extensions=["tables", "fenced_code", "sane_lists", "pymdownx.tasklist", _EscapedTextRuns()],
        output_format="html",
    )
    return nh3.clean(
        converter.convert(body),
        tags=_TAGS,
        attributes=_ATTRIBUTES,
        tag_attribute_values=_INPUT_TYPES,
        set_tag_attribute_values=_INPUT_DISABLED,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
    )


def markdown_to_page(body: str, *, title: str, footer: str) -> str:
    """A complete page of a brief's Markdown (see :func:`markdown_to_html`), with print styles
    and a content security policy that lets it load and run nothing."""
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{_POLICY}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{html.escape(title)}</title>\n<style>\n{_STYLE}\n</style>\n</head>\n<body>\n"
        f"<main>\n{markdown_to_html(body)}\n</main>\n<footer>{html.escape(footer)}</footer>\n"
        "</body>\n</html>\n"
    )


# A character reference, as Python-Markdown's entity pattern takes it (it keeps it as written).
_REFERENCE = r"&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z0-9]+);"


class _EscapedTextRun(InlineProcessor):
    """A run of text from a backslash escape or a character reference on, taken in one match.

    Python-Markdown rewrites a paragraph's whole text for every match of an inline pattern, and
    each escape is a match of its own: a value of thousands of escaped characters took time in
    the square of its length. A run ends only at a character that may begin other inline
    syntax (a backtick, ``*``, ``_`` at a word's edge, a bracket, ``![``, ``<``, a line break
    after two spaces), so a paragraph holds about as many runs as its template markup and
    links. The run is stashed as finished text, its escapes resolved, as Python-Markdown does
    with each escape on its own, so no other pattern reads it; the one difference is for a
    backslash escape inside a link target or a raw HTML tag, which the packaged escaping
    never writes there.
    """

    def __init__(self, escapable: str, md: markdown.Markdown) -> None:
        escaped = f"[{re.escape(escapable)}]"
        plain = r"[^\\`*_\[\]!<\n\x02\x03]|!(?!\[)|(?<=[^\W_])_(?=[^\W_])|(?<!  )\n"
        start = rf"\\{escaped}|{_REFERENCE}"
        super().__init__(rf"(?:{start})(?:\\{escaped}|\\(?!{escaped})|{plain})*", md)
        # A backslash before an escapable character; escaped backslashes are split off first.
        self._escape = re.compile(rf"\\(?={escaped})")

    # Python-Markdown's method names; a text result is allowed, as for its own escapes.
    def handleMatch(  # type: ignore[override]  # noqa: N802
        self, m: re.Match[str], data: str
    ) -> tuple[str, int, int]:
        # Fixed-text replacements and a split, rather than a substitution per escape, which
        # Python runs one call at a time.
        pieces = m.group(0).split("\\\\")
        return "\\".join(self._escape.sub("", piece) for piece in pieces), m.start(0), m.end(0)


class _EscapedTextRuns(Extension):
    """Linear time for the brief's escaped text (see :class:`_EscapedTextRun`)."""

    def extendMarkdown(self, md: markdown.Markdown) -> None:  # noqa: N802 - Python-Markdown's name
        escapable = "".join(md.ESCAPED_CHARS)
        # Just before Python-Markdown's escape pattern (180), after code spans (190).
        md.inlinePatterns.register(_EscapedTextRun(escapable, md), "escaped_text_runs", 185)
        # The raw-HTML block scanner reads the whole brief with an HTML parser, at a cost of
        # tens of microseconds for every character reference the escaping writes. A brief's
        # values never hold raw HTML, and the sanitizer removes what a template writes.
        md.preprocessors.deregister("html_block")
