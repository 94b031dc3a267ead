"""Markdown to a standalone, printable, sanitized HTML page (``render --to html``)."""

from __future__ import annotations

import html

import markdown
import nh3

_EXTENSIONS = ["tables", "fenced_code", "sane_lists"]
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
_ATTRIBUTES = {"a": {"href", "title"}, "td": {"align"}, "th": {"align"}}
_STYLE = """
body { font: 16px/1.55 system-ui, -apple-system, "Segoe UI", sans-serif; color: #1b1b1b;
       max-width: 46rem; margin: 2rem auto; padding: 0 1rem; }
h1 { font-size: 1.8rem; } h2 { margin-top: 2rem; border-bottom: 1px solid #ddd; }
table { border-collapse: collapse; } th, td { border: 1px solid #ccc; padding: .3rem .6rem; }
code { background: #f3f3f3; padding: 0 .2rem; }
footer { margin-top: 3rem; color: #666; font-size: .85rem; }
@media print { body { margin: 0; max-width: none; } a { color: inherit; }
               h2 { break-after: avoid; } li, tr { break-inside: avoid; } }
""".strip()


def markdown_to_page(body: str, *, title: str, footer: str) -> str:
    """Convert Markdown to HTML, sanitize it (no scripts, no ``javascript:`` links) and wrap it
    in a complete page with print styles."""
    converted = markdown.markdown(body, extensions=_EXTENSIONS, output_format="html")
    clean = nh3.clean(
        converted,
        tags=_TAGS,
        attributes=_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
    )
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{html.escape(title)}</title>\n<style>\n{_STYLE}\n</style>\n</head>\n<body>\n"
        f"<main>\n{clean}\n</main>\n<footer>{html.escape(footer)}</footer>\n</body>\n</html>\n"
    )
