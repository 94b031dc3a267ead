"""Markdown filters: spec values are escaped so they show literally, and formatted for people.

Escapes are chosen to work in CommonMark and GFM (what contractors see on GitHub or GitLab,
and in editors built on markdown-it), in Python-Markdown (which makes the HTML brief) and in
pandoc, and to satisfy markdownlint. Every pattern here runs in time linear in the value.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from urllib.parse import quote

from .values import in_zone, parse_moment, time_zone

MAX_LINKS_PER_VALUE = 100
"""Web and mail addresses in one value (or one list shown on a line) that become links; any
further ones show as text. Each link is one more step for every Markdown reader, and a value
of thousands of addresses is not a brief."""

# A web address in text: http or https in any case, then characters that no reader gives a
# meaning to inside an autolink (<...>): no space or control character, none of < > " \ ` [ ]
# | { }, and no "&" that starts a character reference (readers disagree on decoding it there).
_WEB_URL = re.compile(r"(?i:https?)://(?:[^\s\x00-\x1f\x7f<>\"\\`\[\]|{}&]|&(?!#|[A-Za-z][A-Za-z0-9]*;))+")
# Punctuation that ends a sentence rather than an address, as GFM's autolinks decide.
_URL_TRAILING = ".,;:!?'*_~"
_EMAIL_LOCAL_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._+-")
# An "@" followed by a domain as CommonMark's email autolinks take it (no "-" at either end of
# a label), captured. An address is found from its "@" outwards: a pattern that scanned every
# word for a local part would take quadratic time on long text without an address.
_EMAIL_AT = re.compile(
    r"@(?=((?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.){1,8}[A-Za-z]{2,24})(?![A-Za-z0-9-]))"
)
# What some reader would act on inside text, escaped by :func:`_escape_words` in this order:
# "&amp;" or "&#60" would be read as a character reference (first, so that the references
# the later steps write stay as they are);
_REFERENCE_LIKE = re.compile(r"&(?=#|[A-Za-z][A-Za-z0-9]*;)")
# inline syntax, and pandoc's attributes ("{");
_BACKSLASHED = str.maketrans({char: "\\" + char for char in "\\`*[]|{"})
# "_" that is not between two letters or digits;
_EDGE_UNDERSCORE = re.compile(r"(?<![^\W_])_|_(?![^\W_])")
# "ftp://" and other schemes become links in GFM and markdown-it, and "[label]:" at a line's
# start is a link definition to Python-Markdown;
_COLON = re.compile(r":(?=//)|(?<=\]):")
# pandoc's citations ("@doe", "[@doe]", "-@doe"; an "@" after a letter or digit is not one) and
# the opening "$" of its inline math ("$x$");
_PANDOC_AT = re.compile(r"(?<![^\W_])@")
_PANDOC_DOLLAR = re.compile(r"\$(?!\s)")
# GFM links "www." on its own.
_WWW_DOT = re.compile(r"(?<=(?<![A-Za-z0-9])(?i:www))\.")
# "&amp;" or "&#60;" in a link's target is read as a character reference by some readers and
# not by others; with the letter or digit after "&" (or "&#") percent-encoded, which names the
# same address, it is read as written everywhere.
_REFERENCE_IN_TARGET = re.compile(r"&(#?)([A-Za-z0-9])(?=[A-Za-z0-9]*;)")
# Line starts that open a block: a heading, a quote, a list item (marker then a space).
_LEADING_BLOCK = re.compile(r"[#>]|[+-](?=\s|$)|\d+(?=[.)](?:\s|$))")
_SETEXT_EQUALS = re.compile(r"=[=\s]*")
# A setext underline, a rule or a table's delimiter row (pipes are escaped by then).
_DASH_LINE = re.compile(r"-(?:[-:\s]|\\\|)*")
_HEADING_END = ".,;:!。，；：！ "
_WHITESPACE = re.compile(r"\s+")
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")
_BACKTICKS = re.compile(r"`+")
_LINK_SCHEMES = ("http://", "https://", "mailto:")
# Kept as they are in a link's target; anything else is percent-encoded (a quote would start a
# title in Python-Markdown, a parenthesis or space would end the target).
_URL_SAFE = ":/?#@!$&*+,;=%~-._"


def inline(value: Any) -> str:
    """Escape a one-line value: Markdown syntax shows literally, line breaks become spaces."""
    return _escape_line(_one_line(value), _LinkBudget())


def text_block(value: Any, indent: int = 0) -> str:
    """Escape a multi-line value, keeping its paragraphs and line breaks.

    Every line is escaped as if it began a block, so no line can become a heading, list,
    quote, table or code block. ``indent`` prefixes continuation lines (for text inside a
    list item).
    """
    pad = " " * indent
    links = _LinkBudget()
    out: list[str] = []
    for paragraph in _PARAGRAPH_BREAK.split(_to_text(value).strip()):
        if out:
            out.append("")
        for line in paragraph.splitlines():
            escaped = _escape_line(_WHITESPACE.sub(" ", line).strip(), links)
            if escaped:
                out.append(pad + escaped if out else escaped)
    return "\n".join(out)


def cell(value: Any) -> str:
    """Escape a value for a table cell."""
    return inline(value)


def heading(value: Any) -> str:
    """Escape a value for a heading, without the closing punctuation headings do without."""
    text = _one_line(value)
    return _escape_line(text.rstrip(_HEADING_END) or text, _LinkBudget())


def joined(items: Any) -> str:
    """Items on one line, separated by commas (or semicolons when an item holds a comma)."""
    links = _LinkBudget()
    texts = [_escape_line(_one_line(item), links) for item in items or ()]
    separator = "; " if any("," in text for text in texts) else ", "
    return separator.join(texts)


def link(url: Any, label: Any = None) -> str:
    """A link to a web or mail address; anything else (``javascript:``, ``data:``…) shows as code.

    The label shows as text; addresses in it do not become links of their own. Without a
    label the address is the link's text.
    """
    target = _to_text(url).strip()
    if not target:
        return ""
    text = _one_line(label)
    if not target.lower().startswith(_LINK_SCHEMES) or _has_control(target):
        shown = code(target)
        return f"{inline(text)} ({shown})" if text else shown
    if not text and target.lower().startswith(("http://", "https://")) and _WEB_URL.fullmatch(target):
        return f"<{target}>"
    destination = _REFERENCE_IN_TARGET.sub(_encode_reference, quote(target, safe=_URL_SAFE))
    return f"[{_escape_words(text or target)}]({destination})"


def code(value: Any) -> str:
    """A code span that shows ``value`` literally, whatever backticks it holds."""
    text = _one_line(value)
    longest = max((len(run) for run in _BACKTICKS.findall(text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def label(key: Any) -> str:
    """A key as a label: ``first_response`` -> ``First response``."""
    text = _to_text(key).replace("_", " ").strip()
    return inline(text[:1].upper() + text[1:])


def when(value: Any, zone: str | None = None) -> str:
    """An RFC 3339 date-time for people: ``Friday 18 December 2026, 17:00 (UTC-06:00)``.

    With ``zone``, the same moment in that IANA time zone:
    ``Saturday 19 December 2026, 08:00 (Asia/Tokyo)``.
    """
    if value is None:
        return ""
    moment = parse_datetime(value)
    there = in_zone(moment, time_zone(zone)) if zone else None
    if there is not None:
        return f"{_day(there)}, {there:%H:%M} ({zone})"
    return f"{_day(moment)}, {moment:%H:%M} ({utc_offset(moment)})"


def day(value: Any) -> str:
    """A date for people: ``Tuesday 1 December 2026``."""
    if value is None:
        return ""
    return _day(date.fromisoformat(_to_text(value)))


def money(amount: Any, currency: Any) -> str:
    """``1200, "EUR"`` -> ``1,200 EUR``; ``37.5, "USD"`` -> ``37.50 USD``."""
    if amount is None:
        return ""
    number = float(amount)
    shown = f"{number:,.0f}" if number.is_integer() else f"{number:,.2f}"
    return f"{shown} {inline(currency)}"


def number(value: Any) -> str:
    """A quantity for people, grouped in thousands as money is: ``1500`` -> ``1,500``,
    ``2.5`` -> ``2.5``, ``2.0`` -> ``2``. Text is escaped and shown as written."""
    if value is None:
        return ""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return inline(value)
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        value = int(value)
    return f"{value:,}"


def yes_no(value: Any) -> str:
    """``True`` -> ``yes``, ``False`` -> ``no``."""
    if value is None:
        return ""
    return "yes" if value else "no"


def parse_datetime(value: Any) -> datetime:
    """Parse an RFC 3339 date-time (with ``Z`` or an offset)."""
    return parse_moment(_to_text(value))


def utc_offset(moment: datetime) -> str:
    """``UTC-06:00`` for a moment six hours behind UTC; ``UTC`` for UTC itself."""
    offset = moment.utcoffset()
    if not offset:
        return "UTC"
    minutes = int(offset.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    hours, rest = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours:02d}:{rest:02d}"


@dataclass
class _LinkBudget:
    left: int = MAX_LINKS_PER_VALUE

    def take(self) -> bool:
        if self.left <= 0:
            return False
        self.left -= 1
        return True


def _day(moment: date) -> str:
    return f"{moment:%A} {moment.day} {moment:%B %Y}"


def _to_text(value: Any) -> str:
    if isinstance(value, bool):
        return yes_no(value)
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        return str(int(value))
    return str(value)


def _one_line(value: Any) -> str:
    return _WHITESPACE.sub(" ", _to_text(value)).strip()


def _has_control(text: str) -> bool:
    return any(ord(char) < 32 or char == "\x7f" for char in text)


def _escape_line(text: str, links: _LinkBudget) -> str:
    """Escape one line of text; its addresses become autolinks while ``links`` lasts."""
    body = text.rstrip("#")
    # A closing run of "#" would close a heading (in Python-Markdown even right after a word).
    closing = "\\#" * (len(text) - len(body))
    parts = []
    position = 0
    for start, end in _address_spans(body):
        if not links.take():
            break
        parts.append(_escape_words(body[position:start]))
        parts.append(f"<{body[start:end]}>")
        position = end
    parts.append(_escape_words(body[position:]))
    return _escape_line_start("".join(parts) + closing)


def _escape_words(text: str) -> str:
    # Each step keeps the characters next to what it changes of the same kind (letter or
    # digit, or not), so the lookarounds of the later steps see what they would have seen
    # first. Every replacement is fixed text: the steps run at the regular expression
    # engine's speed, whatever the number of characters to escape.
    text = _REFERENCE_LIKE.sub("&amp;", text).translate(_BACKSLASHED)
    text = _EDGE_UNDERSCORE.sub(r"\\_", text).replace("<", "&lt;").replace("~", "&#126;")
    # "^" would make a superscript in pandoc ("2^10^"), as "~" a subscript.
    text = _PANDOC_AT.sub("&#64;", _PANDOC_DOLLAR.sub("&#36;", text.replace("^", "&#94;")))
    return _WWW_DOT.sub(r"\\.", _COLON.sub("&#58;", text))


def _encode_reference(match: re.Match[str]) -> str:
    return f"&{match.group(1)}%{ord(match.group(2)):02X}"


def _escape_line_start(text: str) -> str:
    if _SETEXT_EQUALS.fullmatch(text):
        return "&#61;" + text[1:]
    if _DASH_LINE.fullmatch(text):
        return "\\" + text
    if text.startswith(":"):  # a pandoc div (":::"), definition or table delimiter
        return "&#58;" + text[1:]
    match = _LEADING_BLOCK.match(text)
    if match is None:
        return text
    if match.group()[0].isdigit():
        end = match.end()
        return text[:end] + "\\" + text[end:]
    return "\\" + text


def _address_spans(text: str) -> list[tuple[int, int]]:
    """Spans of web and mail addresses, in order and not overlapping, in one pass."""
    urls = [span for span in map(_trimmed_url, _WEB_URL.finditer(text)) if span] if "://" in text else []
    spans: list[tuple[int, int]] = []
    next_url = 0
    floor = 0  # where the last address ended: a new one starts at or after it
    for domain in _EMAIL_AT.finditer(text) if "@" in text else ():
        at = domain.start()
        while next_url < len(urls) and urls[next_url][1] <= at:
            spans.append(urls[next_url])
            floor = urls[next_url][1]
            next_url += 1
        if next_url < len(urls) and urls[next_url][0] <= at:  # the "@" is inside a web address
            continue
        start = _local_part_start(text, at, floor)
        if start < at and (next_url == len(urls) or domain.end(1) <= urls[next_url][0]):
            spans.append((start, domain.end(1)))
            floor = domain.end(1)
    spans.extend(urls[next_url:])
    return spans


def _trimmed_url(match: re.Match[str]) -> tuple[int, int] | None:
    """The address without the sentence punctuation after it, or none if nothing is left."""
    url = match.group()
    end = len(url)
    unclosed = url.count(")") - url.count("(")
    while end:
        char = url[end - 1]
        if char in _URL_TRAILING:
            end -= 1
        elif char == ")" and unclosed > 0:  # "(see https://example.com/a)" keeps "(a)" whole
            unclosed -= 1
            end -= 1
        else:
            break
    if end <= url.index("://") + 3:
        return None
    return match.start(), match.start() + end


def _local_part_start(text: str, at: int, floor: int) -> int:
    """Where the local part of an address ending at ``at`` starts (``at`` when it has none)."""
    start = at
    while start > floor and at - start < 64 and text[start - 1] in _EMAIL_LOCAL_CHARS:
        start -= 1
    return start


def columns(rows: list[dict[str, Any]], preferred: list[str]) -> list[str]:
    """Table columns for ``rows``: ``preferred`` ones that occur first, then the rest in order."""
    present = {key for row in rows for key in row}
    ordered = dict.fromkeys(name for name in preferred if name in present)
    for row in rows:
        ordered.update(dict.fromkeys(row))
    return list(ordered)


#: The template filters, by the name templates use (docs/templates.md, "Filters").
FILTERS: dict[str, Callable[..., Any]] = {
    "md": inline,
    "md_text": text_block,
    "md_cell": cell,
    "md_heading": heading,
    "md_list": joined,
    "md_link": link,
    "md_code": code,
    "label": label,
    "when": when,
    "day": day,
    "money": money,
    "number": number,
    "yes_no": yes_no,
    "columns": columns,
}
