"""Markdown filters: spec values are escaped so they show literally, and formatted for people.

Escapes are chosen to work both in CommonMark/GFM (what contractors see on GitHub or GitLab)
and in Python-Markdown (which makes the HTML brief), and to satisfy markdownlint.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime
from typing import Any
from urllib.parse import quote
from zoneinfo import ZoneInfo

from .values import parse_moment

_URL = re.compile(r"https?://[^\s<>\"]*[^\s<>\"'.,;:!?)\]}*_]")
# An address is found from its "@" outwards: a pattern that scanned every word for an "@"
# would take quadratic time on long text without one.
_EMAIL_LOCAL = re.compile(r"[A-Za-z0-9._%+-]{1,64}\Z")
_EMAIL_DOMAIN = re.compile(r"[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63}){0,8}\.[A-Za-z]{2,24}")
_WWW = re.compile(r"\b(www)\.")
# Characters (and "www.") that any of the escapes below would change.
_SPECIAL = re.compile(r"[\\`*\[\]|&<_~#]|www\.")
_ALWAYS_ESCAPED = re.compile(r"[\\`*\[\]|]")
# "&amp;" or "&#60" would be read as a character reference, even without its ";".
_ENTITY_LIKE = re.compile(r"&(?=#|[A-Za-z][A-Za-z0-9]*;)")
# Line starts that would open a block: a heading, a quote, a list item (marker then a space).
_LEADING_BLOCK = re.compile(r"^(?:[#>]|[+-](?=\s|$)|\d+(?=[.)](?:\s|$)))")
_SETEXT_EQUALS = re.compile(r"^=[=\s]*$")
_SETEXT_DASHES = re.compile(r"^-[-\s]*$")
_HEADING_END = ".,;:!。，；：！ "
_ENDS_WITH_REFERENCE = re.compile(r"&#?[A-Za-z0-9]+;$")
_TRAILING_HASHES = re.compile(r"(?<=\s)(#+)(\s*)$")
_WHITESPACE = re.compile(r"\s+")
_LINK_SCHEMES = ("http://", "https://", "mailto:")


def inline(value: Any) -> str:
    """Escape a one-line value: Markdown syntax shows literally, line breaks become spaces."""
    text = _WHITESPACE.sub(" ", _to_text(value)).strip()
    return _escape_line(text)


def text_block(value: Any, indent: int = 0) -> str:
    """Escape a multi-line value, keeping its paragraphs and line breaks.

    Every line is escaped as if it began a block, so no line can become a heading, list,
    quote or code block. ``indent`` prefixes continuation lines (for text inside a list item).
    """
    pad = " " * indent
    out: list[str] = []
    for paragraph in re.split(r"\n\s*\n", _to_text(value).strip()):
        if out:
            out.append("")
        for line in paragraph.splitlines():
            escaped = _escape_line(_WHITESPACE.sub(" ", line).strip())
            if escaped:
                out.append(pad + escaped if out else escaped)
    return "\n".join(out)


def cell(value: Any) -> str:
    """Escape a value for a table cell."""
    return inline(value)


def heading(value: Any) -> str:
    """Escape a value for a heading, without the closing punctuation headings do without."""
    text = inline(value)
    trimmed = text
    while trimmed and trimmed[-1] in _HEADING_END and not _ENDS_WITH_REFERENCE.search(trimmed):
        trimmed = trimmed[:-1]
    if not trimmed or trimmed.endswith("\\"):
        trimmed = text
    # Python-Markdown drops closing "#"s even without a space before them ("C#").
    return re.sub(r"(?<!\\)(#+)$", lambda m: "\\#" * len(m.group(1)), trimmed)


def joined(items: Any) -> str:
    """Items on one line, separated by commas (or semicolons when an item holds a comma)."""
    texts = [inline(item) for item in items or ()]
    separator = "; " if any("," in text for text in texts) else ", "
    return separator.join(texts)


def link(url: Any, label: Any = None) -> str:
    """A link to a web or mail address; anything else (``javascript:``, ``data:``…) shows as code."""
    target = _to_text(url).strip()
    if not target:
        return ""
    if not target.lower().startswith(_LINK_SCHEMES) or _has_control(target):
        shown = code(target)
        return f"{inline(label)} ({shown})" if label else shown
    safe = quote(target, safe=":/?#@!$&'*+,;=%~-._")
    if label:
        return f"[{inline(label)}]({safe})"
    return f"<{safe}>"


def code(value: Any) -> str:
    """A code span that shows ``value`` literally, whatever backticks it holds."""
    text = _WHITESPACE.sub(" ", _to_text(value)).strip()
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
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
    if zone:
        try:
            moment = moment.astimezone(ZoneInfo(zone))
            return f"{_day(moment)}, {moment:%H:%M} ({zone})"
        except OverflowError:  # the same moment falls outside years 1 to 9999 there
            pass
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
    """A number as written: ``1800`` stays ``1800``, ``2.5`` stays ``2.5``."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


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


