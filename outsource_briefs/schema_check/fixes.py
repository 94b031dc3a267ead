"""What a person evidently meant by a value the schema refuses, and the corrected line to show
them: ``£600`` in a number field is ``amount: 600``, ``-Between …`` is a list item missing its
space, a date-time without an offset takes the owner's offset on that date.

Every pattern here runs on user text: each is linear (no nested or overlapping repeats)."""

from __future__ import annotations

import json
import re
from datetime import datetime
from typing import Any

from ..errors import split_pointer
from ..values import time_zone

_PLAIN = re.compile(r"[A-Za-z][A-Za-z0-9 ._/()+-]*")
# Dates and date-times read back as the same text (YAML 1.2 core has no timestamps).
_MOMENT = re.compile(r"\d{4}-\d\d-\d\d(?:T\d\d:\d\d:\d\d(?:Z|[+-]\d\d:\d\d))?")
_YAML_WORDS = frozenset({"true", "false", "null", "yes", "no", "on", "off", "y", "n", "~"})
# A number as people type it: a currency sign or code, digits with separators, a unit.
_TYPED_NUMBER = re.compile(
    r"\s*(?:(?P<before>[£€$¥₹]|[A-Za-z]{3})\s*)?(?P<digits>-?\d[\d,.']*)(?:\s*(?P<after>[£€$¥₹%]|[A-Za-z]{1,10}))?\s*"
)
# Longer texts are sentences, not a number or a size typed in a hurry.
_SHORT = 40
_CURRENCY_WORDS = frozenset({"eur", "euro", "euros", "usd", "dollar", "dollars", "gbp", "pound", "pounds"})
_THOUSANDS_COMMA = re.compile(r"-?\d{1,3}(?:,\d{3})+(?:\.\d+)?")
_THOUSANDS_DOT = re.compile(r"-?\d{1,3}(?:\.\d{3}){2,}(?:,\d+)?|-?\d{1,3}\.\d{3},\d+")
_NUMBER_WORDS = (
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
    "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty",
)  # fmt: skip
_WORD_NUMBERS = {word: number for number, word in enumerate(_NUMBER_WORDS)}
_YES = frozenset({"yes", "y", "true", "on"})
_NO = frozenset({"no", "n", "false", "off"})
_SIZE = re.compile(r"\s*(\d+(?:\.\d+)?)\s*[x×]\s*(\d+(?:\.\d+)?)(?:\s*(px|mm|in))?\s*", re.IGNORECASE)
_DASH_ITEM = re.compile(r"(?:^|\s)-(?=\S)")


def flow(value: Any) -> str:
    """``value`` as one line of YAML (flow style): ``{name: Logo, format: PNG}``."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, str):
        plain = _PLAIN.fullmatch(value) and value.lower() not in _YAML_WORDS and value == value.strip()
        return value if plain or _MOMENT.fullmatch(value) else json.dumps(value, ensure_ascii=False)
    if isinstance(value, list):
        return "[" + ", ".join(flow(item) for item in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{flow(str(key))}: {flow(item)}" for key, item in value.items()) + "}"
    return json.dumps(value)


def fixed_line(pointer: str, value: Any) -> str:
    """The line that writes ``value`` at ``pointer``: ``key: value``, or ``- value`` in a list."""
    tokens = split_pointer(pointer)
    last = tokens[-1] if tokens else ""
    if last.isdigit() and len(tokens) > 1:
        return f"- {flow(value)}"
    return f"{last}: {flow(value)}"


def number_meant(text: str) -> tuple[int | float | None, bool]:
    """The number ``text`` evidently holds (``£600``, ``1,300``, ``600 EUR``, ``two``), and
    whether it also named a currency; ``None`` when it is not clearly one number."""
    if len(text) > _SHORT:
        return None, False
    lowered = text.strip().lower()
    if lowered in _WORD_NUMBERS:
        return _WORD_NUMBERS[lowered], False
    match = _TYPED_NUMBER.fullmatch(text)
    if match is None:
        return None, False
    number = _read_digits(match.group("digits"))
    units = [part for part in (match.group("before"), match.group("after")) if part]
    currency = any(part in "£€$¥₹" or part.isupper() or part.lower() in _CURRENCY_WORDS for part in units)
    if any(part.isalpha() and not (part.isupper() or part.lower() in _CURRENCY_WORDS) for part in units):
        return None, False  # "3 weeks": a number with a unit the field does not take
    return number, currency


def _read_digits(digits: str) -> int | float | None:
    digits = digits.replace("'", "")
    if _THOUSANDS_COMMA.fullmatch(digits):
        digits = digits.replace(",", "")
    elif _THOUSANDS_DOT.fullmatch(digits):
        digits = digits.replace(".", "").replace(",", ".")
    elif digits.count(",") == 1 and "." not in digits:
        digits = digits.replace(",", ".")  # a decimal comma: 2,5
    try:
        number = float(digits)
    except ValueError:
        return None
    return int(number) if number.is_integer() and "." not in digits else number


def boolean_meant(text: str) -> bool | None:
    """``yes``, ``no``, ``on``, ``off`` and the like written as text: the true or false meant."""
    lowered = text.strip().lower()
    return True if lowered in _YES else False if lowered in _NO else None


def size_meant(text: str) -> dict[str, Any] | None:
    """``1080x1350 px`` as ``{width: 1080, height: 1350, unit: px}``."""
    match = _SIZE.fullmatch(text) if len(text) <= _SHORT else None
    if match is None:
        return None
    width, height, unit = match.groups()
    return {"width": _whole(width), "height": _whole(height), "unit": (unit or "px").lower()}


def _whole(text: str) -> int | float:
    number = float(text)
    return int(number) if number.is_integer() else number


def dash_items(text: str) -> list[str]:
    """The items of a list written without a space after each dash:
    ``-Between 1,800 and 2,200 words -Includes a FAQ`` -> the two items."""
    dashes = list(_DASH_ITEM.finditer(text))
    ends = [*(match.start() for match in dashes[1:]), len(text)]
    items = (text[match.end() : end].strip() for match, end in zip(dashes, ends, strict=True))
    return [item for item in items if item]


def offset_on(local: str, zone: str) -> str | None:
    """The UTC offset (``+00:00``) of the IANA ``zone`` at the local date-time ``local``
    (``2026-12-18T17:00:00``), or ``None`` when either cannot be read."""
    try:
        moment = datetime.fromisoformat(local).replace(tzinfo=time_zone(zone))
    except (ValueError, KeyError, OSError):
        return None
    offset = moment.utcoffset()
    if offset is None:
        return None
    minutes = int(offset.total_seconds() // 60)
    hours, rest = divmod(abs(minutes), 60)
    return f"{'+' if minutes >= 0 else '-'}{hours:02d}:{rest:02d}"
