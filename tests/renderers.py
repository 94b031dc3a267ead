"""The Markdown readers contractors use, and what they make of a brief, for the tests.

Each reader turns Markdown into HTML; :func:`stream` turns that HTML into a flat list of tags
and single characters, so two documents can be compared element by element and a value can be
found by where a placeholder stood. :func:`injections` lists what in a reader's HTML no value
may cause: raw HTML, event handlers, images, and links that no value wrote out.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import cmarkgfm
import markdown
import pytest
from cmarkgfm.cmark import Options
from markdown_it import MarkdownIt
from markdown_it.common.normalize_url import normalizeLink, normalizeLinkText

from outsource_briefs.html_page import markdown_to_html

REPO = Path(__file__).resolve().parent.parent
# GitHub and GitLab: cmark-gfm with its extensions (tables, autolinks, strikethrough, task
# lists, tag filter). Raw HTML is let through so that a value turned into HTML is seen.
CMARK_OPTIONS = Options.CMARK_OPT_UNSAFE
# Editors and note apps: markdown-it with raw HTML and linkify on, tables, strikethrough.
MARKDOWN_IT = MarkdownIt("gfm-like")
# MkDocs, Pelican and the like: Python-Markdown as most sites configure it.
PYTHON_MARKDOWN_EXTENSIONS = ["tables", "fenced_code", "sane_lists", "pymdownx.tasklist"]
# MkDocs Material's recommended set adds attributes in braces ({: onclick=...}) and heading ids.
MKDOCS_EXTENSIONS = [*PYTHON_MARKDOWN_EXTENSIONS, "attr_list", "toc", "md_in_html"]
# showdown (JavaScript, in many web apps and chat tools), with its plain and GitHub settings.
SHOWDOWN_FLAVORS = ("vanilla", "github")
_SHOWDOWN_SCRIPT = """
const showdown = require("showdown");
let input = "";
process.stdin.on("data", (chunk) => (input += chunk)).on("end", () => {
  const out = {};
  for (const flavor of JSON.parse(process.argv[1])) {
    const converter = new showdown.Converter();
    converter.setFlavor(flavor);
    out[flavor] = converter.makeHtml(input);
  }
  process.stdout.write(JSON.stringify(out));
});
"""


def cmark_gfm(text: str) -> str:
    return cmarkgfm.github_flavored_markdown_to_html(text, options=CMARK_OPTIONS)


def markdown_it(text: str) -> str:
    return MARKDOWN_IT.render(text)


def python_markdown(text: str) -> str:
    return markdown.markdown(text, extensions=PYTHON_MARKDOWN_EXTENSIONS)


def mkdocs(text: str) -> str:
    return markdown.markdown(text, extensions=MKDOCS_EXTENSIONS)


def html_brief(text: str) -> str:
    """What ``render --to html`` puts inside ``<main>``."""
    return markdown_to_html(text)


def pandoc(text: str) -> str:
    """pandoc's own Markdown (attributes, divs, spans and raw HTML on) to HTML."""
    return _run(
        "pandoc", "apt-get install -y pandoc (see .ci/run)", ["--from", "markdown", "--to", "html"], text
    )


def showdown(text: str) -> dict[str, str]:
    """showdown's HTML for each of :data:`SHOWDOWN_FLAVORS`, run by Node.js from the
    repository's ``node_modules``."""
    if not (REPO / "node_modules" / "showdown").is_dir():
        pytest.fail("showdown is not installed: run `npm ci` in the repository first (see README)")
    arguments = ["-e", _SHOWDOWN_SCRIPT, json.dumps(SHOWDOWN_FLAVORS)]
    converted: dict[str, str] = json.loads(_run("node", "install Node.js (see README)", arguments, text))
    return converted


def _run(tool: str, how_to_install: str, arguments: list[str], text: str) -> str:
    """What ``tool`` prints for ``text`` on its input; a missing tool fails the test."""
    executable = shutil.which(tool)
    if executable is None:
        pytest.fail(f"{tool} is not installed: {how_to_install}")
    result = subprocess.run(
        [executable, *arguments], input=text, capture_output=True, text=True, check=True, timeout=60, cwd=REPO
    )
    return result.stdout