def _day(moment: date) -> str:
    return f"{moment:%A} {moment.day} {moment:%B %Y}"


def _to_text(value: Any) -> str:
    if isinstance(value, bool):
        return yes_no(value)
    if value is None:
        return ""
    if isinstance(value, float):
        return number(value)
    return str(value)


def _has_control(text: str) -> bool:
    return any(ord(char) < 32 or char == "\x7f" for char in text)


def _escape_line(text: str) -> str:
    parts = []
    position = 0
    for start, end in _links(text):
        parts.append(_escape_words(text[position:start]))
        parts.append(f"<{text[start:end]}>")
        position = end
    parts.append(_escape_words(text[position:]))
    escaped = "".join(parts)
    if _SETEXT_EQUALS.match(escaped):
        return "&#61;" + escaped[1:]
    if _SETEXT_DASHES.match(escaped):
        return "\\" + escaped
    return _escape_leading(escaped)


def _links(text: str) -> list[tuple[int, int]]:
    """Spans of web addresses and email addresses, in order and not overlapping."""
    spans = [match.span() for match in _URL.finditer(text)] if "://" in text else []
    at = text.find("@")
    while at > 0:
        local = _EMAIL_LOCAL.search(text, max(0, at - 64), at)
        domain = _EMAIL_DOMAIN.match(text, at + 1)
        if local is not None and domain is not None:
            span = (local.start(), domain.end())
            if not any(start < span[1] and span[0] < end for start, end in spans):
                spans.append(span)
        at = text.find("@", at + 1)
    return sorted(spans)


def _escape_leading(text: str) -> str:
    match = _LEADING_BLOCK.match(text)
    if match is None:
        return text
    if match.group()[0].isdigit():
        end = match.end()
        return text[:end] + "\\" + text[end:]
    return "\\" + text


def _escape_words(text: str) -> str:
    if not _SPECIAL.search(text):
        return text  # most text has nothing to escape
    text = _ALWAYS_ESCAPED.sub(lambda m: "\\" + m.group(), text)
    text = _ENTITY_LIKE.sub("&amp;", text)
    text = text.replace("<", "&lt;")
    text = _escape_underscores(text)
    text = _WWW.sub(r"\1\\.", text)
    if text.count("~") > 1:
        text = text.replace("~", "&#126;")
    return _TRAILING_HASHES.sub(lambda m: "\\#" * len(m.group(1)) + m.group(2), text)


def _escape_underscores(text: str) -> str:
    if "_" not in text:
        return text
    out = []
    for index, char in enumerate(text):
        if char == "_":
            before = text[index - 1] if index else " "
            after = text[index + 1] if index + 1 < len(text) else " "
            if not (before.isalnum() and after.isalnum()):
                out.append("\\_")
                continue
        out.append(char)
    return "".join(out)


def columns(rows: list[dict[str, Any]], preferred: list[str]) -> list[str]:
    """Table columns for ``rows``: ``preferred`` ones that occur first, then the rest in order."""
    present = {key for row in rows for key in row}
    ordered = [name for name in preferred if name in present]
    for row in rows:
        ordered.extend(key for key in row if key not in ordered)
    return ordered


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
