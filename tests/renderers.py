"""The Markdown readers contractors use, and what they make of a brief, for the tests.

Each reader turns Markdown into HTML; :func:`stream` turns that HTML into a flat list of tags
and single characters, so two documents can be compared element by element and a value can be
found by where a placeholder stood.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import unquote, urlsplit

import cmarkgfm
import markdown
import pytest
from cmarkgfm.cmark import Options
from markdown_it import MarkdownIt
from markdown_it.common.normalize_url import normalizeLink, normalizeLinkText

from outsource_briefs.html_page import markdown_to_html

# GitHub and GitLab: cmark-gfm with its extensions (tables, autolinks, strikethrough, task
# lists, tag filter). Raw HTML is let through so that a value turned into HTML is seen.
CMARK_OPTIONS = Options.CMARK_OPT_UNSAFE
# Editors and note apps: markdown-it with raw HTML and linkify on, tables, strikethrough.
MARKDOWN_IT = MarkdownIt("gfm-like")
# MkDocs, Pelican and the like: Python-Markdown as most sites configure it.
PYTHON_MARKDOWN_EXTENSIONS = ["tables", "fenced_code", "sane_lists", "pymdownx.tasklist"]


def cmark_gfm(text: str) -> str:
    return cmarkgfm.github_flavored_markdown_to_html(text, options=CMARK_OPTIONS)


def markdown_it(text: str) -> str:
    return MARKDOWN_IT.render(text)


def python_markdown(text: str) -> str:
    return markdown.markdown(text, extensions=PYTHON_MARKDOWN_EXTENSIONS)


def html_brief(text: str) -> str:
    """What ``render --to html`` puts inside ``<main>``."""
    return markdown_to_html(text)


def pandoc(text: str) -> str:
    """pandoc's own Markdown (attributes, divs, spans and raw HTML on) to HTML."""
    executable = shutil.which("pandoc")
    if executable is None:
        pytest.fail("pandoc is not installed: apt-get install -y pandoc (see .ci/run)")
    result = subprocess.run(
        [executable, "--from", "markdown", "--to", "html"],
        input=text,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    return result.stdout


READERS: dict[str, Callable[[str], str]] = {
    "cmark-gfm": cmark_gfm,
    "markdown-it": markdown_it,
    "python-markdown": python_markdown,
    "html-brief": html_brief,
}

BLOCK_TAGS = frozenset(
    {"p", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "table", "thead", "tbody", "tr"}
    | {"td", "th", "blockquote", "pre", "hr", "div", "br", "dl", "dt", "dd"}
)
VOID_TAGS = frozenset({"br", "hr", "img", "input", "meta", "link", "wbr"})
WHITESPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class Tag:
    """An opening (with its attributes) or closing tag in a :func:`stream`."""

    name: str
    attributes: tuple[tuple[str, str | None], ...] = ()
    closing: bool = False

    def get(self, name: str) -> str | None:
        return dict(self.attributes).get(name)


class _Tokens(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tokens: list[Tag | str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tokens.append(Tag(tag, tuple(attrs)))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tokens.append(Tag(tag, tuple(attrs)))

    def handle_endtag(self, tag: str) -> None:
        if tag not in VOID_TAGS:
            self.tokens.append(Tag(tag, closing=True))

    def handle_data(self, data: str) -> None:
        if self.tokens and isinstance(self.tokens[-1], str):
            self.tokens[-1] += data
        else:
            self.tokens.append(data)


def stream(html: str) -> list[Tag | str]:
    """The document as tags and single characters. Whitespace is folded to one space and
    dropped next to block tags (where readers differ in layout only); comments are dropped."""
    parser = _Tokens()
    parser.feed(html)
    parser.close()
    tokens = parser.tokens
    out: list[Tag | str] = []
    for index, token in enumerate(tokens):
        if isinstance(token, Tag):
            out.append(token)
            continue
        text = WHITESPACE.sub(" ", token)
        if index > 0 and _is_block(tokens[index - 1]):
            text = text.lstrip(" ")
        if index + 1 < len(tokens) and _is_block(tokens[index + 1]):
            text = text.rstrip(" ")
        out.extend(text)
    return out


def _is_block(token: Tag | str) -> bool:
    return isinstance(token, Tag) and token.name in BLOCK_TAGS


def text_of(tokens: list[Tag | str]) -> str:
    return "".join(token for token in tokens if isinstance(token, str))


def same_target(href: str, address: str) -> bool:
    """Whether a link goes where ``address`` says, as readers normalize links (percent
    encoding, the case of the scheme and host, markdown-it's rewriting)."""
    return _target(href) == _target(address) or href == normalizeLink(address)


def _target(url: str) -> tuple[str, ...]:
    parts = urlsplit(unquote(url))
    path = parts.path
    if parts.scheme.lower() == "mailto" and "@" in path:
        mailbox, domain = path.rsplit("@", 1)
        path = f"{mailbox}@{_ascii_host(domain)}"
    user, _, host = parts.netloc.rpartition("@")
    return (parts.scheme.lower(), user, _ascii_host(host), path, parts.query, parts.fragment)


def _ascii_host(host: str) -> str:
    return ".".join(map(_ascii_label, host.split("."))).lower()


def _ascii_label(label: str) -> str:
    """A host name label as markdown-it writes it into a link: Punycode when not ASCII."""
    return label if label.isascii() else "xn--" + label.encode("punycode").decode("ascii")


def shown_as_link_text(raw: str, shown: str) -> bool:
    """Whether a link's text (whitespace folded, as in a :func:`stream`) shows the address
    ``raw``: as written, or with its percent escapes decoded, as markdown-it shows it."""
    return shown in (raw, WHITESPACE.sub(" ", normalizeLinkText(raw)))