def every_reader(text: str) -> dict[str, str]:
    """The HTML of every reader the safety promises cover, by reader."""
    converted = {
        "cmark-gfm": cmark_gfm(text),
        "markdown-it": markdown_it(text),
        "python-markdown": mkdocs(text),
        "pandoc": pandoc(text),
    }
    converted.update((f"showdown-{flavor}", html) for flavor, html in showdown(text).items())
    return converted


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
    try:
        parts = urlsplit(unquote(url))
    except ValueError:  # such as "[" in a host: an address no reader normalizes
        return (url,)
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


# What Markdown itself makes, in any of the readers; any other element is raw HTML.
MARKDOWN_ELEMENTS = frozenset(
    {"a", "blockquote", "br", "code", "em", "strong", "del", "hr", "p", "pre", "li", "ol", "ul"}
    | {"h1", "h2", "h3", "h4", "h5", "h6", "table", "colgroup", "col", "thead", "tbody", "tr", "th", "td"}
    | {"input", "label"}
)
# Attributes the readers write themselves (heading ids, table alignment, task-list boxes), with
# the values they give them; ``None`` allows any value.
READER_ATTRIBUTES: dict[str, re.Pattern[str] | None] = {
    "href": None,
    "title": None,
    "id": None,
    "rel": re.compile(r"(?:noopener|noreferrer| )+"),
    "align": re.compile(r"left|right|center"),
    "style": re.compile(
        r"(?:text-align: (?:left|right|center)|width: [0-9.]+%|list-style-type: none"
        r"|margin: 0px 0\.35em 0\.25em -1\.6em; vertical-align: middle);?"
    ),
    "class": re.compile(
        r"(?:task-list(?:-item|-control|-indicator)?|contains-task-list|uri|email|header|odd|even| )+"
    ),
    "type": re.compile(r"checkbox|1"),
    "disabled": re.compile(r"|disabled"),
    "checked": re.compile(r"|checked"),
}
ADDRESS = re.compile(
    r"(?i:https?://|mailto:)\S+|[^\s@]+@[^\s@]+\.[^\s@]+|(?i:www\.)?[\w-]+(?:\.[\w-]+)+(?:/\S*)?"
)


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.links: list[tuple[str | None, str]] = []
        self._open_link: tuple[str | None, list[str]] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, attrs))
        if tag == "a":
            self._open_link = (dict(attrs).get("href"), [])

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self._open_link is not None:
            href, text = self._open_link
            self.links.append((href, WHITESPACE.sub(" ", "".join(text)).strip()))
            self._open_link = None

    def handle_data(self, data: str) -> None:
        if self._open_link is not None:
            self._open_link[1].append(data)


def injections(html: str, values: Iterable[str], link_fields: Iterable[tuple[str, str | None]]) -> list[str]:
    """What in ``html`` no value may cause: an element or attribute Markdown does not make
    (raw HTML, an event handler, an image), and a link that is neither one of ``link_fields``
    (a link field's address and label) nor an address that one of ``values`` wrote out, shown
    as written and going where it says."""
    parser = _Links()
    parser.feed(html)
    parser.close()
    found = []
    for tag, attributes in parser.elements:
        if tag not in MARKDOWN_ELEMENTS:
            found.append(f"raw HTML: <{tag}>")
        for name, value in attributes:
            allowed = READER_ATTRIBUTES.get(name, re.compile(""))
            if name not in READER_ATTRIBUTES or (allowed is not None and not allowed.fullmatch(value or "")):
                found.append(f"attribute {name}={value!r} on <{tag}>")
    written = "\n".join(WHITESPACE.sub(" ", value) for value in values)
    fields = list(link_fields)
    for href, text in parser.links:
        if not _from_a_link_field(href, text, fields) and not _written_out(href, text, written):
            found.append(f"link {text!r} to {href!r}")
    return found


def _from_a_link_field(href: str | None, text: str, fields: list[tuple[str, str | None]]) -> bool:
    return href is not None and any(
        same_target(href, url)
        and (shown_as_link_text(url, text) or text == WHITESPACE.sub(" ", label or "").strip())
        for url, label in fields
    )


def _written_out(href: str | None, text: str, written: str) -> bool:
    """Whether a link shows an address as a value wrote it, and goes there (``href`` is none
    when a sanitizer dropped a target it could not parse)."""
    if not ADDRESS.fullmatch(text) or text not in written:
        return False
    if href is None:
        return True
    targets = (text, f"mailto:{text}", f"http://{text}")
    return href.lower().startswith(("http://", "https://", "mailto:", "//")) and any(
        same_target(href, target) for target in targets
    )
